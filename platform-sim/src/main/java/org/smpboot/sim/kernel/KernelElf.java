package org.smpboot.sim.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.smpboot.sim.image.BootInfo;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.image.Elf32;
import org.smpboot.sim.image.ElfImage;
import org.smpboot.sim.image.ElfSegment;
import org.smpboot.sim.image.ElfSymbol;
import org.smpboot.sim.image.Filler;
import org.smpboot.sim.image.FrameTable;

/**
 * The built-in kernel, {@code kernel.elf}: a real ELF32 MIPS executable whose symbols are kernel_init's functions and
 * the objects it keeps in kdata ({@link KernelSymbols}).
 * <p>
 * {@code .kcode} (R X) at 0x4000, 95 KB, holding {@code kernel_entry}, {@code kernel_init} (the entry),
 * {@code cluster_init}, {@code thread_idle_func}; then {@code .kdata} (R W) at the next page, 8 KB of data and 184 KB
 * of bss, whose first object is {@code boot_info} (6 KB; symbol {@code kdata} is the same address), {@code local_cxy}
 * after it, {@code idle_threads} at the next page boundary (16 descriptors of 1.5 KB), then {@code local_barrier},
 * {@code kernel_globals} (TXT0 lock and state, tick count), {@code process_zero} (a {@link ProcessDescriptor}),
 * {@code ppm} (the header of the cluster's {@link PageManager}, whose page descriptor array the kernel places at run
 * time at the first free page, {@code boot_info.pages_offset}, since its size is the cluster's page count),
 * {@code core_descriptors},
 * {@code chdev_dir} (the {@link ChdevDirectory}, 7 KB of extended pointers), {@code fatfs_ctx}, {@code vfs_ctx} and
 * {@code vfs_root} (D6's {@link FatfsContext}, {@link VfsContext} and root {@link VfsInode}), {@code chdevs} (this
 * cluster's channel devices) and, at kdata + 64 KB,
 * {@code global_barrier} (128 KB: room for 1022 clusters; the instance in cluster 0 is the one used, or each cluster's
 * slots of an interleaved barrier).
 * <p>
 * Function sizes are honest about what runs (see {@code boot.PreloaderElf}): a core fetches exactly a function's bytes
 * through its L1 instruction cache when it jumps to it or calls it:
 * <table>
 * <caption>functions</caption>
 * <tr><th>function</th><th>bytes</th><th>what runs there</th></tr>
 * <tr><td>kernel_init</td><td>0x1800</td><td>every core: D1 to D7 but the cluster manager</td></tr>
 * <tr><td>cluster_init</td><td>0x1000</td><td>each CP0 in D3, called from kernel_init</td></tr>
 * <tr><td>thread_idle_func</td><td>0x200</td><td>every core's idle thread</td></tr>
 * </table>
 * {@code .frames} (R), the last 1 KB of kcode's 96 KB: each function's frame size ({@link FrameTable}; symbol
 * {@code frames}): kernel_init 320 bytes, cluster_init 192, thread_idle_func 64; a core reads its function's entry from
 * its own cluster's copy of the kernel.
 * <p>
 * {@code kernel_entry} is in the table as in a real image; the code the simulated cores run inline does not call it.
 */
public final class KernelElf
{
    /** Bytes of {@code .kcode}; {@code .frames} fills the rest of the 96 KB before {@code .kdata}. */
    private static final int KCODE = 0x17C00;
    private static final int FRAMES = 0x400;
    private static final int KDATA_FILE = 0x2000;
    private static final int KDATA_MEM = 0x3_0000;
    private static final int PAGE = 0x1000;
    /** Room for boot_info_t. */
    private static final int BOOT_INFO = 0x1800;

    static
    {
        if (ProcessDescriptor.SIZE > 0x100 || PageManager.HEADER_SIZE > 0x300 || ChdevDirectory.SIZE > 0x2000 ||
            FatfsContext.SIZE > 0x40 || VfsContext.SIZE > 0x40 || VfsInode.SIZE > 0x80)
        {
            throw new ExceptionInInitializerError("process_zero, ppm, chdev_dir or a VFS object outgrew its room");
        }
        if (BootInfo.LENGTH > BOOT_INFO)
        {
            throw new ExceptionInInitializerError("boot_info_t (" + BootInfo.LENGTH + " bytes) outgrew its room");
        }
    }

    private KernelElf()
    {
    }

    /**
     * @return the image.
     */
    public static ElfImage image()
    {
        final int kcode = BootLayout.KCODE_BASE;
        final int frames = kcode + KCODE;
        final int kdata = frames + FRAMES;
        final List<ElfSymbol> syms = new ArrayList<>();
        syms.add(new ElfSymbol("kernel_entry", kcode, 0x200, true));
        syms.add(new ElfSymbol("kernel_init", kcode + 0x200, 0x1800, true));
        syms.add(new ElfSymbol("cluster_init", kcode + 0x4000, 0x1000, true));
        syms.add(new ElfSymbol("thread_idle_func", kcode + 0x5000, 0x200, true));
        final byte[] table = FrameTable.bytes(Map.of("kernel_init", 320, "cluster_init", 192, "thread_idle_func", 64),
            syms.stream().collect(java.util.stream.Collectors.toMap(ElfSymbol::name, ElfSymbol::value)));
        syms.add(new ElfSymbol(FrameTable.SYMBOL, frames, table.length, false));
        syms.add(new ElfSymbol("kdata", kdata, 0, false));
        syms.add(new ElfSymbol("boot_info", kdata, BOOT_INFO, false));
        syms.add(new ElfSymbol("local_cxy", kdata + BOOT_INFO, 4, false));
        syms.add(new ElfSymbol("idle_threads", kdata + 2 * PAGE, 0x6000, false));
        syms.add(new ElfSymbol("local_barrier", kdata + 0x8000, 0x1000, false));
        syms.add(new ElfSymbol("kernel_globals", kdata + 0x9000, 0x400, false));
        syms.add(new ElfSymbol("process_zero", kdata + 0x9400, 0x100, false));
        syms.add(new ElfSymbol("ppm", kdata + 0x9500, 0x300, false));
        syms.add(new ElfSymbol("core_descriptors", kdata + 0x9800, 0x400, false));
        syms.add(new ElfSymbol("chdev_dir", kdata + 0x9C00, 0x2000, false));
        syms.add(new ElfSymbol("fatfs_ctx", kdata + 0xBC00, 0x40, false));
        syms.add(new ElfSymbol("vfs_ctx", kdata + 0xBC40, 0x40, false));
        syms.add(new ElfSymbol("vfs_root", kdata + 0xBC80, 0x80, false));
        syms.add(new ElfSymbol("chdevs", kdata + 0xBD00, 0x4300, false));
        syms.add(new ElfSymbol("global_barrier", kdata + 0x1_0000, 0x2_0000, false));
        return new ElfImage(kcode + 0x200, List.of(
            new ElfSegment(".kcode", kcode, kcode, Elf32.PF_R | Elf32.PF_X, Filler.bytes(kcode, KCODE), KCODE),
            new ElfSegment(FrameTable.SECTION, frames, frames, Elf32.PF_R, table, FRAMES),
            new ElfSegment(".kdata", kdata, kdata, Elf32.PF_R | Elf32.PF_W, Filler.bytes(kdata, KDATA_FILE),
                KDATA_MEM)), syms);
    }
}
