package org.smpboot.sim.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code smpboot disk}: make or inspect the FAT32 disk image that the boot reads. */
@Command(
    name = "disk",
    mixinStandardHelpOptions = true,
    header = "Makes, lists or completes a FAT32 boot disk.",
    description = {
        "The boot disk: a FAT32 volume holding arch_info.bin and kernel.elf as files, with boot.elf raw at a fixed",
        "block of the reserved area, where the preloader reads it. fsck.fat, mtools and mkfs.fat work on it."},
    subcommands = {DiskMakeCommand.class, DiskListCommand.class, DiskInstallBootCommand.class})
final class DiskCommand implements Runnable
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing sub-command: make, list or install-boot");
    }
}
