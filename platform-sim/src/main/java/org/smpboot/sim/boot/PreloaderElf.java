package org.smpboot.sim.boot;

import java.util.List;
import java.util.Map;

import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.image.Elf32;
import org.smpboot.sim.image.ElfImage;
import org.smpboot.sim.image.ElfSegment;
import org.smpboot.sim.image.ElfSymbol;
import org.smpboot.sim.image.Filler;
import org.smpboot.sim.image.FrameTable;
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
 * <tr><td>arch_init</td><td>0x100</td><td>the elected flavor's follower, on a stack of arch_init_stack_pool: its frame
 * (64 bytes) stays until stack_pool_terminate_call gives the stack back</td></tr>
 * <tr><td>arch_cpu_init</td><td>0x100</td><td>called from arch_init: the follower's search of arch_info (frame 96
 * bytes)</td></tr>
 * </table>
 * The code of arch_init and arch_cpu_init is counted in reset's size (the election path); their symbols give their
 * frames a name and an address. After them, {@code frames} holds the image's frame table ({@link FrameTable}), which
 * the follower reads from cluster 0's preloader when it enters either function.
 */
public final class PreloaderElf
{
    /** Where {@code reset_config} sits in the segment. */
    static final int CONFIG = BootLayout.PRELOADER_SIZE - 0x100;
    /** The preloader's reset path, every core's. */
    private static final int RESET_CODE = 0x400;
    /** The preloader's ELF loader and drivers, core[0][0]'s. */
    private static final int RESET_LOADER = 0xC00;

    /** The elected flavor's arch_init, a follower's, run on a stack of arch_init_stack_pool. */
    private static final int ARCH_INIT = 0x100;
    /** Room for the frame table. */
    private static final int FRAMES = 0x40;

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
        final int archInit = RESET_CODE + RESET_LOADER;
        final int cpuInit = archInit + ARCH_INIT;
        final int frames = cpuInit + ARCH_INIT;
        final int rest = frames + FRAMES;
        final byte[] table = FrameTable.bytes(Map.of("arch_init", 64, "arch_cpu_init", 96),
            Map.of("arch_init", archInit, "arch_cpu_init", cpuInit));
        System.arraycopy(table, 0, data, frames, table.length);
        return new ElfImage(0, List.of(new ElfSegment(".reset", 0, 0, Elf32.PF_R | Elf32.PF_X, data, size)),
            List.of(new ElfSymbol("reset", 0, RESET_CODE, true),
                new ElfSymbol("reset_elf_loader", RESET_CODE, RESET_LOADER, true),
                new ElfSymbol("arch_init", archInit, ARCH_INIT, true),
                new ElfSymbol("arch_cpu_init", cpuInit, ARCH_INIT, true),
                new ElfSymbol(FrameTable.SYMBOL, frames, table.length, false),
                new ElfSymbol("reset_data", rest, CONFIG - rest, false),
                new ElfSymbol("reset_config", CONFIG, HardConfig.LENGTH, false)));
    }
}
