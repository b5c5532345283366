package org.smpboot.sim.boot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * The built-in boot-loader, {@code boot.elf}: a real ELF32 MIPS executable linked at the layout's boot base, whose
 * symbols are the boot-loader's functions (bound to their Java behaviour by the firmware) and data.
 * <p>
 * {@code .boot} (R X), 31 KB of code holding {@code boot_entry} (the entry), {@code boot_init}, {@code boot_loader},
 * {@code boot_fat32_load}, {@code boot_wake_all_cp0s}, {@code boot_wake_local_cores}, {@code boot_barrier}, and the
 * phase entry points {@code boot_cp0_init} and {@code boot_cpi_init} (run from cluster 0), {@code boot_park} (where a
 * left-out core halts) and {@code boot_cp0_local} and {@code boot_cpi_local} (run from the local copy).
 * <p>
 * Function sizes are honest about what runs (see {@link PreloaderElf}): a core fetches exactly a function's bytes
 * through its L1 instruction cache when it jumps to it, so each size is the code its behaviour stands for:
 * <table>
 * <caption>functions</caption>
 * <tr><th>function</th><th>bytes</th><th>what runs there</th></tr>
 * <tr><td>boot_entry</td><td>0x100</td><td>every woken core: its gid, stack, DATA register, the dispatch</td></tr>
 * <tr><td>boot_init</td><td>0x1f00</td><td>phase 2 (core[0][0] alone): TTY, IOC, FAT32, the loads, boot_info, the
 * self-tests and wake-ups</td></tr>
 * <tr><td>boot_cp0_init</td><td>0x400</td><td>a CP0 from cluster 0: the arch_info search, its stack, the copy of the
 * boot-loader</td></tr>
 * <tr><td>boot_cp0_local</td><td>0x800</td><td>a CP0 from its copy: the copies, boot_info, the barriers, the wake-ups,
 * the kernel move</td></tr>
 * <tr><td>boot_cpi_init</td><td>0x200</td><td>a CPi from cluster 0: the arch_info search</td></tr>
 * <tr><td>boot_cpi_local</td><td>0x200</td><td>a CPi from its copy: its stack, boot_info, the barriers</td></tr>
 * </table>
 * The other functions ({@code boot_loader}, {@code boot_fat32_load}, {@code boot_wake_all_cp0s},
 * {@code boot_wake_local_cores}, {@code boot_barrier}, {@code boot_park}) are in the table as in a real image; the code
 * the simulated cores run inline does not call them.
 * <p>
 * {@code .frames} (R), the last 1 KB of the first 32 KB: each function's frame size ({@link FrameTable}; symbol
 * {@code frames}), which a function's prologue reads from the boot-loader's copy it runs: boot_entry 16 (the marker
 * frame: "STAK", gid, lid, cluster), boot_init 256, boot_loader 128, boot_fat32_load 192, boot_wake_all_cp0s and
 * boot_wake_local_cores 48, boot_barrier 48, boot_cp0_init 64, boot_cp0_local 160, boot_cpi_init 48, boot_cpi_local
 * 64, boot_park and boot_handoff 16, arch_init 64 and arch_cpu_init 96 (a hypervisor guest's election runs from
 * boot.elf's {@code boot_handoff}, whose arch_init and arch_cpu_init these are; at reset, the preloader's).
 * <p>
 * {@code .bootdata} (R W), 4 KB of initialised data and 200 KB of bss:
 * <table>
 * <caption>data symbols, offsets from the segment's base</caption>
 * <tr><th>offset</th><th>symbol</th><th>bytes</th><th>what</th></tr>
 * <tr><td>0x0000</td><td>boot_config</td><td>0x40</td><td>the {@link HardConfig} it was built with
 * (initialised)</td></tr>
 * <tr><td>0x0040</td><td>boot_info</td><td>0x14c0</td><td>a staging copy of boot_info</td></tr>
 * <tr><td>0x1500</td><td>kernel_info</td><td>0x40</td><td>what the boot-loader learned from kernel.elf
 * ({@link KernelInfo})</td></tr>
 * <tr><td>0x1600</td><td>cpu_late</td><td>0x200</td><td>bitmap of 4096 gids: cores that arrived after cpu_count was
 * sealed (elected flavor)</td></tr>
 * <tr><td>0x1800</td><td>boot_tty_lock</td><td>8</td><td>TXT0's lock while the boot-loader prints</td></tr>
 * <tr><td>0x1880</td><td>preloader_exits</td><td>8</td><td>cores that have left the reset code</td></tr>
 * <tr><td>0x18c0</td><td>cluster_ready</td><td>8</td><td>a cluster's copies are done (elected flavor)</td></tr>
 * <tr><td>0x1900</td><td>cpu_arrived</td><td>0x200</td><td>bitmap: who answered its wake-up ({@link BootRoster})</td></tr>
 * <tr><td>0x1b00</td><td>boot_roster</td><td>0x40</td><td>the global and local seals ({@link BootRoster})</td></tr>
 * <tr><td>0x1b40</td><td>boot_excluded</td><td>0x200</td><td>bitmap: who is left out</td></tr>
 * <tr><td>0x1d40</td><td>boot_parked</td><td>0x200</td><td>bitmap: who halted in boot_park</td></tr>
 * <tr><td>0x2000</td><td>global_barrier</td><td>128 KB</td><td>room for 1022 clusters; an interleaved barrier's
 * slots in each cluster</td></tr>
 * <tr><td>0x22000</td><td>local_barrier</td><td>4 KB</td><td></td></tr>
 * <tr><td>0x23000</td><td>fat_buffer</td><td>64 KB</td><td>the FAT32 reader's block buffer</td></tr>
 * </table>
 */
public final class BootElf
{
    /** Marker of a boot stack frame, "STAK": the first word boot_entry's prologue pushes (the memory map looks for it). */
    public static final int STACK_MARK = 0x4B41_5453;
    /** The symbol of the bitmap of LATE cores (elected flavor). */
    public static final String CPU_LATE = "cpu_late";
    /** Bytes of {@code .boot}; {@code .frames} fills the rest of the 32 KB before {@code .bootdata}. */
    private static final int CODE = 0x7C00;
    private static final int FRAMES = 0x400;
    private static final int DATA_FILE = 0x1000;
    private static final int GLOBAL_BARRIER = 0x2_0000;
    private static final int LOCAL_BARRIER = 0x1000;
    private static final int FAT_BUFFER = 0x1_0000;
    /**
     * Each function's frame, in bytes ({@code .frames}, {@link FrameTable}): boot_entry's is the marker frame at the
     * top of a fresh boot stack.
     */
    private static final Map<String, Integer> FRAME_BYTES = frames();
    private static final int DATA_MEM = 0x2000 + GLOBAL_BARRIER + LOCAL_BARRIER + FAT_BUFFER;

    private BootElf()
    {
    }

    private static Map<String, Integer> frames()
    {
        final Map<String, Integer> m = new LinkedHashMap<>();
        m.put("boot_entry", 16);
        m.put("boot_init", 256);
        m.put("boot_loader", 128);
        m.put("boot_fat32_load", 192);
        m.put("boot_wake_all_cp0s", 48);
        m.put("boot_wake_local_cores", 48);
        m.put("boot_barrier", 48);
        m.put("boot_cp0_init", 64);
        m.put("boot_cp0_local", 160);
        m.put("boot_cpi_init", 48);
        m.put("boot_cpi_local", 64);
        m.put("boot_park", 16);
        m.put("boot_handoff", 16);
        m.put("arch_init", 64);
        m.put("arch_cpu_init", 96);
        return Map.copyOf(m);
    }

    /**
     * @param layout the memory layout preset it is linked for.
     * @param config what the generator's hard_config.h says.
     * @return the image.
     */
    public static ElfImage image(final BootLayout layout, final HardConfig config)
    {
        final int code = layout.bootBase();
        final int frames = code + CODE;
        final int data = frames + FRAMES;
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
        syms.add(new ElfSymbol("arch_init", code + 0x7A00, 0x100, true));
        syms.add(new ElfSymbol("arch_cpu_init", code + 0x7B00, 0x100, true));
        final Map<String, Integer> addresses = new LinkedHashMap<>();
        syms.forEach(sym -> addresses.put(sym.name(), sym.value()));
        final byte[] table = FrameTable.bytes(FRAME_BYTES, addresses);
        syms.add(new ElfSymbol(FrameTable.SYMBOL, frames, table.length, false));
        syms.add(new ElfSymbol("boot_config", data, 0x40, false));
        syms.add(new ElfSymbol("boot_info", data + 0x40, 0x14C0, false));
        syms.add(new ElfSymbol("kernel_info", data + 0x1500, 0x40, false));
        syms.add(new ElfSymbol(CPU_LATE, data + 0x1600, 0x200, false));
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
        final byte[] initialised = Filler.bytes(data, DATA_FILE);
        config.writeTo(initialised, 0);
        return new ElfImage(code, List.of(
            new ElfSegment(".boot", code, code, Elf32.PF_R | Elf32.PF_X, Filler.bytes(code, CODE), CODE),
            new ElfSegment(FrameTable.SECTION, frames, frames, Elf32.PF_R, table, FRAMES),
            new ElfSegment(".bootdata", data, data, Elf32.PF_R | Elf32.PF_W, initialised, DATA_MEM)), syms);
    }
}
