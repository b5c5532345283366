package org.smpboot.sim.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.smpboot.sim.boot.BootElf;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.image.DiskLayout;
import org.smpboot.sim.image.ElfImage;
import org.smpboot.sim.image.ElfReader;
import org.smpboot.sim.image.ElfWriter;
import org.smpboot.sim.image.HardConfig;
import org.smpboot.sim.image.ImageFormatException;
import org.smpboot.sim.image.RawBootElf;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code smpboot disk install-boot}: writes boot.elf raw into a FAT32 volume someone else made. */
@Command(
    name = "install-boot",
    mixinStandardHelpOptions = true,
    header = "Writes boot.elf raw into a FAT32 volume made by mkfs.fat.",
    description = {
        "boot.elf goes raw at block " + DiskLayout.BOOT_ELF_BLOCK + ", where the preloader reads it. The raw area " +
            "(blocks " + DiskLayout.BOOT_ELF_BLOCK + " to " + (DiskLayout.BOOT_ELF_BLOCK +
            DiskLayout.BOOT_ELF_MAX_BLOCKS - 1) + ") must lie in the volume's reserved sectors, where no file or FAT " +
            "goes: make the volume with mkfs.fat -F 32 -R " + (DiskLayout.BOOT_ELF_BLOCK +
            DiskLayout.BOOT_ELF_MAX_BLOCKS) + " (512-byte sectors), copy arch_info.bin and kernel.elf into its " +
            "root (mcopy), write boot.elf with this command, and boot it: smpboot boot --disk IMAGE. Only the raw " +
            "area is written.",
        "Exit status: 0 written, 2 bad input (not a FAT32 volume, reserved sectors too few, a file that cannot be " +
            "read or written)."})
final class DiskInstallBootCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The FAT32 volume image.")
    private Path image;

    @Option(names = "--boot", paramLabel = "FILE", description = "The boot.elf to write (default: the built-in one " +
        "for --layout).")
    private Path boot;

    @Option(names = "--layout", paramLabel = "LAYOUT", description = "Memory layout of the built-in boot.elf: " +
        "almos-mk or almos-mkh (default: ${DEFAULT-VALUE}).", defaultValue = "almos-mkh")
    private String layout;

    @Override
    public Integer call() throws IOException
    {
        final BootLayout preset = UserInput.parse("--layout", () -> BootLayout.of(layout));
        final byte[] bytes = boot == null ? ElfWriter.write(BootElf.image(preset,
            HardConfig.of(PlatformBuilder.build(PlatformSpec.defaults())))) :
            UserInput.read("--boot", UserInput.readable("--boot", boot));
        final ElfImage elf;
        try
        {
            elf = ElfReader.read(bytes);
        }
        catch (final ImageFormatException e)
        {
            throw UserInput.bad("--boot", boot, e.getMessage());
        }
        UserInput.readable("", image);
        try
        {
            RawBootElf.install(image, bytes);
        }
        catch (final ImageFormatException e)
        {
            throw UserInput.bad("", image, e.getMessage());
        }
        catch (final IOException e)
        {
            throw UserInput.bad("", image, "cannot write it: " + UserInput.why(e));
        }
        spec.commandLine().getOut().printf("disk: wrote boot.elf (%s, %d bytes, entry 0x%08x) raw at blocks %d..%d " +
            "of %s%n", boot == null ? "built-in, layout " + preset.cliName() : UserInput.clip(boot.toString()),
            bytes.length, elf.entry(), DiskLayout.BOOT_ELF_BLOCK, DiskLayout.BOOT_ELF_BLOCK +
                DiskLayout.BOOT_ELF_MAX_BLOCKS - 1, UserInput.clip(image.toString()));
        return 0;
    }
}
