package org.smpboot.sim.hyper;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.smpboot.sim.hw.HyperHardware;
import org.smpboot.sim.hw.IrqMux;
import org.smpboot.sim.image.ArchInfoFormat;
import org.smpboot.sim.image.DevType;

/**
 * An instance's arch-info, built by the hypervisor from the machine's own arch_info.bin and what {@code run} allocated
 * (seed 000, "Arch-info"): a 1 x N mesh in the instance's own numbering, guest cluster {@code k} being the k-th
 * machine cluster allocated. Each guest cluster keeps its machine cluster's cores (gid {@code k << p_width | lid}) and
 * internal devices (RAM, XCU, MMC, DMA, at the same offsets, with their interrupt tables); guest cluster 0 is the I/O
 * cluster and holds the instance's channels at the offsets the machine's I/O cluster has them: an IOC (block device,
 * one channel), a TTY of {@value #TTY_SUBCHANNELS} sub-channels, the frame buffer when the machine has one, and an
 * IOPIC of 32 inputs wired as the LETI generator wires them (IOC at input 8, TTY sub-channel s receive at 16 + s and
 * transmit at 24 + s). The guest has no ROM.
 *
 * <p>Alongside the bytes: what the HATs must translate ({@link HatProgram}) and what the interrupt multiplexer must
 * route, both derived from the same entries.
 */
final class GuestArchInfo
{
    /** TTY sub-channels of an instance. */
    static final int TTY_SUBCHANNELS = 4;
    /** Bytes of registers per TTY sub-channel (4 words). */
    static final int TTY_SPAN = 16;
    private static final int IOC_PORT = 8;
    private static final int TTY_RX_PORT = 16;
    private static final int TTY_TX_PORT = 24;

    private final byte[] bytes;
    private final HatProgram program;
    private final List<int[]> routes;
    private final int cores;

    private GuestArchInfo(final byte[] bytes, final HatProgram program, final List<int[]> routes, final int cores)
    {
        this.bytes = bytes;
        this.program = program;
        this.routes = routes;
        this.cores = cores;
    }

    /** A device entry being written. */
    private record Entry(long base, long size, int type, int channels, int[] args, List<int[]> irqs)
    {
    }

    /**
     * @param machine  the machine's arch_info.
     * @param hyperCxy the hypervisor's cluster, where the channels sit.
     * @param id       the instance.
     * @param mine     its machine clusters, guest cluster 0 first.
     * @param ioc      its IOC channel.
     * @param tty      its TTY, frame-buffer and IOPIC channel.
     * @return its arch-info.
     */
    static GuestArchInfo build(final ArchInfoView machine, final int hyperCxy, final int id, final List<Integer> mine,
        final int ioc, final int tty)
    {
        final int p = machine.pWidth();
        final List<int[]> clusterEntries = new ArrayList<>();
        final List<int[]> coreEntries = new ArrayList<>();
        final List<Entry> devices = new ArrayList<>();
        final List<HatProgram.Remap> remaps = new ArrayList<>();
        final List<long[]> locals = new ArrayList<>();
        final List<int[]> routes = new ArrayList<>();
        final int io = machine.ioCxy();
        int coresMax = 0;
        for (int k = 0; k < mine.size(); k++)
        {
            final int m = mine.get(k);
            final int c = machine.cluster(m);
            final int firstCore = coreEntries.size();
            final int firstDevice = devices.size();
            for (int i = machine.clusterCoreOffset(c); i < machine.clusterCoreOffset(c) + machine.clusterCores(c); i++)
            {
                final int lid = machine.coreLid(i);
                coreEntries.add(new int[] {k << p | lid, k, lid});
            }
            coresMax = Math.max(coresMax, machine.clusterCores(c));
            for (int j = machine.clusterDeviceOffset(c); j < machine.clusterDeviceOffset(c) + machine.clusterDevices(c);
                j++)
            {
                final int func = machine.deviceType(j) >>> 16;
                if (func == DevType.RAM_SCL.func() || func == DevType.ICU_XCU.func() ||
                    func == DevType.MMC_TSR.func() || func == DevType.DMA_SCL.func())
                {
                    final long offset = machine.deviceBase(j) & 0xFFFF_FFFFL;
                    final List<int[]> irqs = new ArrayList<>();
                    for (int n = 0; n < machine.deviceIrqs(j); n++)
                    {
                        final int at = machine.deviceIrqOffset(j) + n;
                        irqs.add(new int[] {machine.irqValid(at) ? machine.irqType(at) : 0, machine.irqChannel(at),
                            machine.irqRx(at) ? 1 : 0, machine.irqValid(at) ? 1 : 0});
                    }
                    devices.add(new Entry((long)k << 32 | offset, machine.deviceSize(j), machine.deviceType(j),
                        machine.deviceChannels(j), args(machine, j), irqs));
                    if (k == 0)
                    {
                        locals.add(new long[] {offset, machine.deviceSize(j)});
                    }
                }
            }
            if (k == 0)
            {
                io(machine, io, hyperCxy, ioc, tty, devices, remaps, routes);
            }
            clusterEntries.add(new int[] {k, coreEntries.size() - firstCore, firstCore, devices.size() - firstDevice,
                firstDevice});
        }
        final String name = "instance" + id + "_1_" + mine.size() + "_" + coresMax;
        final byte[] bytes = write(machine, name, mine.size(), coresMax, clusterEntries, coreEntries, devices);
        return new GuestArchInfo(bytes, new HatProgram(id, mine, locals, remaps), routes, coreEntries.size());
    }

    // the instance's channels, in guest cluster 0 at the offsets of the machine's I/O cluster devices
    private static void io(final ArchInfoView machine, final int io, final int hyperCxy, final int ioc, final int tty,
        final List<Entry> devices, final List<HatProgram.Remap> remaps, final List<int[]> routes)
    {
        final long hyper = (long)hyperCxy << 32;
        final int bdv = machine.device(io, DevType.IOC_BDV.code(), true);
        final long iocAt = bdv < 0 ? 0xF200_0000L : machine.deviceBase(bdv) & 0xFFFF_FFFFL;
        devices.add(new Entry(iocAt, 0x1000, DevType.IOC_BDV.code(), 1, new int[4], List.of()));
        remaps.add(new HatProgram.Remap(iocAt, 0x1000, hyper | HyperHardware.IOC + ioc * HyperHardware.CHANNEL_STRIDE,
            "IOC channel " + ioc));
        final int fbf = machine.device(io, DevType.FBF_SCL.code(), false);
        if (fbf >= 0)
        {
            final long at = machine.deviceBase(fbf) & 0xFFFF_FFFFL;
            devices.add(new Entry(at, machine.deviceSize(fbf), DevType.FBF_SCL.code(), 1, args(machine, fbf),
                List.of()));
            remaps.add(new HatProgram.Remap(at, machine.deviceSize(fbf), hyper | HyperHardware.FBF +
                tty * HyperHardware.FBF_STRIDE, "FBF channel " + tty));
        }
        final int txt = machine.device(io, DevType.TXT_TTY.code(), false);
        final long ttyAt = txt < 0 ? 0xF400_0000L : machine.deviceBase(txt) & 0xFFFF_FFFFL;
        final long ttySize = (long)TTY_SUBCHANNELS * TTY_SPAN;
        devices.add(new Entry(ttyAt, ttySize, DevType.TXT_TTY.code(), TTY_SUBCHANNELS, new int[4], List.of()));
        remaps.add(new HatProgram.Remap(ttyAt, ttySize, hyper | HyperHardware.TTY + tty * HyperHardware.CHANNEL_STRIDE,
            "TTY channel " + tty));
        final int pic = machine.device(io, DevType.PIC_TSR.code(), false);
        final long picAt = pic < 0 ? 0xF900_0000L : machine.deviceBase(pic) & 0xFFFF_FFFFL;
        final List<int[]> inputs = new ArrayList<>();
        for (int port = 0; port < IrqMux.INPUTS; port++)
        {
            inputs.add(new int[] {0, 0, 0, 0});
        }
        inputs.set(IOC_PORT, new int[] {DevType.IOC_BDV.code(), 0, 0, 1});
        routes.add(new int[] {IOC_PORT, IrqMux.route(DevType.IOC_BDV.func(), ioc, 0, false)});
        for (int s = 0; s < TTY_SUBCHANNELS; s++)
        {
            inputs.set(TTY_RX_PORT + s, new int[] {DevType.TXT_TTY.code(), s, 1, 1});
            inputs.set(TTY_TX_PORT + s, new int[] {DevType.TXT_TTY.code(), s, 0, 1});
            routes.add(new int[] {TTY_RX_PORT + s, IrqMux.route(DevType.TXT_TTY.func(), tty, s, true)});
            routes.add(new int[] {TTY_TX_PORT + s, IrqMux.route(DevType.TXT_TTY.func(), tty, s, false)});
        }
        devices.add(new Entry(picAt, 0x1000, DevType.PIC_TSR.code(), IrqMux.INPUTS,
            new int[] {IrqMux.INPUTS, 0, 0, 0}, inputs));
        remaps.add(new HatProgram.Remap(picAt, 0x1000, hyper | HyperHardware.PIC + tty * HyperHardware.CHANNEL_STRIDE,
            "IOPIC " + tty));
    }

    private static int[] args(final ArchInfoView machine, final int j)
    {
        return new int[] {machine.deviceArg(j, 0), machine.deviceArg(j, 1), machine.deviceArg(j, 2),
            machine.deviceArg(j, 3)};
    }

    private static byte[] write(final ArchInfoView machine, final String name, final int n, final int coresMax,
        final List<int[]> clusters, final List<int[]> cores, final List<Entry> devices)
    {
        final int irqs = devices.stream().mapToInt(d -> d.irqs().size()).sum();
        final int devicesMax = clusters.stream().mapToInt(c -> c[3]).max().orElse(0);
        final long size = ArchInfoFormat.size(n, cores.size(), devices.size(), irqs);
        final ByteBuffer b = ByteBuffer.allocate((int)size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(ArchInfoFormat.SIGNATURE).putInt(ArchInfoFormat.VERSION).putInt(ArchInfoFormat.HEADER_SIZE)
            .putInt((int)size).putInt(1).putInt(n).putInt(machine.header(0x18)).putInt(machine.header(0x1C))
            .putInt(machine.yWidth()).putInt(machine.pWidth()).putInt(coresMax).putInt(devicesMax).putInt(n)
            .putInt(cores.size()).putInt(devices.size()).putInt(irqs).putInt(0).putInt(0)
            .putInt(machine.irqsPerCore()).putInt(machine.header(0x4C));
        b.put(name.getBytes(StandardCharsets.US_ASCII)).position(ArchInfoFormat.HEADER_SIZE);
        clusters.forEach(c -> b.putInt(c[0]).putInt(c[1]).putInt(c[2]).putInt(c[3]).putInt(c[4]));
        cores.forEach(c -> b.putInt(c[0]).putInt(c[1]).putInt(c[2]));
        int irqOffset = 0;
        for (final Entry d : devices)
        {
            b.putLong(d.base()).putLong(d.size()).putInt(d.type()).putInt(d.channels()).putInt(d.args()[0])
                .putInt(d.args()[1]).putInt(d.args()[2]).putInt(d.args()[3]).putInt(d.irqs().size())
                .putInt(irqOffset);
            irqOffset += d.irqs().size();
        }
        for (final Entry d : devices)
        {
            for (final int[] i : d.irqs())
            {
                b.putInt(i[0]).put((byte)i[1]).put((byte)i[2]).put((byte)i[3]).put((byte)0);
            }
        }
        return b.array();
    }

    /** @return arch_info.bin's bytes. */
    byte[] bytes()
    {
        return bytes;
    }

    /** @return what the instance's HATs translate. */
    HatProgram program()
    {
        return program;
    }

    /** @return the multiplexer's routes: IOPIC input, then route value. */
    List<int[]> routes()
    {
        return routes;
    }

    /** @return cores in all. */
    int cores()
    {
        return cores;
    }
}
