package org.smpboot.sim.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.smpboot.sim.image.ArchInfo.Cluster;
import org.smpboot.sim.image.ArchInfo.Core;
import org.smpboot.sim.image.ArchInfo.Device;
import org.smpboot.sim.image.ArchInfo.Irq;

/**
 * Reads and validates arch_info.bin ({@link ArchInfoFormat}). The first problem found is thrown as an
 * {@link ImageFormatException} naming the field and its byte offset: truncation, signature, version, widths and sizes,
 * counts that disagree with each other or with the file size, a cxy outside the mesh or in the wrong place, a gid
 * that is duplicate or not {@code cxy << p_width | lid}, an unknown device type, a bad irq entry.
 */
public final class ArchInfoReader
{
    private final String source;
    private final ByteBuffer b;

    private ArchInfoReader(final String source, final byte[] bytes)
    {
        this.source = source;
        this.b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @param source the file's name, for messages.
     * @param bytes  its content.
     * @return what it says.
     * @throws ImageFormatException on the first problem.
     */
    public static ArchInfo read(final String source, final byte[] bytes)
    {
        return new ArchInfoReader(source, bytes).archInfo();
    }

    /** A field's name, built only for an error: {@code group[index].member}, or {@code header.member}. */
    private static String field(final String group, final int index, final String member)
    {
        return index < 0 ? group + "." + member : group + "[" + index + "]." + member;
    }

    private ImageFormatException bad(final String group, final int index, final String member, final long offset,
        final String problem)
    {
        return bad(field(group, index, member), offset, problem);
    }

    private ImageFormatException bad(final String field, final long offset, final String problem)
    {
        return new ImageFormatException(source, field, offset, problem);
    }

    private int u32(final String group, final int index, final String member, final int offset)
    {
        need(group, index, member, offset, 4);
        return b.getInt(offset);
    }

    private long u64(final String group, final int index, final String member, final int offset)
    {
        need(group, index, member, offset, 8);
        return b.getLong(offset);
    }

    private int u8(final String group, final int index, final String member, final int offset)
    {
        need(group, index, member, offset, 1);
        return b.get(offset) & 0xFF;
    }

    private void need(final String group, final int index, final String member, final int offset, final int bytes)
    {
        if (offset + bytes > b.capacity())
        {
            throw bad(group, index, member, offset, "truncated: the file ends at 0x" +
                Integer.toHexString(b.capacity()));
        }
    }

    private int header(final String field)
    {
        return u32("header", -1, field, ArchInfoFormat.headerOffset(field));
    }

    private int range(final String field, final int min, final int max)
    {
        final int v = header(field);
        if (v < min || v > max)
        {
            throw bad("header." + field, ArchInfoFormat.headerOffset(field), v + " is not in " + min + ".." + max);
        }
        return v;
    }

    private void equal(final String field, final long expected, final String why)
    {
        final int v = header(field);
        if (Integer.toUnsignedLong(v) != expected)
        {
            throw bad("header." + field, ArchInfoFormat.headerOffset(field), Integer.toUnsignedString(v) +
                " disagrees with " + why + " = " + expected);
        }
    }

    private ArchInfo archInfo()
    {
        final int signature = header("signature");
        if (signature != ArchInfoFormat.SIGNATURE)
        {
            throw bad("header.signature", 0, String.format("bad signature 0x%08x, expected 0x%08x", signature,
                ArchInfoFormat.SIGNATURE));
        }
        range("version", ArchInfoFormat.VERSION, ArchInfoFormat.VERSION);
        range("header_size", ArchInfoFormat.HEADER_SIZE, ArchInfoFormat.HEADER_SIZE);
        final int totalSize = header("total_size");
        range("paddr_width", ArchInfoFormat.PADDR_WIDTH, ArchInfoFormat.PADDR_WIDTH);
        final int xWidth = range("x_width", 1, 4);
        final int yWidth = range("y_width", 1, 4);
        final int pWidth = range("p_width", 0, 4);
        final int xSize = range("x_size", 1, 1 << xWidth);
        final int ySize = range("y_size", 1, 1 << yWidth);
        equal("total_clusters", (long)xSize * ySize, "x_size * y_size");
        final int nClusters = xSize * ySize;
        // bounds first, so that no count below can make us allocate or loop for long
        final int nCores = range("total_cores", 0, nClusters << pWidth);
        final int nDevices = range("total_devices", 0, 1 << 20);
        final int nIrqs = range("total_irqs", 0, 1 << 24);
        final long need = ArchInfoFormat.size(nClusters, nCores, nDevices, nIrqs);
        equal("total_size", need, "the size the counts need");
        if (Integer.toUnsignedLong(totalSize) < b.capacity())
        {
            throw bad("header.total_size", ArchInfoFormat.headerOffset("total_size"), "the file has " + b.capacity() +
                " bytes, total_size says " + totalSize);
        }
        final int irqsPerCore = header("irqs_per_core");
        final int cacheLine = header("cache_line_size");
        final String name = name();
        final ArchInfo shape = new ArchInfo(name, xSize, ySize, xWidth, yWidth, pWidth, 0, 0, 0, 0, List.of(),
            List.of(), List.of(), List.of());
        final int ioCxy = cxyInMesh(shape, "header", -1, "io_cxy", ArchInfoFormat.headerOffset("io_cxy"),
            header("io_cxy"));
        final int bootCxy = cxyInMesh(shape, "header", -1, "boot_cxy", ArchInfoFormat.headerOffset("boot_cxy"),
            header("boot_cxy"));

        int at = ArchInfoFormat.HEADER_SIZE;
        final List<Cluster> clusters = new ArrayList<>();
        int coreSum = 0;
        int deviceSum = 0;
        int coresMax = 0;
        int devicesMax = 0;
        for (int i = 0; i < nClusters; i++, at += ArchInfoFormat.CLUSTER_SIZE)
        {
            final int cxy = cxyInMesh(shape, "cluster", i, "cxy", at, u32("cluster", i, "cxy", at));
            final int expected = (i / ySize) << yWidth | (i % ySize);
            if (cxy != expected)
            {
                throw bad("cluster", i, "cxy", at, String.format(
                    "cxy 0x%02x out of order, entry %d is (%d,%d) = 0x%02x", cxy, i, i / ySize, i % ySize, expected));
            }
            final int cores = u32("cluster", i, "cores", at + 4);
            if (cores < 0 || cores > 1 << pWidth)
            {
                throw bad("cluster", i, "cores", at + 4, Integer.toUnsignedString(cores) + " cores, p_width allows " +
                    (1 << pWidth));
            }
            offset("cluster", i, "core_offset", at + 8, coreSum, "the cores of the clusters before");
            final int devices = u32("cluster", i, "devices", at + 12);
            if (devices < 0 || devices > nDevices - deviceSum)
            {
                throw bad("cluster", i, "devices", at + 12, Integer.toUnsignedString(devices) + " devices, only " +
                    (nDevices - deviceSum) + " of total_devices left");
            }
            offset("cluster", i, "device_offset", at + 16, deviceSum, "the devices of the clusters before");
            clusters.add(new Cluster(cxy, cores, coreSum, devices, deviceSum));
            coreSum += cores;
            deviceSum += devices;
            coresMax = Math.max(coresMax, cores);
            devicesMax = Math.max(devicesMax, devices);
        }
        equal("total_cores", coreSum, "the sum of cluster cores");
        equal("total_devices", deviceSum, "the sum of cluster devices");
        equal("cores_max", coresMax, "the most cores of a cluster");
        equal("devices_max", devicesMax, "the most devices of a cluster");

        final List<Core> cores = new ArrayList<>();
        final Map<Integer, Integer> gids = new HashMap<>();
        for (final Cluster c : clusters)
        {
            for (int k = 0; k < c.cores(); k++, at += ArchInfoFormat.CORE_SIZE)
            {
                final int i = c.coreOffset() + k;
                    final int gid = u32("core", i, "gid", at);
                final Integer twin = gids.putIfAbsent(gid, i);
                if (twin != null)
                {
                    throw bad("core", i, "gid", at, String.format("duplicate gid 0x%04x (also core[%d])", gid, twin));
                }
                final int cxy = cxyInMesh(shape, "core", i, "cxy", at + 4, u32("core", i, "cxy", at + 4));
                if (cxy != c.cxy())
                {
                    throw bad("core", i, "cxy", at + 4, String.format(
                        "cxy 0x%02x, but the entry belongs to cluster 0x%02x",
                        cxy, c.cxy()));
                }
                final int lid = u32("core", i, "lid", at + 8);
                if (lid != k)
                {
                    throw bad("core", i, "lid", at + 8, Integer.toUnsignedString(lid) + ", expected " + k +
                        " (cores of a cluster are listed by lid)");
                }
                if (gid != (cxy << pWidth | lid))
                {
                    throw bad("core", i, "gid", at, String.format("gid 0x%04x is not cxy << p_width | lid = 0x%04x",
                        gid, cxy << pWidth | lid));
                }
                cores.add(new Core(gid, cxy, lid));
            }
        }

        final List<Device> devices = new ArrayList<>();
        int irqSum = 0;
        for (final Cluster c : clusters)
        {
            for (int k = 0; k < c.devices(); k++, at += ArchInfoFormat.DEVICE_SIZE)
            {
                final int d = c.deviceOffset() + k;
                final long base = u64("device", d, "base", at);
                if (base >>> 32 != c.cxy() || base >>> ArchInfoFormat.PADDR_WIDTH != 0)
                {
                    throw bad("device", d, "base", at, String.format("base 0x%010x is not in cluster 0x%02x", base,
                        c.cxy()));
                }
                final long size = u64("device", d, "size", at + 8);
                if (size == 0 || size > 1L << 32)
                {
                    throw bad("device", d, "size", at + 8, "size 0x" + Long.toHexString(size) + " is not in 1..4 GiB");
                }
                final DevType type = type("device", d, "type", at + 16, u32("device", d, "type", at + 16));
                final int irqs = u32("device", d, "irqs", at + 40);
                if (irqs < 0 || irqs > nIrqs - irqSum)
                {
                    throw bad("device", d, "irqs", at + 40, Integer.toUnsignedString(irqs) + " irqs, only " +
                        (nIrqs - irqSum) +
                        " of total_irqs left");
                }
                offset("device", d, "irq_offset", at + 44, irqSum, "the irqs of the devices before");
                devices.add(new Device(base, size, type, u32("device", d, "channels", at + 20),
                    u32("device", d, "arg0", at + 24), u32("device", d, "arg1", at + 28),
                    u32("device", d, "arg2", at + 32), u32("device", d, "arg3", at + 36), irqs, irqSum));
                irqSum += irqs;
            }
        }
        equal("total_irqs", irqSum, "the sum of device irqs");

        final List<Irq> irqs = new ArrayList<>();
        for (int i = 0; i < nIrqs; i++, at += ArchInfoFormat.IRQ_SIZE)
        {
            final int code = u32("irq", i, "dev_type", at);
            final int channel = u8("irq", i, "channel", at + 4);
            final boolean rx = flag("irq", i, "is_rx", at + 5);
            final boolean valid = flag("irq", i, "valid", at + 6);
            if (u8("irq", i, "reserved", at + 7) != 0)
            {
                throw bad("irq", i, "reserved", at + 7, "must be 0");
            }
            irqs.add(valid ? new Irq(type("irq", i, "dev_type", at, code), channel, rx) : Irq.NONE);
        }
        return new ArchInfo(name, xSize, ySize, xWidth, yWidth, pWidth, ioCxy, bootCxy, irqsPerCore, cacheLine,
            clusters, cores, devices, irqs);
    }

    private String name()
    {
        final int at = ArchInfoFormat.NAME_OFFSET;
        need("header", -1, "name", at, ArchInfoFormat.NAME_SIZE);
        int n = 0;
        while (n < ArchInfoFormat.NAME_SIZE && b.get(at + n) != 0)
        {
            final int c = b.get(at + n);
            if (c < 0x20 || c > 0x7e)
            {
                throw bad("header.name", at + n, String.format("byte 0x%02x is not printable ASCII", c & 0xFF));
            }
            n++;
        }
        if (n == ArchInfoFormat.NAME_SIZE)
        {
            throw bad("header.name", at, "no NUL in 64 bytes");
        }
        final byte[] s = new byte[n];
        b.get(at, s);
        return new String(s, StandardCharsets.US_ASCII);
    }

    private int cxyInMesh(final ArchInfo shape, final String group, final int index, final String member,
        final int at, final int cxy)
    {
        if (!shape.inMesh(cxy))
        {
            throw bad(group, index, member, at, String.format("cxy 0x%02x = (%d,%d) is outside the %dx%d mesh", cxy,
                shape.x(cxy), shape.y(cxy), shape.xSize(), shape.ySize()));
        }
        return cxy;
    }

    private void offset(final String group, final int index, final String member,
        final int at, final int expected, final String why)
    {
        final int v = u32(group, index, member, at);
        if (v != expected)
        {
            throw bad(group, index, member, at, Integer.toUnsignedString(v) + " disagrees with " + why + " = " +
                expected);
        }
    }

    private DevType type(final String group, final int index, final String member, final int at, final int code)
    {
        final DevType t = DevType.ofCode(code);
        if (t == null)
        {
            throw bad(group, index, member, at, String.format("unknown device type 0x%08x (func %d, impl %d)", code,
                code >>> 16, code & 0xFFFF));
        }
        return t;
    }

    private boolean flag(final String group, final int index, final String member, final int at)
    {
        final int v = u8(group, index, member, at);
        if (v > 1)
        {
            throw bad(group, index, member, at, v + " is not 0 or 1");
        }
        return v == 1;
    }
}
