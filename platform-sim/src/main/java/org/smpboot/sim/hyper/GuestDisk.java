package org.smpboot.sim.hyper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.smpboot.sim.image.BootImages;
import org.smpboot.sim.image.DiskLayout;
import org.smpboot.sim.image.Fat32Writer;

/** The disk of an instance's IOC channel: the one given for the channel, or a FAT32 boot disk built for it. */
final class GuestDisk
{
    private GuestDisk()
    {
    }

    /**
     * @param settings the hypervisor's settings.
     * @param ioc      the IOC channel.
     * @param images   the instance's images.
     * @param dir      its output directory.
     * @return the disk image.
     * @throws IllegalArgumentException when the disk cannot be written.
     */
    static Path of(final HyperSettings settings, final int ioc, final BootImages images, final Path dir)
    {
        final Path given = settings.disks().get(ioc);
        if (given != null)
        {
            return given;
        }
        try
        {
            Files.createDirectories(dir);
            final Path disk = dir.resolve("ioc" + ioc + ".img");
            final Map<String, byte[]> files = new LinkedHashMap<>();
            files.put(DiskLayout.ARCH_INFO_FILE, images.archInfoFile());
            files.put(DiskLayout.KERNEL_FILE, images.kernelFile());
            Fat32Writer.write(disk, DiskLayout.MIN_SIZE_MB, DiskLayout.LABEL, images.bootFile(), files);
            return disk;
        }
        catch (final IOException e)
        {
            throw new IllegalArgumentException("cannot write the boot disk of IOC channel " + ioc + " in " + dir +
                ": " + e.getMessage(), e);
        }
    }
}
