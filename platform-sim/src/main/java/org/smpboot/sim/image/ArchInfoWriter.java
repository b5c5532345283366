package org.smpboot.sim.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.smpboot.sim.platform.Cluster;
import org.smpboot.sim.platform.Core;
import org.smpboot.sim.platform.Device;
import org.smpboot.sim.platform.Irq;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.platform.PlatformSpec;

/** Writes a {@link Platform} as arch_info.bin, in the layout of {@link ArchInfoFormat}. */
public final class ArchInfoWriter
{
    private ArchInfoWriter()
    {
    }

    /**
     * @param p the platform.
     * @return the file's bytes.
     */
    public static byte[] write(final Platform p)
    {
        final long size = ArchInfoFormat.size(p.clusters().size(), p.cores().size(), p.devices().size(),
            p.irqs().size());
        final ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(size)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(ArchInfoFormat.SIGNATURE).putInt(ArchInfoFormat.VERSION).putInt(ArchInfoFormat.HEADER_SIZE)
            .putInt((int)size).putInt(p.xSize()).putInt(p.ySize()).putInt(PlatformSpec.PADDR_WIDTH).putInt(p.xWidth())
            .putInt(p.yWidth()).putInt(p.pWidth()).putInt(p.coresMax()).putInt(p.devicesMax())
            .putInt(p.clusters().size()).putInt(p.cores().size()).putInt(p.devices().size()).putInt(p.irqs().size())
            .putInt(p.ioCxy()).putInt(p.bootCxy()).putInt(p.irqsPerCore()).putInt(p.cacheLine());
        final byte[] name = p.name().getBytes(StandardCharsets.US_ASCII);
        if (name.length >= ArchInfoFormat.NAME_SIZE)
        {
            throw new IllegalArgumentException("platform name longer than 63 bytes: " + p.name());
        }
        b.put(name).position(ArchInfoFormat.HEADER_SIZE);
        for (final Cluster c : p.clusters())
        {
            b.putInt(c.cxy()).putInt(c.cores()).putInt(c.coreOffset()).putInt(c.devices()).putInt(c.deviceOffset());
        }
        for (final Core c : p.cores())
        {
            b.putInt(c.gid()).putInt(c.cxy()).putInt(c.lid());
        }
        for (final Device d : p.devices())
        {
            b.putLong(d.base()).putLong(d.size()).putInt(d.type().code()).putInt(d.channels()).putInt(d.arg0())
                .putInt(d.arg1()).putInt(d.arg2()).putInt(d.arg3()).putInt(d.irqs()).putInt(d.irqOffset());
        }
        for (final Irq i : p.irqs())
        {
            b.putInt(i.valid() ? i.source().code() : 0).put((byte)i.channel()).put((byte)(i.rx() ? 1 : 0))
                .put((byte)(i.valid() ? 1 : 0)).put((byte)0);
        }
        return b.array();
    }
}
