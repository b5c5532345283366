package org.smpboot.sim.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.smpboot.sim.platform.Platform;

/** Writes arch_info.bin, in the layout of {@link ArchInfoFormat}: the generator's output. */
public final class ArchInfoWriter
{
    private ArchInfoWriter()
    {
    }

    /**
     * @param p the host's description of a platform.
     * @return the arch_info.bin that describes it.
     */
    public static byte[] write(final Platform p)
    {
        return write(ArchInfo.of(p));
    }

    /**
     * @param a an arch_info.
     * @return the file's bytes.
     */
    public static byte[] write(final ArchInfo a)
    {
        final long size = ArchInfoFormat.size(a.clusters().size(), a.cores().size(), a.devices().size(),
            a.irqs().size());
        final ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(size)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(ArchInfoFormat.SIGNATURE).putInt(ArchInfoFormat.VERSION).putInt(ArchInfoFormat.HEADER_SIZE)
            .putInt((int)size).putInt(a.xSize()).putInt(a.ySize()).putInt(ArchInfoFormat.PADDR_WIDTH)
            .putInt(a.xWidth()).putInt(a.yWidth()).putInt(a.pWidth()).putInt(a.coresMax()).putInt(a.devicesMax())
            .putInt(a.clusters().size()).putInt(a.cores().size()).putInt(a.devices().size()).putInt(a.irqs().size())
            .putInt(a.ioCxy()).putInt(a.bootCxy()).putInt(a.irqsPerCore()).putInt(a.cacheLine());
        final byte[] name = a.name().getBytes(StandardCharsets.US_ASCII);
        if (name.length >= ArchInfoFormat.NAME_SIZE)
        {
            throw new IllegalArgumentException("platform name longer than 63 bytes: " + a.name());
        }
        b.put(name).position(ArchInfoFormat.HEADER_SIZE);
        for (final ArchInfo.Cluster c : a.clusters())
        {
            b.putInt(c.cxy()).putInt(c.cores()).putInt(c.coreOffset()).putInt(c.devices()).putInt(c.deviceOffset());
        }
        for (final ArchInfo.Core c : a.cores())
        {
            b.putInt(c.gid()).putInt(c.cxy()).putInt(c.lid());
        }
        for (final ArchInfo.Device d : a.devices())
        {
            b.putLong(d.base()).putLong(d.size()).putInt(d.type().code()).putInt(d.channels()).putInt(d.arg0())
                .putInt(d.arg1()).putInt(d.arg2()).putInt(d.arg3()).putInt(d.irqs()).putInt(d.irqOffset());
        }
        for (final ArchInfo.Irq i : a.irqs())
        {
            b.putInt(i.valid() ? i.source().code() : 0).put((byte)i.channel()).put((byte)(i.rx() ? 1 : 0))
                .put((byte)(i.valid() ? 1 : 0)).put((byte)0);
        }
        return b.array();
    }
}
