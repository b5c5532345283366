package org.smpboot.sim.image;

import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.AtomicBuffer;
import org.smpboot.sim.image.ArchInfo.Cluster;
import org.smpboot.sim.image.ArchInfo.Core;
import org.smpboot.sim.image.ArchInfo.Device;
import org.smpboot.sim.image.ArchInfo.Irq;

/**
 * Builds a cluster's {@link BootInfo} from arch_info, as the boot-loader does in phase 2 (cluster 0) and phase 3
 * (every other CP0, from its local copy of arch_info): the general arch values, this cluster's cores, its
 * internal devices (XCU first, then MMC, then DMA, arch_info's order), the external devices, and its RAM in pages
 * with the first page after the kernel.
 */
public final class BootInfoWriter
{
    /** Page size of the kernel's allocator. */
    public static final int PAGE = 4096;

    /**
     * Where the kernel's segments sit in every cluster (local physical addresses).
     *
     * @param kcodeBase kcode base.
     * @param kcodeSize kcode bytes.
     * @param kdataBase kdata base; boot_info is its first object.
     * @param kdataSize kdata bytes, bss included.
     */
    public record KernelPlacement(int kcodeBase, int kcodeSize, int kdataBase, int kdataSize)
    {
    }

    private BootInfoWriter()
    {
    }

    /**
     * @param arch what arch_info says.
     * @param cxy      the cluster to describe; it must have cores.
     * @param kernel   where the kernel sits.
     * @param buffer   where to write.
     * @param offset   first byte.
     * @throws IllegalArgumentException when the cluster has no cores or more than a boot_info can hold.
     */
    public static void write(final ArchInfo arch, final int cxy, final KernelPlacement kernel,
        final AtomicBuffer buffer, final int offset)
    {
        final Cluster cluster = arch.clusters().stream().filter(c -> c.cxy() == cxy).findFirst()
            .orElseThrow(() -> new IllegalArgumentException(String.format("no cluster 0x%02x in arch_info", cxy)));
        if (cluster.cores() == 0 || cluster.cores() > BootInfo.MAX_LOCAL_CORES)
        {
            throw new IllegalArgumentException(String.format("cluster 0x%02x has %d cores: a boot_info needs 1..%d",
                cxy, cluster.cores(), BootInfo.MAX_LOCAL_CORES));
        }
        final List<Device> local = arch.devices().subList(cluster.deviceOffset(),
            cluster.deviceOffset() + cluster.devices());
        final List<Device> internal = local.stream().filter(BootInfoWriter::internal).toList();
        final List<Device> external = arch.devices().stream().filter(d -> d.type() != DevType.RAM_SCL &&
            !internal(d)).toList();
        final Device ram = local.stream().filter(d -> d.type() == DevType.RAM_SCL).findFirst()
            .orElseThrow(() -> new IllegalArgumentException(String.format("cluster 0x%02x has cores but no RAM", cxy)));
        if (internal.isEmpty() || internal.get(0).type() != DevType.ICU_XCU)
        {
            throw new IllegalArgumentException(String.format("cluster 0x%02x: its first internal device must be the " +
                "XCU (int_dev[0])", cxy));
        }
        if (internal.size() > BootInfo.MAX_INT_DEV || external.size() > BootInfo.MAX_EXT_DEV)
        {
            throw new IllegalArgumentException(String.format("cluster 0x%02x: %d internal and %d external devices, a " +
                "boot_info holds %d and %d", cxy, internal.size(), external.size(), BootInfo.MAX_INT_DEV,
                BootInfo.MAX_EXT_DEV));
        }
        buffer.setMemory(offset, BootInfo.LENGTH, (byte)0);
        buffer.putInt(offset + BootInfo.SIGNATURE_OFFSET, BootInfo.SIGNATURE);
        buffer.putInt(offset + BootInfo.PADDR_WIDTH, 40);
        buffer.putInt(offset + BootInfo.X_WIDTH, arch.xWidth());
        buffer.putInt(offset + BootInfo.Y_WIDTH, arch.yWidth());
        buffer.putInt(offset + BootInfo.X_SIZE, arch.xSize());
        buffer.putInt(offset + BootInfo.Y_SIZE, arch.ySize());
        buffer.putInt(offset + BootInfo.IO_CXY, arch.ioCxy());
        buffer.putInt(offset + BootInfo.CXY, cxy);
        buffer.putInt(offset + BootInfo.CORES_NR, cluster.cores());
        buffer.putInt(offset + BootInfo.EXT_DEV_NR, external.size());
        buffer.putInt(offset + BootInfo.INT_DEV_NR, internal.size());
        buffer.putInt(offset + BootInfo.RSVD_NR, 0);
        final long kernelEnd = (kernel.kdataBase() & 0xFFFF_FFFFL) + kernel.kdataSize();
        buffer.putInt(offset + BootInfo.PAGES_OFFSET, (int)((kernelEnd + PAGE - 1) / PAGE));
        buffer.putInt(offset + BootInfo.PAGES_NR, (int)(ram.size() / PAGE));
        buffer.putInt(offset + BootInfo.KCODE_BASE, kernel.kcodeBase());
        buffer.putInt(offset + BootInfo.KCODE_SIZE, kernel.kcodeSize());
        buffer.putInt(offset + BootInfo.KDATA_BASE, kernel.kdataBase());
        buffer.putInt(offset + BootInfo.KDATA_SIZE, kernel.kdataSize());
        int withCores = 0;
        for (final Cluster c : arch.clusters())
        {
            boolean hasRam = false; // a loop, not a stream: every CP0 asks it of every cluster (65,536 on 16x16)
            for (int d = c.deviceOffset(); d < c.deviceOffset() + c.devices() && !hasRam; d++)
            {
                hasRam = arch.devices().get(d).type() == DevType.RAM_SCL;
            }
            final int info = (c.cores() > 0 ? BootInfo.HAS_CORES : 0) | (hasRam ? BootInfo.HAS_RAM : 0);
            buffer.putByte(offset + BootInfo.CLUSTER_INFO + arch.x(c.cxy()) * BootInfo.MAX_DIM +
                arch.y(c.cxy()), (byte)info);
            withCores += c.cores() > 0 ? 1 : 0;
        }
        buffer.putInt(offset + BootInfo.CLUSTERS_WITH_CORES, withCores);
        buffer.putInt(offset + BootInfo.IRQS_PER_CORE, arch.irqsPerCore());
        for (int i = 0; i < cluster.cores(); i++)
        {
            final Core core = arch.cores().get(cluster.coreOffset() + i);
            final int at = offset + BootInfo.CORE + i * BootInfo.CORE_SIZE;
            buffer.putInt(at, core.gid());
            buffer.putInt(at + 4, core.lid());
            buffer.putInt(at + 8, core.cxy());
        }
        devices(arch, internal, buffer, offset + BootInfo.INT_DEV);
        devices(arch, external, buffer, offset + BootInfo.EXT_DEV);
    }

    private static boolean internal(final Device d)
    {
        return d.type() == DevType.ICU_XCU || d.type() == DevType.MMC_TSR || d.type() == DevType.DMA_SCL;
    }

    private static void devices(final ArchInfo arch, final List<Device> list, final AtomicBuffer buffer,
        final int first)
    {
        for (int i = 0; i < list.size(); i++)
        {
            final Device d = list.get(i);
            final int at = first + i * BootInfo.DEV_SIZE;
            buffer.putLong(at, d.base());
            buffer.putInt(at + 8, d.type().code());
            buffer.putInt(at + 12, d.channels());
            buffer.putInt(at + 16, d.arg0());
            buffer.putInt(at + 20, d.arg1());
            buffer.putInt(at + 24, d.arg2());
            buffer.putInt(at + 28, d.arg3());
            final List<Irq> irqs = new ArrayList<>(arch.irqs().subList(d.irqOffset(), d.irqOffset() + d.irqs()));
            if (irqs.size() > BootInfo.MAX_IRQS)
            {
                throw new IllegalArgumentException(d.type() + " has " + irqs.size() + " irq inputs, a boot_device_t " +
                    "holds " + BootInfo.MAX_IRQS);
            }
            buffer.putInt(at + 32, irqs.size());
            for (int k = 0; k < irqs.size(); k++)
            {
                final Irq irq = irqs.get(k);
                final int e = at + BootInfo.DEV_IRQ + k * BootInfo.IRQ_SIZE;
                if (irq.valid())
                {
                    buffer.putInt(e, irq.source().code());
                    buffer.putByte(e + 4, (byte)irq.channel());
                    buffer.putByte(e + 5, (byte)(irq.rx() ? 1 : 0));
                    buffer.putByte(e + 6, (byte)1);
                }
            }
        }
    }
}
