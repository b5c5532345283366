package org.smpboot.sim.boot;

import org.agrona.concurrent.AtomicBuffer;
import org.smpboot.sim.hw.CoreFault;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.image.ElfImage;
import org.smpboot.sim.image.ElfSegment;
import org.smpboot.sim.image.ElfSymbol;

/**
 * {@code kernel_info} in boot.elf's data: what the boot-loader learned from the kernel.elf it loaded and parsed in the
 * sequential phase, kept for the cores that come after (each cluster's copy of boot.elf's data carries it). The
 * boot-loader knows the kernel only from this file, never from the host's image of it.
 *
 * <table>
 * <caption>layout, {@value #LENGTH} bytes, u32 little-endian</caption>
 * <tr><th>offset</th><th>field</th></tr>
 * <tr><td>0x00</td><td>signature, "KINF"</td></tr>
 * <tr><td>0x04</td><td>entry: e_entry, kernel_init's link address</td></tr>
 * <tr><td>0x08, 0x0C</td><td>kcode: link address, bytes in memory</td></tr>
 * <tr><td>0x10, 0x14</td><td>kdata: link address, bytes in memory (bss included)</td></tr>
 * <tr><td>0x18, 0x1C</td><td>the kernel's global_barrier: link address, bytes</td></tr>
 * <tr><td>0x20, 0x24</td><td>the kernel's local_barrier: link address, bytes</td></tr>
 * </table>
 *
 * @param entry         kernel_init's link address.
 * @param kcode         kcode's link address.
 * @param kcodeSize     kcode's bytes.
 * @param kdata         kdata's link address.
 * @param kdataSize     kdata's bytes.
 * @param globalBarrier the kernel's global_barrier.
 * @param globalRoom    its bytes.
 * @param localBarrier  the kernel's local_barrier.
 * @param localRoom     its bytes.
 */
record KernelInfo(int entry, int kcode, int kcodeSize, int kdata, int kdataSize, int globalBarrier, int globalRoom,
    int localBarrier, int localRoom)
{
    /** "KINF". */
    static final int SIGNATURE = 0x464E_494B;
    /** Bytes of the block. */
    static final int LENGTH = 0x28;

    /**
     * @param core   the core that parsed kernel.elf (for the fault).
     * @param kernel what it parsed.
     * @return what the boot needs of it.
     * @throws CoreFault when kernel.elf lacks a segment or symbol the boot needs.
     */
    static KernelInfo of(final Processor core, final ElfImage kernel)
    {
        final ElfSegment kcode = segment(core, kernel, ".kcode");
        final ElfSegment kdata = segment(core, kernel, ".kdata");
        final ElfSymbol global = symbol(core, kernel, "global_barrier");
        final ElfSymbol local = symbol(core, kernel, "local_barrier");
        return new KernelInfo(kernel.entry(), kcode.paddr(), kcode.memSize(), kdata.paddr(), kdata.memSize(),
            global.value(), global.size(), local.value(), local.size());
    }

    private static ElfSegment segment(final Processor core, final ElfImage kernel, final String name)
    {
        return kernel.segment(name).orElseThrow(() -> new CoreFault(core, "kernel.elf has no " + name + " segment"));
    }

    private static ElfSymbol symbol(final Processor core, final ElfImage kernel, final String name)
    {
        return kernel.symbols().stream().filter(s -> s.name().equals(name)).findFirst()
            .orElseThrow(() -> new CoreFault(core, "kernel.elf has no symbol " + name));
    }

    /** @return bytes from kcode's start to kdata's end: what the per-cluster copies and the move carry. */
    int span()
    {
        return kdata + kdataSize - kcode;
    }

    /**
     * @param w a window on kernel_info.
     */
    void write(final AtomicBuffer w)
    {
        w.putInt(0x00, SIGNATURE);
        w.putInt(0x04, entry);
        w.putInt(0x08, kcode);
        w.putInt(0x0C, kcodeSize);
        w.putInt(0x10, kdata);
        w.putInt(0x14, kdataSize);
        w.putInt(0x18, globalBarrier);
        w.putInt(0x1C, globalRoom);
        w.putInt(0x20, localBarrier);
        w.putInt(0x24, localRoom);
    }

    /**
     * @param core who reads.
     * @param w    a window on kernel_info.
     * @return its values.
     * @throws CoreFault when no kernel.elf was parsed into it.
     */
    static KernelInfo read(final Processor core, final AtomicBuffer w)
    {
        if (w.getInt(0) != SIGNATURE)
        {
            throw new CoreFault(core, String.format("kernel_info holds no parsed kernel.elf (signature 0x%08x)",
                w.getInt(0)));
        }
        return new KernelInfo(w.getInt(0x04), w.getInt(0x08), w.getInt(0x0C), w.getInt(0x10), w.getInt(0x14),
            w.getInt(0x18), w.getInt(0x1C), w.getInt(0x20), w.getInt(0x24));
    }
}
