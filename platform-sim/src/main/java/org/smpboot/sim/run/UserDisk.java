package org.smpboot.sim.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import org.smpboot.sim.boot.PreloaderElf;
import org.smpboot.sim.image.ArchInfoReader;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.image.BootImages;
import org.smpboot.sim.image.DiskLayout;
import org.smpboot.sim.image.ElfImage;
import org.smpboot.sim.image.HardConfig;
import org.smpboot.sim.image.ElfReader;
import org.smpboot.sim.image.Fat32Reader;
import org.smpboot.sim.image.ImageFormatException;
import org.smpboot.sim.platform.Platform;

/**
 * A boot disk the user made (a FAT32 volume with {@code arch_info.bin} and {@code kernel.elf} in its root and
 * {@code boot.elf} raw at {@link DiskLayout#BOOT_ELF_BLOCK}), as the host reads it to build the machine: the platform
 * its arch_info.bin describes is the hardware, and the symbols of its boot.elf and kernel.elf are where the
 * simulator's jumps land. The simulated boot reads the same disk through the BDV on its own.
 *
 * @param path     the image.
 * @param images   its boot.elf, kernel.elf and arch_info.bin (and the built-in preloader, which is ROM).
 * @param platform the platform its arch_info.bin describes.
 * @param layout   the memory layout its boot.elf is linked for (its entry is that layout's boot-loader base).
 */
public record UserDisk(Path path, BootImages images, Platform platform, BootLayout layout)
{
    /**
     * @param image a FAT32 volume image.
     * @return what it holds.
     * @throws IOException          when it cannot be read.
     * @throws ImageFormatException when it lacks or holds an invalid boot.elf, kernel.elf or arch_info.bin: the
     *                              message names which, and why.
     */
    public static UserDisk read(final Path image) throws IOException
    {
        try (Fat32Reader fat = Fat32Reader.open(image))
        {
            final Optional<byte[]> raw = fat.rawBootElf();
            if (raw.isEmpty())
            {
                throw new ImageFormatException("no boot.elf raw at block " + DiskLayout.BOOT_ELF_BLOCK + " (install " +
                    "one: smpboot disk install-boot IMAGE)");
            }
            final byte[] bootFile = raw.get();
            final byte[] kernelFile = file(fat, DiskLayout.KERNEL_FILE);
            final byte[] archInfoFile = file(fat, DiskLayout.ARCH_INFO_FILE);
            final ElfImage boot = ElfReader.read(bootFile);
            final ElfImage kernel;
            try
            {
                kernel = ElfReader.read(kernelFile);
            }
            catch (final ImageFormatException e)
            {
                throw new ImageFormatException(DiskLayout.KERNEL_FILE + ": " + e.getMessage());
            }
            // ImageFormatException names arch_info.bin, the field and its offset
            final Platform platform = ArchInfoReader.read(DiskLayout.ARCH_INFO_FILE, archInfoFile).platform();
            final BootLayout layout = layoutOf(boot);
            return new UserDisk(image, new BootImages(PreloaderElf.image(HardConfig.of(platform)), boot, kernel,
                bootFile, kernelFile, archInfoFile), platform, layout);
        }
    }

    private static byte[] file(final Fat32Reader fat, final String name) throws IOException
    {
        try
        {
            return fat.readFile(name);
        }
        catch (final IllegalArgumentException e)
        {
            throw new ImageFormatException("no " + name + " in the root directory");
        }
    }

    private static BootLayout layoutOf(final ElfImage boot)
    {
        for (final BootLayout l : BootLayout.values())
        {
            if (boot.entry() == l.bootBase())
            {
                return l;
            }
        }
        throw new ImageFormatException(String.format("boot.elf's entry 0x%08x is no layout's boot-loader base " +
            "(almos-mk 0x%08x, almos-mkh 0x%08x)", boot.entry(), BootLayout.ALMOS_MK.bootBase(),
            BootLayout.ALMOS_MKH.bootBase()));
    }
}
