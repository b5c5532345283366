package org.smpboot.sim.image;

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
     * @param preloader preloader.elf.
     * @param boot      boot.elf.
     * @param kernel    kernel.elf.
     * @param archInfo  arch_info.bin's bytes.
     * @return the images, with the ELF files written.
     */
    public static BootImages of(final ElfImage preloader, final ElfImage boot, final ElfImage kernel,
        final byte[] archInfo)
    {
        return new BootImages(preloader, boot, kernel, ElfWriter.write(boot), ElfWriter.write(kernel), archInfo);
    }

    /**
     * @param name a symbol of boot.elf.
     * @return its address.
     */
    public int bootSymbol(final String name)
    {
        return boot.address(name);
    }
}
