package org.smpboot.sim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.smpboot.sim.image.DiskLayout;
import org.smpboot.sim.image.ElfImage;
import org.smpboot.sim.image.ElfReader;
import org.smpboot.sim.image.FatEntry;
import org.smpboot.sim.image.Fat32Geometry;
import org.smpboot.sim.image.Fat32Reader;
import org.smpboot.sim.image.ImageFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code smpboot disk list}: what a boot disk holds. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    header = "Prints what a boot disk holds: geometry, boot.elf, files.",
    description = {
        "Prints the volume label and geometry, the raw boot.elf at block " + DiskLayout.BOOT_ELF_BLOCK +
            " (size, entry), and the root directory's files with their sizes.",
        "Exit status: 0 when read, 1 when the image is invalid (one line says what and where), 2 when it cannot be",
        "read."})
final class DiskListCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The disk image.")
    private Path image;

    @Override
    public Integer call() throws IOException
    {
        final PrintWriter o = spec.commandLine().getOut();
        UserInput.readable("", image);
        try (Fat32Reader r = Fat32Reader.open(image))
        {
            final Fat32Geometry g = r.geometry();
            o.printf("%s: volume %s, FAT32, %d sectors of %d bytes, %d per cluster, %d clusters, %d reserved " +
                    "sectors%n", image, r.label(), g.totalSectors(), g.bytesPerSector(), g.sectorsPerCluster(),
                g.clusterCount(), g.reservedSectors());
            final Optional<byte[]> boot = r.rawBootElf();
            if (boot.isPresent())
            {
                final ElfImage b = ElfReader.read(boot.get());
                o.printf("boot.elf (raw): block %d, %d bytes, entry 0x%08x, %d segments, %d symbols%n",
                    DiskLayout.BOOT_ELF_BLOCK, boot.get().length, b.entry(), b.segments().size(), b.symbols().size());
            }
            else
            {
                o.printf("boot.elf (raw): none at block %d%n", DiskLayout.BOOT_ELF_BLOCK);
            }
            o.println("files:");
            for (FatEntry e : r.list())
            {
                o.printf("  %-24s %10s%n", e.name(), e.directory() ? "<DIR>" : Long.toString(e.size()));
            }
        }
        catch (ImageFormatException e)
        {
            throw new ImageFormatException(UserInput.clip(image.toString()) + ": " + e.getMessage());
        }
        return 0;
    }
}
