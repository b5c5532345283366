package org.smpboot.sim.hw;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.smpboot.sim.platform.Cluster;
import org.smpboot.sim.platform.Device;
import org.smpboot.sim.platform.DeviceType;

/**
 * What a machine has in hypervisor mode (seed 000) beyond its arch_info: the HATs, the per-instance IOPICs and the
 * interrupt multiplexer, at fixed machine addresses that the hypervisor's firmware is built for (as TSAR's preloader
 * is built for its platform's addresses). Fitted by the host before the cores start; the hypervisor then programs
 * every part over the bus.
 *
 * <table>
 * <caption>The hypervisor's hardware map (offsets in a cluster; K channels)</caption>
 * <tr><th>where</th><th>what</th></tr>
 * <tr><td>every cluster with cores, 0xF8000000</td><td>the core HAT of the cluster
 * ({@link Hat})</td></tr>
 * <tr><td>every cluster with cores, 0xF8001000</td><td>the HAT of the cluster's DMA</td></tr>
 * <tr><td>the hypervisor's cluster, 0xE2000000 + i x 0x1000</td><td>IOC channel i (a block device, fitted with the
 * instance's disk when an instance takes the channel)</td></tr>
 * <tr><td>the hypervisor's cluster, 0xE4000000 + t x 0x1000</td><td>TTY channel t (4 sub-channels, fitted when an
 * instance takes it)</td></tr>
 * <tr><td>the hypervisor's cluster, 0x80000000 + t x 0x1000000</td><td>frame-buffer channel t (fitted likewise)</td></tr>
 * <tr><td>the hypervisor's cluster, 0xE8000000 + i x 0x1000</td><td>the HAT of IOC channel i's block device</td></tr>
 * <tr><td>the hypervisor's cluster, 0xE8010000 + t x 0x1000</td><td>the HAT of IOPIC t</td></tr>
 * <tr><td>the hypervisor's cluster, 0xE9000000 + t x 0x1000</td><td>IOPIC t: the instance with TTY channel t
 * programs it as its own IOPIC ({@link Iopic})</td></tr>
 * <tr><td>the hypervisor's cluster, 0xEA000000</td><td>the interrupt multiplexer ({@link IrqMux})</td></tr>
 * </table>
 */
public final class HyperHardware
{
    /** Offset of a cluster's core HAT. */
    public static final long CORE_HAT = 0xF800_0000L;
    /** Offset of a cluster's DMA HAT. */
    public static final long DMA_HAT = 0xF800_1000L;
    /** Offset of IOC channel 0; channel i at + i x {@link #CHANNEL_STRIDE}. */
    public static final long IOC = 0xE200_0000L;
    /** Offset of TTY channel 0. */
    public static final long TTY = 0xE400_0000L;
    /** Offset of frame-buffer channel 0; channel t at + t x {@link #FBF_STRIDE}. */
    public static final long FBF = 0x8000_0000L;
    /** Offset of the HAT of IOC channel 0. */
    public static final long IOC_HAT = 0xE800_0000L;
    /** Offset of the HAT of IOPIC 0. */
    public static final long PIC_HAT = 0xE801_0000L;
    /** Offset of IOPIC 0. */
    public static final long PIC = 0xE900_0000L;
    /** Offset of the interrupt multiplexer. */
    public static final long MUX = 0xEA00_0000L;
    /** Between two channels of a kind. */
    public static final long CHANNEL_STRIDE = 0x1000;
    /** Between two frame-buffer channels. */
    public static final long FBF_STRIDE = 0x100_0000;
    /** Most channels of each kind. */
    public static final int MAX_CHANNELS = 16;

    private final int hyperCxy;
    private final int channels;
    private final Hat[] coreHats = new Hat[PhysicalAddress.CXY_SPACE];
    private final Hat[] dmaHats = new Hat[PhysicalAddress.CXY_SPACE];
    private final List<Hat> iocHats = new ArrayList<>();
    private final List<Hat> picHats = new ArrayList<>();
    private final List<Iopic> pics = new ArrayList<>();
    private final IrqMux mux;
    private final List<MappedDevice> devices = new ArrayList<>();
    private final Map<Integer, CodeMap> codes = new ConcurrentHashMap<>();
    private final Machine machine;
    // the channel devices fitted for instances, guarded by this
    private final Bdv[] iocs;
    private final Tty[] ttys;
    private final Fbf[] fbfs;

    private HyperHardware(final Machine machine, final int hyperCxy, final int channels, final int resetVector,
        final Duration stopBound)
    {
        if (channels < 2 || channels > MAX_CHANNELS)
        {
            throw new IllegalArgumentException("--channels must be in 2.." + MAX_CHANNELS + ", got " + channels);
        }
        this.machine = machine;
        this.hyperCxy = hyperCxy;
        this.channels = channels;
        this.iocs = new Bdv[channels];
        this.ttys = new Tty[channels];
        this.fbfs = new Fbf[channels];
        for (final Cluster c : machine.platform().clusters())
        {
            if (c.cores() == 0)
            {
                continue;
            }
            final int cxy = c.cxy();
            coreHats[cxy] = new Hat(at(cxy, CORE_HAT), String.format("hat[0x%02x]", cxy), Hat.Kind.CORES, cxy, machine,
                codes::get, resetVector, stopBound);
            dmaHats[cxy] = new Hat(at(cxy, DMA_HAT), String.format("dma-hat[0x%02x]", cxy), Hat.Kind.MASTER, cxy,
                machine, codes::get, resetVector, stopBound);
            devices.add(coreHats[cxy]);
            devices.add(dmaHats[cxy]);
            machine.deviceSpace(cxy, dmaHats[cxy]);
        }
        final Device picShape = machine.platform().devices().stream().filter(d -> d.type() == DeviceType.PIC_TSR)
            .findFirst().orElse(null);
        final int picInputs = picShape == null ? IrqMux.INPUTS : Math.min(IrqMux.INPUTS, picShape.channels());
        for (int k = 0; k < channels; k++)
        {
            final Hat ioc = new Hat(at(hyperCxy, IOC_HAT + k * CHANNEL_STRIDE), "ioc-hat[" + k + "]", Hat.Kind.MASTER,
                hyperCxy, machine, codes::get, resetVector, stopBound);
            final Hat pic = new Hat(at(hyperCxy, PIC_HAT + k * CHANNEL_STRIDE), "pic-hat[" + k + "]", Hat.Kind.MASTER,
                hyperCxy, machine, codes::get, resetVector, stopBound);
            iocHats.add(ioc);
            picHats.add(pic);
            final Device d = new Device(at(hyperCxy, PIC + k * CHANNEL_STRIDE), 0x1000, DeviceType.PIC_TSR, picInputs,
                picInputs, 0, 0, 0, 0, 0);
            pics.add(new Iopic(d, new HatContext(machine, machine.config(), pic, "IOPIC " + k)));
        }
        devices.addAll(iocHats);
        devices.addAll(picHats);
        devices.addAll(pics);
        this.mux = new IrqMux(at(hyperCxy, MUX), pics);
        devices.add(mux);
    }

    /**
     * Fits the hypervisor's hardware into a machine that has not started, and maps it with the machine's devices.
     *
     * @param machine     the machine.
     * @param hyperCxy    the hypervisor's cluster, where the channels sit.
     * @param channels    IOC, TTY and frame-buffer channels (2 .. {@value #MAX_CHANNELS}).
     * @param resetVector where a core released from reset by its HAT starts.
     * @param stopBound   how long holding a core in reset waits for it to stop.
     * @return the hardware.
     * @throws IllegalArgumentException on a bad channel count.
     */
    public static HyperHardware fit(final Machine machine, final int hyperCxy, final int channels,
        final int resetVector, final Duration stopBound)
    {
        final HyperHardware h = new HyperHardware(machine, hyperCxy, channels, resetVector, stopBound);
        h.attach();
        return h;
    }

    // maps the machine's devices, the hypervisor's hardware and the channel devices fitted now
    private synchronized void attach()
    {
        final List<MappedDevice> all = new ArrayList<>(machine.devices());
        all.addAll(devices);
        for (int k = 0; k < channels; k++)
        {
            for (final MappedDevice d : new MappedDevice[] {iocs[k], ttys[k], fbfs[k]})
            {
                if (d != null)
                {
                    all.add(d);
                }
            }
        }
        machine.bus().attach(all);
    }

    /**
     * Fits IOC channel {@code channel} with a disk (the hypervisor's storage backend inserting an instance's disk):
     * a block device at the channel's address, its transfers through the channel's HAT, its line into the
     * multiplexer.
     *
     * @param channel the channel.
     * @param disk    the disk image (a missing one makes every command fail, as a missing medium).
     */
    public synchronized void fitIoc(final int channel, final Path disk)
    {
        unfitIoc(channel);
        final Device d = new Device(at(hyperCxy, IOC + channel * CHANNEL_STRIDE), 0x1000, DeviceType.IOC_BDV, 1, 0,
            0, 0, 0, 0, 0);
        final Bdv bdv = new Bdv(d, new HatContext(machine, machine.config().withDisk(disk), iocHats.get(channel),
            "IOC channel " + channel));
        bdv.connectIrq(0, false, mux.source(DeviceType.IOC_BDV.func(), channel, 0, false));
        iocs[channel] = bdv;
        attach();
    }

    /**
     * Fits TTY channel {@code channel} with its sub-channels, each logged to {@code tty<s>.log} in a directory, and
     * frame-buffer channel {@code channel} when the machine has a frame buffer (its size).
     *
     * @param channel the channel.
     * @param subs    sub-channels.
     * @param logs    where the logs go.
     * @throws java.io.UncheckedIOException when a log cannot be created.
     */
    public synchronized void fitTty(final int channel, final int subs, final Path logs)
    {
        unfitTty(channel);
        final Device d = new Device(at(hyperCxy, TTY + channel * CHANNEL_STRIDE), (long)subs * Tty.SPAN * 4,
            DeviceType.TXT_TTY, subs, 0, 0, 0, 0, 0, 0);
        final Tty tty = new Tty(d, new HatContext(machine, machine.config().withTtyDir(logs).withConsole(null), null,
            "TTY channel " + channel));
        for (int s = 0; s < subs; s++)
        {
            tty.connectIrq(s, true, mux.source(DeviceType.TXT_TTY.func(), channel, s, true));
        }
        ttys[channel] = tty;
        final Device shape = machine.platform().devices().stream().filter(x -> x.type() == DeviceType.FBF_SCL)
            .findFirst().orElse(null);
        if (shape != null)
        {
            fbfs[channel] = new Fbf(new Device(at(hyperCxy, FBF + channel * FBF_STRIDE), shape.size(),
                DeviceType.FBF_SCL, 1, shape.arg0(), shape.arg1(), 0, 0, 0, 0));
        }
        attach();
    }

    /**
     * Takes the devices of IOC channel {@code channel} out: closed (its disk file too), unmapped, its line low.
     *
     * @param channel the channel.
     */
    public synchronized void unfitIoc(final int channel)
    {
        if (iocs[channel] != null)
        {
            iocs[channel].close();
            iocs[channel] = null;
            mux.source(DeviceType.IOC_BDV.func(), channel, 0, false).set(false);
            attach();
        }
    }

    /**
     * Takes the devices of TTY and frame-buffer channel {@code channel} out: closed (logs flushed), unmapped, lines
     * low.
     *
     * @param channel the channel.
     */
    public synchronized void unfitTty(final int channel)
    {
        if (ttys[channel] != null)
        {
            for (int s = 0; s < ttys[channel].channels(); s++)
            {
                mux.source(DeviceType.TXT_TTY.func(), channel, s, true).set(false);
            }
            ttys[channel].close();
            ttys[channel] = null;
            fbfs[channel] = null;
            attach();
        }
    }

    /**
     * @param channel a TTY channel.
     * @return its device while an instance holds it, else null.
     */
    public synchronized Tty tty(final int channel)
    {
        return ttys[channel];
    }

    /** Closes every channel device fitted. */
    public synchronized void close()
    {
        for (int k = 0; k < channels; k++)
        {
            if (iocs[k] != null)
            {
                iocs[k].close();
            }
            if (ttys[k] != null)
            {
                ttys[k].close();
            }
        }
    }

    private static long at(final int cxy, final long offset)
    {
        return (long)cxy << 32 | offset;
    }

    /** @return the hypervisor's cluster. */
    public int hyperCxy()
    {
        return hyperCxy;
    }

    /** @return channels of each kind. */
    public int channels()
    {
        return channels;
    }

    /** @return every device it added, to map again with the instances' channel devices. */
    public List<MappedDevice> devices()
    {
        return List.copyOf(devices);
    }

    /**
     * @param cxy a cluster with cores.
     * @return its core HAT, or null.
     */
    public Hat coreHat(final int cxy)
    {
        return coreHats[cxy & 0xFF];
    }

    /**
     * @param cxy a cluster with cores.
     * @return the HAT of its DMA, or null.
     */
    public Hat dmaHat(final int cxy)
    {
        return dmaHats[cxy & 0xFF];
    }

    /**
     * @param channel an IOC channel.
     * @return the HAT its block device's transfers go through.
     */
    public Hat iocHat(final int channel)
    {
        return iocHats.get(channel);
    }

    /**
     * @param channel a TTY channel.
     * @return the IOPIC of the instance holding it.
     */
    public Iopic pic(final int channel)
    {
        return pics.get(channel);
    }

    /** @return the interrupt multiplexer: channel devices drive its sources when they are fitted. */
    public IrqMux mux()
    {
        return mux;
    }

    /**
     * The simulator's record of the software each instance runs, which its cores' jumps resolve in through their HAT
     * ({@link Hat#code()}): set when the hypervisor loads an instance, removed when it is killed.
     *
     * @param instance the instance.
     * @param code     its code map, or null to forget it.
     */
    public void software(final int instance, final CodeMap code)
    {
        if (code == null)
        {
            codes.remove(instance);
        }
        else
        {
            codes.put(instance, code);
        }
    }
}
