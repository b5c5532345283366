package org.smpboot.sim.hyper;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.smpboot.sim.hw.CoreFault;
import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.image.ArchInfoFormat;

/**
 * An {@code arch_info.bin} as the hypervisor's firmware reads it: the file's bytes, read through the bus by the core
 * that needs them, and its tables read in place at the offsets of {@link ArchInfoFormat} (header, then the cluster,
 * core, device and irq arrays), as C code would walk them. Nothing here describes the machine but those bytes.
 *
 * <p>Not thread safe; each reader reads its own copy.
 */
final class ArchInfoView
{
    private static final int CLUSTERS = ArchInfoFormat.HEADER_SIZE;
    private final ByteBuffer b;
    private final int cores;
    private final int devices;
    private final int irqs;

    /**
     * @param bytes a whole arch_info.bin, already checked by {@link #read}.
     */
    ArchInfoView(final byte[] bytes)
    {
        this.b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        this.cores = CLUSTERS + clusters() * ArchInfoFormat.CLUSTER_SIZE;
        this.devices = cores + b.getInt(0x34) * ArchInfoFormat.CORE_SIZE;
        this.irqs = devices + b.getInt(0x38) * ArchInfoFormat.DEVICE_SIZE;
    }

    /**
     * Reads an arch_info.bin from memory: its header first (signature, size), then the whole file.
     *
     * @param core  who reads, through its own address space.
     * @param paddr where it starts.
     * @param zone  bytes its zone holds.
     * @return the view.
     * @throws CoreFault when no arch_info.bin is there.
     */
    static ArchInfoView read(final Processor core, final long paddr, final int zone)
    {
        final int signature = core.bus().read32(core, paddr);
        final int size = core.bus().read32(core, paddr + 0x0C);
        if (signature != ArchInfoFormat.SIGNATURE || size < ArchInfoFormat.HEADER_SIZE || size > zone)
        {
            throw new CoreFault(core, String.format("no arch_info.bin at %s (signature 0x%08x, total_size %d)",
                PhysicalAddress.format(paddr), signature, size));
        }
        final byte[] bytes = new byte[size];
        core.bus().read(core, paddr, bytes, 0, size);
        final ArchInfoView v = new ArchInfoView(bytes);
        if (v.irqs + v.b.getInt(0x3C) * ArchInfoFormat.IRQ_SIZE != size)
        {
            throw new CoreFault(core, "arch_info.bin at " + PhysicalAddress.format(paddr) + ": its tables do not " +
                "add up to its total_size " + size);
        }
        return v;
    }

    /** @return the file. */
    byte[] bytes()
    {
        return b.array();
    }

    /**
     * @param offset a header offset.
     * @return the u32 there.
     */
    int header(final int offset)
    {
        return b.getInt(offset);
    }

    /** @return the platform's name. */
    String name()
    {
        final byte[] n = new byte[ArchInfoFormat.NAME_SIZE];
        b.get(ArchInfoFormat.NAME_OFFSET, n);
        int len = 0;
        while (len < n.length && n[len] != 0)
        {
            len++;
        }
        return new String(n, 0, len, StandardCharsets.US_ASCII);
    }

    int yWidth()
    {
        return b.getInt(0x20);
    }

    int pWidth()
    {
        return b.getInt(0x24);
    }

    int ioCxy()
    {
        return b.getInt(0x40);
    }

    int bootCxy()
    {
        return b.getInt(0x44);
    }

    int irqsPerCore()
    {
        return b.getInt(0x48);
    }

    int clusters()
    {
        return b.getInt(0x30);
    }

    // ---------------------------------------------------------------------------------------------- clusters

    int clusterCxy(final int i)
    {
        return b.getInt(CLUSTERS + i * ArchInfoFormat.CLUSTER_SIZE);
    }

    int clusterCores(final int i)
    {
        return b.getInt(CLUSTERS + i * ArchInfoFormat.CLUSTER_SIZE + 4);
    }

    int clusterCoreOffset(final int i)
    {
        return b.getInt(CLUSTERS + i * ArchInfoFormat.CLUSTER_SIZE + 8);
    }

    int clusterDevices(final int i)
    {
        return b.getInt(CLUSTERS + i * ArchInfoFormat.CLUSTER_SIZE + 12);
    }

    int clusterDeviceOffset(final int i)
    {
        return b.getInt(CLUSTERS + i * ArchInfoFormat.CLUSTER_SIZE + 16);
    }

    /**
     * @param cxy a cluster.
     * @return its index in the cluster array, or -1.
     */
    int cluster(final int cxy)
    {
        for (int i = 0; i < clusters(); i++)
        {
            if (clusterCxy(i) == cxy)
            {
                return i;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------------------------------------- cores

    int coreGid(final int k)
    {
        return b.getInt(cores + k * ArchInfoFormat.CORE_SIZE);
    }

    int coreLid(final int k)
    {
        return b.getInt(cores + k * ArchInfoFormat.CORE_SIZE + 8);
    }

    // ---------------------------------------------------------------------------------------------- devices

    long deviceBase(final int j)
    {
        return b.getLong(devices + j * ArchInfoFormat.DEVICE_SIZE);
    }

    long deviceSize(final int j)
    {
        return b.getLong(devices + j * ArchInfoFormat.DEVICE_SIZE + 8);
    }

    int deviceType(final int j)
    {
        return b.getInt(devices + j * ArchInfoFormat.DEVICE_SIZE + 16);
    }

    int deviceChannels(final int j)
    {
        return b.getInt(devices + j * ArchInfoFormat.DEVICE_SIZE + 20);
    }

    /**
     * @param j a device.
     * @param a 0 .. 3.
     * @return its arg{@code a}.
     */
    int deviceArg(final int j, final int a)
    {
        return b.getInt(devices + j * ArchInfoFormat.DEVICE_SIZE + 24 + 4 * a);
    }

    int deviceIrqs(final int j)
    {
        return b.getInt(devices + j * ArchInfoFormat.DEVICE_SIZE + 40);
    }

    int deviceIrqOffset(final int j)
    {
        return b.getInt(devices + j * ArchInfoFormat.DEVICE_SIZE + 44);
    }

    /**
     * @param cxy  a cluster.
     * @param type a device type code ({@code func << 16 | impl}), or its function alone when {@code anyImpl}.
     * @param anyImpl match the function only (any block device).
     * @return the index of the cluster's first such device, or -1.
     */
    int device(final int cxy, final int type, final boolean anyImpl)
    {
        final int i = cluster(cxy);
        if (i < 0)
        {
            return -1;
        }
        for (int j = clusterDeviceOffset(i); j < clusterDeviceOffset(i) + clusterDevices(i); j++)
        {
            if (anyImpl ? deviceType(j) >>> 16 == type >>> 16 : deviceType(j) == type)
            {
                return j;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------------------------------------- irqs

    /**
     * @param n an irq entry.
     * @return its source's device type code, as stored (0 when unused).
     */
    int irqType(final int n)
    {
        return b.getInt(irqs + n * ArchInfoFormat.IRQ_SIZE);
    }

    int irqChannel(final int n)
    {
        return b.get(irqs + n * ArchInfoFormat.IRQ_SIZE + 4) & 0xFF;
    }

    boolean irqRx(final int n)
    {
        return b.get(irqs + n * ArchInfoFormat.IRQ_SIZE + 5) != 0;
    }

    boolean irqValid(final int n)
    {
        return b.get(irqs + n * ArchInfoFormat.IRQ_SIZE + 6) != 0;
    }
}
