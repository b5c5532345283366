package org.smpboot.sim.boot;

import org.smpboot.sim.image.ArchInfoWriter;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.image.DefaultImages;
import org.smpboot.sim.image.ElfImage;
import org.smpboot.sim.image.ElfWriter;
import org.smpboot.sim.platform.Platform;

/**
 * The software a boot runs: the preloader (in cluster 0's RAM at reset, as on LETI), boot.elf and kernel.elf (on the
 * disk), and arch_info.bin (on the disk), as images and as file bytes.
 *
 * @param preloader    preloader.elf.
 * @param boot         boot.elf.
 * @param kernel       kernel.elf.
 * @param bootFile     boot.elf's bytes.
 * @param kernelFile   kernel.elf's bytes.
 * @param archInfoFile arch_info.bin's bytes.
 */
public record BootImages(ElfImage preloader, ElfImage boot, ElfImage kernel, byte[] bootFile, byte[] kernelFile,
    byte[] archInfoFile)
{
    /**
     * @param platform the platform arch_info.bin describes.
     * @param layout   the memory layout boot.elf is linked for.
     * @return the built-in images.
     */
    public static BootImages builtIn(final Platform platform, final BootLayout layout)
    {
        final ElfImage boot = DefaultImages.boot(layout);
        final ElfImage kernel = DefaultImages.kernel();
        return new BootImages(DefaultImages.preloader(), boot, kernel, ElfWriter.write(boot), ElfWriter.write(kernel),
            ArchInfoWriter.write(platform));
    }

    /**
     * @param name a symbol of boot.elf.
     * @return its address.
     */
    int bootSymbol(final String name)
    {
        return boot.address(name);
    }
}
