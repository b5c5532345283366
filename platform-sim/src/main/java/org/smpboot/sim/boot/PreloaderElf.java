package org.smpboot.sim.boot;

import java.util.List;

import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.image.Elf32;
import org.smpboot.sim.image.ElfImage;
import org.smpboot.sim.image.ElfSegment;
import org.smpboot.sim.image.ElfSymbol;
import org.smpboot.sim.image.Filler;
import org.smpboot.sim.image.HardConfig;

/**
 * The built-in TSAR preloader, {@code preloader.elf}, as the LETI platform holds it in cluster 0's RAM: one
 * {@code .reset} segment of 16 KB at 0x0, whose function {@code reset} is the reset address of every core and
 * {@code reset_elf_loader} the loader core[0][0] calls, with {@code reset_config}, the {@link HardConfig} it was built
 * with, in its last 256 bytes; the rest is data ({@code reset_data}).
 * <p>
 * Function sizes are honest about what runs: a core that jumps to a function (or calls one,
 * {@code Processor#call}) fetches exactly that many bytes of code through its L1 instruction cache, so each function's
 * size is the code its behaviour stands for, the helpers it runs inline included (estimates in proportion to the work:
 * the simulator has no MIPS code to measure; {@link BootElf} and {@code kernel.KernelElf} follow the same rule):
 * <table>
 * <caption>functions</caption>
 * <tr><th>function</th><th>bytes</th><th>what runs there</th></tr>
 * <tr><td>reset</td><td>0x400</td><td>every core: the reset vector, its gid, its WTI, wait, the jump through its
 * mailbox (the elected flavor: the election)</td></tr>
 * <tr><td>reset_elf_loader</td><td>0xc00</td><td>core[0][0] (the elected leader): the ELF loader with its
 * block-device and TTY drivers, called from reset</td></tr>
 * </table>
 */
public final class PreloaderElf
{
    /** Where {@code reset_config} sits in the segment. */
    static final int CONFIG = BootLayout.PRELOADER_SIZE - 0x100;
    /** The preloader's reset path, every core's. */
    private static final int RESET_CODE = 0x400;
    /** The preloader's ELF loader and drivers, core[0][0]'s. */
    private static final int RESET_LOADER = 0xC00;

    private PreloaderElf()
    {
    }

    /**
     * @param config what the generator's hard_config.h says.
     * @return the image.
     */
    public static ElfImage image(final HardConfig config)
    {
        final int size = BootLayout.PRELOADER_SIZE;
        final byte[] data = Filler.bytes(0x5EED, size);
        config.writeTo(data, CONFIG);
        return new ElfImage(0, List.of(new ElfSegment(".reset", 0, 0, Elf32.PF_R | Elf32.PF_X, data, size)),
            List.of(new ElfSymbol("reset", 0, RESET_CODE, true),
                new ElfSymbol("reset_elf_loader", RESET_CODE, RESET_LOADER, true),
                new ElfSymbol("reset_data", RESET_CODE + RESET_LOADER, CONFIG - RESET_CODE - RESET_LOADER, false),
                new ElfSymbol("reset_config", CONFIG, HardConfig.LENGTH, false)));
    }
}
