package org.smpboot.sim.hyper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.smpboot.sim.hw.Bdv;
import org.smpboot.sim.hw.Fbf;
import org.smpboot.sim.hw.IrqSource;
import org.smpboot.sim.hw.Iopic;
import org.smpboot.sim.hw.Machine;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.hw.MappedDevice;
import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.hw.Tty;
import org.smpboot.sim.platform.Device;
import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.platform.Irq;
import org.smpboot.sim.platform.Platform;

/**
 * The device channels of one instance, as the hypervisor's machine holds them in its own cluster: IOC channel
 * {@code i} (a block device over the instance's disk image), TTY channel {@code t} (4 sub-channels, one log file each),
 * frame-buffer channel {@code t} and the instance's IOPIC inputs. Their registers sit at machine addresses no guest
 * names; the instance reaches them only through the HAT windows {@link #windows()} gives, at the addresses its own
 * arch-info puts its I/O cluster's devices.
 *
 * <p>Machine addresses, in the hypervisor's cluster: IOC channel i at {@code 0xE2000000 + i * 0x1000}, TTY channel t
 * at {@code 0xE4000000 + t * 0x1000} (4 x 16 bytes), FBF channel t at {@code 0x80000000 + t * 0x1000000}, the IOPIC of
 * TTY channel t's instance at {@code 0xE9000000 + t * 0x1000}.
 */
final class GuestDevices implements AutoCloseable
{
    /** TTY sub-channels per instance. */
    static final int TTY_SUBCHANNELS = 4;

    private final List<MappedDevice> devices = new ArrayList<>();
    private final List<HatTable.Window> windows = new ArrayList<>();
    private final List<String> routes = new ArrayList<>();

    /**
     * @param machine  the machine.
     * @param hyperCxy the hypervisor's cluster.
     * @param guest    the instance's platform.
     * @param ioc      its IOC channel.
     * @param disk     the disk image of that channel.
     * @param tty      its TTY (and frame-buffer) channel.
     * @param ttyDir   where its sub-channels' logs go.
     * @param ioHat    the HAT of its I/O initiators.
     */
    GuestDevices(final Machine machine, final int hyperCxy, final Platform guest, final int ioc, final Path disk,
        final int tty, final Path ttyDir, final Hat ioHat)
    {
        final MachineConfig base = machine.config();
        final long at = (long)hyperCxy << 32;
        Tty ttyModel = null;
        Bdv iocModel = null;
        Iopic pic = null;
        Device picGuest = null;
        try
        {
            for (final Device d : guest.devices())
            {
                if (d.cxy() != guest.ioCxy())
                {
                    continue;
                }
                switch (d.type().func() == DeviceType.IOC_BDV.func() ? DeviceType.IOC_BDV : d.type())
                {
                    case IOC_BDV ->
                    {
                        final Device m = new Device(at | 0xE200_0000L + ioc * 0x1000L, 0x1000, DeviceType.IOC_BDV, 1, 0,
                            0, 0, 0, 0, 0);
                        iocModel = new Bdv(m, new ChannelContext(machine, base.withDisk(disk), ioHat));
                        add(d, iocModel, d.size(), "IOC channel " + ioc);
                    }
                    case TXT_TTY ->
                    {
                        final long size = TTY_SUBCHANNELS * Tty.SPAN * 4L;
                        final Device m = new Device(at | 0xE400_0000L + tty * 0x1000L, size, DeviceType.TXT_TTY,
                            TTY_SUBCHANNELS, 0, 0, 0, 0, 0, 0);
                        ttyModel = new Tty(m, new ChannelContext(machine, base.withTtyDir(ttyDir).withConsole(null),
                            ioHat));
                        add(d, ttyModel, size, "TTY channel " + tty);
                    }
                    case FBF_SCL ->
                    {
                        final Device m = new Device(at | 0x8000_0000L + tty * 0x100_0000L, d.size(),
                            DeviceType.FBF_SCL, 1, d.arg0(), d.arg1(), 0, 0, 0, 0);
                        add(d, new Fbf(m), d.size(), "FBF channel " + tty);
                    }
                    case PIC_TSR ->
                    {
                        final Device m = new Device(at | 0xE900_0000L + tty * 0x1000L, d.size(), DeviceType.PIC_TSR,
                            d.channels(), d.arg0(), 0, 0, 0, 0, 0);
                        pic = new Iopic(m, new ChannelContext(machine, base, ioHat));
                        picGuest = d;
                        add(d, pic, d.size(), "IOPIC of TTY channel " + tty);
                    }
                    default ->
                    {
                        // a NIC: none in an instance's arch-info
                    }
                }
            }
            if (pic != null)
            {
                route(guest, picGuest, pic, iocModel, ttyModel);
            }
        }
        catch (final RuntimeException e)
        {
            close();
            throw e;
        }
    }

    private void add(final Device guestDevice, final MappedDevice model, final long size, final String what)
    {
        devices.add(model);
        windows.add(new HatTable.Window(guestDevice.base(), size, model.descriptor().base(), what));
    }

    // the interrupt multiplexer: each IOPIC input of the instance's arch-info hears the instance's own channel
    private void route(final Platform guest, final Device picGuest, final Iopic pic, final Bdv ioc, final Tty tty)
    {
        for (int port = 0; port < picGuest.irqs(); port++)
        {
            final Irq irq = guest.irqs().get(picGuest.irqOffset() + port);
            if (!irq.valid())
            {
                continue;
            }
            final IrqSource src = irq.source() == DeviceType.TXT_TTY ? tty :
                irq.source().func() == DeviceType.IOC_BDV.func() ? ioc : null;
            if (src != null)
            {
                src.connectIrq(irq.channel(), irq.rx(), pic.input(port));
                routes.add(irq.source().name() + " " + irq.channel() + (irq.rx() ? " rx" : "") + " -> input " + port);
            }
        }
    }

    /** @return the models, to attach to the bus. */
    List<MappedDevice> devices()
    {
        return List.copyOf(devices);
    }

    /** @return the HAT windows of the instance's I/O cluster. */
    List<HatTable.Window> windows()
    {
        return List.copyOf(windows);
    }

    /** @return the IOPIC inputs wired, as {@code TXT_TTY 0 rx -> input 16}. */
    List<String> routes()
    {
        return List.copyOf(routes);
    }

    /**
     * @param sub a TTY sub-channel.
     * @return what it printed.
     */
    String output(final int sub)
    {
        return devices.stream().filter(d -> d instanceof Tty).map(d -> ((Tty)d).output(sub)).findFirst().orElse("");
    }

    /** @return the machine addresses of the channels, for the log. */
    String where()
    {
        return windows.stream().map(w -> w.what() + " at " + PhysicalAddress.format(w.machine()))
            .reduce((a, b) -> a + ", " + b).orElse("");
    }

    @Override
    public void close()
    {
        devices.forEach(MappedDevice::close);
    }
}
