package org.smpboot.sim.image;

import java.util.ArrayList;
import java.util.List;

/**
 * The built-in {@code boot.elf} and {@code kernel.elf}: real ELF32 MIPS executables with the segments and symbols the
 * boot uses, plausible sizes and content that depends only on the layout (a fixed xorshift stream, so a wrong copy
 * shows as different bytes rather than as zeros matching zeros).
 * <p>
 * Function sizes are honest about what runs: a core that jumps to a function (or calls one,
 * {@code Processor#call}) fetches exactly that many bytes of code through its L1 instruction cache, so each function's
 * size is the code its behaviour stands for, the helpers it runs inline included, and the functions of a segment do
 * not overlap. Sizes are estimates in proportion to the work (the simulator has no MIPS code to measure):
 * <table>
 * <caption>functions</caption>
 * <tr><th>image</th><th>function</th><th>bytes</th><th>what runs there</th></tr>
 * <tr><td>preloader.elf</td><td>reset</td><td>0x400</td><td>every core: the reset vector, its gid, its WTI, wait,
 * the jump through its mailbox (the elected flavor: the election)</td></tr>
 * <tr><td>preloader.elf</td><td>reset_elf_loader</td><td>0xc00</td><td>core[0][0] (the elected leader): the ELF loader
 * with its block-device and TTY drivers, called from reset</td></tr>
 * <tr><td>boot.elf</td><td>boot_entry</td><td>0x100</td><td>every woken core: its gid, stack, DATA register, the
 * dispatch</td></tr>
 * <tr><td>boot.elf</td><td>boot_init</td><td>0x1f00</td><td>phase 2 (core[0][0] alone): TTY, IOC, FAT32, the loads,
 * boot_info, the self-tests and wake-ups</td></tr>
 * <tr><td>boot.elf</td><td>boot_cp0_init</td><td>0x400</td><td>a CP0 from cluster 0: the arch_info search, its stack,
 * the copy of the boot-loader</td></tr>
 * <tr><td>boot.elf</td><td>boot_cp0_local</td><td>0x800</td><td>a CP0 from its copy: the copies, boot_info, the
 * barriers, the wake-ups, the kernel move</td></tr>
 * <tr><td>boot.elf</td><td>boot_cpi_init</td><td>0x200</td><td>a CPi from cluster 0: the arch_info search</td></tr>
 * <tr><td>boot.elf</td><td>boot_cpi_local</td><td>0x200</td><td>a CPi from its copy: its stack, boot_info, the
 * barriers</td></tr>
 * <tr><td>kernel.elf</td><td>kernel_init</td><td>0x1800</td><td>every core: D1 to D7 but the cluster manager</td></tr>
 * <tr><td>kernel.elf</td><td>cluster_init</td><td>0x1000</td><td>each CP0 in D3, called from kernel_init</td></tr>
 * <tr><td>kernel.elf</td><td>thread_idle_func</td><td>0x200</td><td>every core's idle thread</td></tr>
 * </table>
 * The other functions ({@code boot_loader}, {@code boot_fat32_load}, {@code boot_wake_all_cp0s},
 * {@code boot_wake_local_cores}, {@code boot_barrier}, {@code boot_park}, {@code kernel_entry}) are in the table as in
 * a real image; the code the simulated cores run inline does not call them.
 * <p>
 * boot.elf: {@code .boot} (R X) at the layout's boot base, 32 KB of code holding {@code boot_entry} (the entry),
 * {@code boot_init}, {@code boot_loader}, {@code boot_fat32_load}, {@code boot_wake_all_cp0s},
 * {@code boot_wake_local_cores}, {@code boot_barrier}, and the phase entry points {@code boot_cp0_init} and
 * {@code boot_cpi_init} (run from cluster 0), {@code boot_park} (where a left-out core halts) and {@code boot_cp0_local} and {@code boot_cpi_local} (run from the local
 * copy), {@code boot_handoff} (where a hypervisor starts every core of its guest); then {@code .bootdata} (R W), 4 KB of data and 200 KB of bss, holding {@code boot_info} (a staging copy),
 * {@code boot_tty_lock}, {@code preloader_exits}, {@code cluster_ready}, {@code cpu_arrived} (who answered its
 * wake-up), {@code boot_roster}, {@code boot_excluded} and {@code boot_parked} (who is left out, and
 * parked, see org.smpboot.sim.boot.BootRoster),
 * {@code global_barrier} (128 KB: room for 1022 clusters; an interleaved barrier's slots in each cluster),
 * {@code local_barrier} and the 64 KB {@code fat_buffer}.
 * <p>
 * kernel.elf: {@code .kcode} (R X) at 0x4000, 96 KB, holding {@code kernel_entry}, {@code kernel_init} (the entry),
 * {@code cluster_init}, {@code thread_idle_func}; then {@code .kdata} (R W) at the next page, 8 KB of data and 184 KB
 * of bss, whose first object is {@code boot_info} (6 KB; symbol {@code kdata} is the same address), {@code local_cxy}
 * after it, {@code idle_threads} at the next page boundary (16 descriptors of 1.5 KB), then {@code local_barrier},
 * {@code kernel_globals} (TXT0 lock and state, tick count), {@code process_zero}, {@code core_descriptors},
 * {@code chdev_dir} (256 extended pointers), {@code chdevs} (this cluster's channel devices) and, at kdata + 64 KB,
 * {@code global_barrier} (128 KB: room for 1022 clusters; the instance in cluster 0 is the one used, or each cluster's
 * slots of an interleaved barrier).
 */
public final class DefaultImages
{
    private static final int BOOT_CODE = 0x8000;
    /** The preloader's reset path, every core's. */
    private static final int RESET_CODE = 0x400;
    /** The preloader's ELF loader and drivers, core[0][0]'s. */
    private static final int RESET_LOADER = 0xC00;
    private static final int BOOT_DATA_FILE = 0x1000;
    private static final int GLOBAL_BARRIER = 0x2_0000;
    private static final int LOCAL_BARRIER = 0x1000;
    private static final int FAT_BUFFER = 0x1_0000;
    private static final int BOOT_DATA_MEM = 0x2000 + GLOBAL_BARRIER + LOCAL_BARRIER + FAT_BUFFER;
    private static final int KCODE = 0x18000;
    private static final int KDATA_FILE = 0x2000;
    private static final int KDATA_MEM = 0x3_0000;
    private static final int PAGE = 0x1000;
    /** Room for boot_info_t (5296 bytes, see org.smpboot.sim.boot.BootInfo). */
    private static final int BOOT_INFO = 0x1800;

    private DefaultImages()
    {
    }

    /**
     * @return the TSAR preloader as the LETI platform holds it in cluster 0's RAM: one {@code .reset} segment of
     * 16 KB at 0x0, whose function {@code reset} is the reset address of every core and {@code reset_elf_loader} the
     * loader core[0][0] calls; the rest is data.
     */
    public static ElfImage preloader()
    {
        final int size = BootLayout.PRELOADER_SIZE;
        return new ElfImage(0, List.of(new ElfSegment(".reset", 0, 0, Elf32.PF_R | Elf32.PF_X, content(0x5EED, size),
            size)), List.of(new ElfSymbol("reset", 0, RESET_CODE, true),
            new ElfSymbol("reset_elf_loader", RESET_CODE, RESET_LOADER, true),
            new ElfSymbol("reset_data", RESET_CODE + RESET_LOADER, size - RESET_CODE - RESET_LOADER, false)));
    }

    /**
     * @param layout the memory layout preset.
     * @return the default boot-loader.
     */
    public static ElfImage boot(final BootLayout layout)
    {
        final int code = layout.bootBase();
        final int data = code + BOOT_CODE;
        final List<ElfSymbol> syms = new ArrayList<>();
        syms.add(new ElfSymbol("boot_entry", code, 0x100, true));
        syms.add(new ElfSymbol("boot_init", code + 0x100, 0x1f00, true));
        syms.add(new ElfSymbol("boot_loader", code + 0x2000, 0x2000, true));
        syms.add(new ElfSymbol("boot_fat32_load", code + 0x4000, 0x1800, true));
        syms.add(new ElfSymbol("boot_wake_all_cp0s", code + 0x5800, 0x400, true));
        syms.add(new ElfSymbol("boot_wake_local_cores", code + 0x5c00, 0x400, true));
        syms.add(new ElfSymbol("boot_barrier", code + 0x6000, 0x200, true));
        syms.add(new ElfSymbol("boot_cp0_init", code + 0x6200, 0x400, true));
        syms.add(new ElfSymbol("boot_cp0_local", code + 0x6800, 0x800, true));
        syms.add(new ElfSymbol("boot_cpi_init", code + 0x7000, 0x200, true));
        syms.add(new ElfSymbol("boot_cpi_local", code + 0x7400, 0x200, true));
        syms.add(new ElfSymbol("boot_park", code + 0x7800, 0x100, true));
        syms.add(new ElfSymbol("boot_handoff", code + 0x7900, 0x100, true));
        syms.add(new ElfSymbol("boot_info", data, 0x1800, false));
        syms.add(new ElfSymbol("boot_tty_lock", data + 0x1800, 0x8, false));
        syms.add(new ElfSymbol("preloader_exits", data + 0x1880, 0x8, false));
        syms.add(new ElfSymbol("cluster_ready", data + 0x18C0, 0x8, false));
        syms.add(new ElfSymbol("cpu_arrived", data + 0x1900, 0x200, false));
        syms.add(new ElfSymbol("boot_roster", data + 0x1B00, 0x40, false));
        syms.add(new ElfSymbol("boot_excluded", data + 0x1B40, 0x200, false));
        syms.add(new ElfSymbol("boot_parked", data + 0x1D40, 0x200, false));
        syms.add(new ElfSymbol("global_barrier", data + 0x2000, GLOBAL_BARRIER, false));
        syms.add(new ElfSymbol("local_barrier", data + 0x2000 + GLOBAL_BARRIER, LOCAL_BARRIER, false));
        syms.add(new ElfSymbol("fat_buffer", data + 0x2000 + GLOBAL_BARRIER + LOCAL_BARRIER, FAT_BUFFER, false));
        return new ElfImage(code, List.of(
            new ElfSegment(".boot", code, code, Elf32.PF_R | Elf32.PF_X, content(code, BOOT_CODE), BOOT_CODE),
            new ElfSegment(".bootdata", data, data, Elf32.PF_R | Elf32.PF_W, content(data, BOOT_DATA_FILE),
                BOOT_DATA_MEM)), syms);
    }

    /**
     * @return the default kernel.
     */
    public static ElfImage kernel()
    {
        final int kcode = BootLayout.KCODE_BASE;
        final int kdata = kcode + KCODE;
        final List<ElfSymbol> syms = new ArrayList<>();
        syms.add(new ElfSymbol("kernel_entry", kcode, 0x200, true));
        syms.add(new ElfSymbol("kernel_init", kcode + 0x200, 0x1800, true));
        syms.add(new ElfSymbol("cluster_init", kcode + 0x4000, 0x1000, true));
        syms.add(new ElfSymbol("thread_idle_func", kcode + 0x5000, 0x200, true));
        syms.add(new ElfSymbol("kdata", kdata, 0, false));
        syms.add(new ElfSymbol("boot_info", kdata, BOOT_INFO, false));
        syms.add(new ElfSymbol("local_cxy", kdata + BOOT_INFO, 4, false));
        syms.add(new ElfSymbol("idle_threads", kdata + 2 * PAGE, 0x6000, false));
        syms.add(new ElfSymbol("local_barrier", kdata + 0x8000, 0x1000, false));
        syms.add(new ElfSymbol("kernel_globals", kdata + 0x9000, 0x400, false));
        syms.add(new ElfSymbol("process_zero", kdata + 0x9400, 0x400, false));
        syms.add(new ElfSymbol("core_descriptors", kdata + 0x9800, 0x400, false));
        syms.add(new ElfSymbol("chdev_dir", kdata + 0x9C00, 0x800, false));
        syms.add(new ElfSymbol("chdevs", kdata + 0xA400, 0x5C00, false));
        syms.add(new ElfSymbol("global_barrier", kdata + 0x1_0000, 0x2_0000, false));
        return new ElfImage(kcode + 0x200, List.of(
            new ElfSegment(".kcode", kcode, kcode, Elf32.PF_R | Elf32.PF_X, content(kcode, KCODE), KCODE),
            new ElfSegment(".kdata", kdata, kdata, Elf32.PF_R | Elf32.PF_W, content(kdata, KDATA_FILE), KDATA_MEM)),
            syms);
    }

    private static byte[] content(final int seed, final int size)
    {
        final byte[] bytes = new byte[size];
        long x = 0x9E37_79B9_7F4A_7C15L ^ seed;
        for (int i = 0; i < size; i += 4)
        {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            bytes[i] = (byte) x;
            bytes[i + 1] = (byte) (x >>> 8);
            bytes[i + 2] = (byte) (x >>> 16);
            bytes[i + 3] = (byte) (x >>> 24);
        }
        return bytes;
    }
}
