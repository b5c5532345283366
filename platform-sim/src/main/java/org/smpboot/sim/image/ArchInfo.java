package org.smpboot.sim.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.platform.Platform;

/**
 * What an arch_info.bin says ({@link ArchInfoFormat}): the header's values and its four arrays, as the simulated
 * software reads them (the boot-loader parses the copy it loaded into simulated memory with {@link ArchInfoReader}).
 * It describes the hardware only as far as the file is right: the host's own description ({@code platform.Platform})
 * is another thing, which the software never sees, and the two may disagree (a corrupted or foreign arch_info.bin).
 * Clusters are ordered by x then y ({@code index = x * ySize + y}), core-less ones included.
 *
 * @param name        a short label (at most 63 bytes of ASCII).
 * @param xSize       clusters along x.
 * @param ySize       clusters along y.
 * @param xWidth      bits of x in cxy.
 * @param yWidth      bits of y in cxy.
 * @param pWidth      bits of lid in gid.
 * @param ioCxy       the cluster holding the external peripherals.
 * @param bootCxy     the cluster whose core 0 boots.
 * @param irqsPerCore XCU outputs per core.
 * @param cacheLine   cache line bytes.
 * @param clusters    {@code xSize * ySize} cluster entries.
 * @param cores       core entries, grouped by cluster.
 * @param devices     device entries, grouped by cluster.
 * @param irqs        irq entries, grouped by device.
 */
public record ArchInfo(String name, int xSize, int ySize, int xWidth, int yWidth, int pWidth, int ioCxy, int bootCxy,
    int irqsPerCore, int cacheLine, List<Cluster> clusters, List<Core> cores, List<Device> devices, List<Irq> irqs)
{
    /**
     * A cluster entry ({@code archinfo_cluster_t}): its cores and devices are slices of the global arrays.
     *
     * @param cxy          the cluster id, {@code x << y_width | y}; not a dense index.
     * @param cores        how many cores (0 for an I/O-only cluster).
     * @param coreOffset   index of its first core entry.
     * @param devices      how many devices.
     * @param deviceOffset index of its first device entry.
     */
    public record Cluster(int cxy, int cores, int coreOffset, int devices, int deviceOffset)
    {
    }

    /**
     * A core entry ({@code archinfo_core_t}).
     *
     * @param gid the hardware id, {@code cxy << p_width | lid}.
     * @param cxy its cluster.
     * @param lid its index in the cluster.
     */
    public record Core(int gid, int cxy, int lid)
    {
    }

    /**
     * A device entry ({@code archinfo_device_t}); its interrupt inputs are the irq entries
     * {@code irqOffset .. irqOffset + irqs}.
     *
     * @param base      40-bit physical base address, {@code cxy << 32 | local}.
     * @param size      bytes.
     * @param type      its type code.
     * @param channels  channels (TTY lines, NIC channels, XCU outputs, PIC inputs).
     * @param arg0      type-specific (XCU: HWI count; FBF: width).
     * @param arg1      type-specific (XCU: PTI count; FBF: height).
     * @param arg2      type-specific (XCU: WTI count).
     * @param arg3      type-specific (XCU: outputs).
     * @param irqs      interrupt inputs described.
     * @param irqOffset index of the first in the irq array.
     */
    public record Device(long base, long size, DevType type, int channels, int arg0, int arg1, int arg2, int arg3,
        int irqs, int irqOffset)
    {
        /** @return the cluster holding the device, bits 39..32 of its base. */
        public int cxy()
        {
            return (int)(base >>> 32);
        }
    }

    /**
     * An irq entry ({@code archinfo_irq_t}): what drives one input of an XCU or PIC.
     *
     * @param source  the driving device's type, or null when the input is unused ({@code valid = 0}).
     * @param channel its channel.
     * @param rx      true for a receive line (TTY, NIC).
     */
    public record Irq(DevType source, int channel, boolean rx)
    {
        /** An unused input. */
        public static final Irq NONE = new Irq(null, 0, false);

        /** @return whether something drives this input. */
        public boolean valid()
        {
            return source != null;
        }
    }

    /**
     * Copies the lists.
     *
     * @param name        a short label (at most 63 bytes of ASCII).
     * @param xSize       clusters along x.
     * @param ySize       clusters along y.
     * @param xWidth      bits of x in cxy.
     * @param yWidth      bits of y in cxy.
     * @param pWidth      bits of lid in gid.
     * @param ioCxy       the cluster holding the external peripherals.
     * @param bootCxy     the cluster whose core 0 boots.
     * @param irqsPerCore XCU outputs per core.
     * @param cacheLine   cache line bytes.
     * @param clusters    {@code xSize * ySize} cluster entries.
     * @param cores       core entries, grouped by cluster.
     * @param devices     device entries, grouped by cluster.
     * @param irqs        irq entries, grouped by device.
     */
    public ArchInfo
    {
        clusters = List.copyOf(clusters);
        cores = List.copyOf(cores);
        devices = List.copyOf(devices);
        irqs = List.copyOf(irqs);
    }

    /**
     * What the generator writes for a description: the same values, with the format's type codes.
     *
     * @param p the host's description of a platform.
     * @return its arch_info.
     */
    public static ArchInfo of(final Platform p)
    {
        return new ArchInfo(p.name(), p.xSize(), p.ySize(), p.xWidth(), p.yWidth(), p.pWidth(), p.ioCxy(), p.bootCxy(),
            p.irqsPerCore(), p.cacheLine(),
            p.clusters().stream().map(c -> new Cluster(c.cxy(), c.cores(), c.coreOffset(), c.devices(),
                c.deviceOffset())).toList(),
            p.cores().stream().map(c -> new Core(c.gid(), c.cxy(), c.lid())).toList(),
            p.devices().stream().map(d -> new Device(d.base(), d.size(), type(d.type().code()), d.channels(), d.arg0(),
                d.arg1(), d.arg2(), d.arg3(), d.irqs(), d.irqOffset())).toList(),
            p.irqs().stream().map(i -> i.valid() ? new Irq(type(i.source().code()), i.channel(), i.rx()) : Irq.NONE)
                .toList());
    }

    /**
     * The reverse of {@link #of}, for the host only: the hardware a user's arch_info.bin (or the one on a user's disk)
     * describes, to build the simulated machine from. The boot software never calls it: it reads the file.
     *
     * @return the host's description of the platform this arch_info describes.
     */
    public Platform platform()
    {
        return new Platform(name, xSize, ySize, xWidth, yWidth, pWidth, ioCxy, bootCxy, irqsPerCore, cacheLine,
            clusters.stream().map(c -> new org.smpboot.sim.platform.Cluster(c.cxy(), c.cores(), c.coreOffset(),
                c.devices(), c.deviceOffset())).toList(),
            cores.stream().map(c -> new org.smpboot.sim.platform.Core(c.gid(), c.cxy(), c.lid())).toList(),
            devices.stream().map(d -> new org.smpboot.sim.platform.Device(d.base(), d.size(),
                DeviceType.ofCode(d.type().code()), d.channels(), d.arg0(), d.arg1(), d.arg2(), d.arg3(), d.irqs(),
                d.irqOffset())).toList(),
            irqs.stream().map(i -> i.valid() ? new org.smpboot.sim.platform.Irq(DeviceType.ofCode(i.source().code()),
                i.channel(), i.rx()) : org.smpboot.sim.platform.Irq.NONE).toList());
    }

    private static DevType type(final int code)
    {
        final DevType t = DevType.ofCode(code);
        if (t == null)
        {
            throw new IllegalStateException(String.format("device type code 0x%08x has no DevType", code));
        }
        return t;
    }

    /** @return the most cores any cluster has. */
    public int coresMax()
    {
        return clusters.stream().mapToInt(Cluster::cores).max().orElse(0);
    }

    /** @return the most devices any cluster has. */
    public int devicesMax()
    {
        return clusters.stream().mapToInt(Cluster::devices).max().orElse(0);
    }

    /**
     * @param cxy a cluster id.
     * @return its x.
     */
    public int x(final int cxy)
    {
        return cxy >>> yWidth;
    }

    /**
     * @param cxy a cluster id.
     * @return its y.
     */
    public int y(final int cxy)
    {
        return cxy & ((1 << yWidth) - 1);
    }

    /**
     * @param cxy a cluster id.
     * @return whether it names a cluster of the mesh.
     */
    public boolean inMesh(final int cxy)
    {
        return cxy >= 0 && x(cxy) < xSize && y(cxy) < ySize && cxy >>> (xWidth + yWidth) == 0;
    }

    /**
     * @param cxy a cluster id.
     * @return its entry, or null when it is not in the mesh.
     */
    public Cluster cluster(final int cxy)
    {
        return inMesh(cxy) ? clusters.get(x(cxy) * ySize + y(cxy)) : null;
    }

    /** @return the clusters that hold cores, in arch_info's order. */
    public List<Cluster> withCores()
    {
        return clusters.stream().filter(c -> c.cores() > 0).toList();
    }

    /**
     * @param c a cluster entry.
     * @return its core entries, by lid.
     */
    public List<Core> coresOf(final Cluster c)
    {
        return cores.subList(c.coreOffset(), c.coreOffset() + c.cores());
    }

    /**
     * @param c a cluster entry.
     * @return its device entries.
     */
    public List<Device> devicesOf(final Cluster c)
    {
        return devices.subList(c.deviceOffset(), c.deviceOffset() + c.devices());
    }

    /**
     * @param c    a cluster entry.
     * @param type a device type.
     * @return the cluster's first device of that type, or null.
     */
    public Device device(final Cluster c, final DevType type)
    {
        return devicesOf(c).stream().filter(d -> d.type() == type).findFirst().orElse(null);
    }

    /**
     * @param d a device entry.
     * @return its irq entries, by input port.
     */
    public List<Irq> irqsOf(final Device d)
    {
        return irqs.subList(d.irqOffset(), d.irqOffset() + d.irqs());
    }

    /**
     * @param gids cores to leave out.
     * @return this arch_info without them: clusters keep their place, with fewer or no cores.
     */
    public ArchInfo without(final Set<Integer> gids)
    {
        if (gids.isEmpty())
        {
            return this;
        }
        final List<Cluster> kept = new ArrayList<>();
        final List<Core> left = new ArrayList<>();
        for (final Cluster c : clusters)
        {
            final int first = left.size();
            coresOf(c).stream().filter(k -> !gids.contains(k.gid())).forEach(left::add);
            kept.add(new Cluster(c.cxy(), left.size() - first, first, c.devices(), c.deviceOffset()));
        }
        return new ArchInfo(name, xSize, ySize, xWidth, yWidth, pWidth, ioCxy, bootCxy, irqsPerCore, cacheLine, kept,
            left, devices, irqs);
    }
}
