package org.smpboot.sim.hw;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.smpboot.sim.platform.Device;
import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.trace.EventKind;

/**
 * The interrupt multiplexer of the hypervisor's machine (seed 000, "Routage des interruptions: l'hyperviseur
 * configure les multiplexeurs"): a crossbar from the interrupt lines of the I/O channels (each IOC channel's line,
 * each TTY channel's sub-channel lines) to the inputs of the per-instance IOPICs, programmed by the hypervisor. An
 * instance's IOPIC input hears exactly the channel line its route names, so an instance's interrupts come from its
 * own channels only. The simulator's design (TSAR's is not public).
 *
 * <table>
 * <caption>Registers (32-bit words; 0 after reset)</caption>
 * <tr><th>offset</th><th>name</th><th>read / write</th></tr>
 * <tr><td>4 * (t * {@value #INPUTS} + p)</td><td>ROUTE[t][p]</td><td>what input p of IOPIC t hears: bit 31 VALID,
 * bits 23..16 the source's device function (4 IOC, 9 TXT), bits 15..8 its channel, bits 7..1 its sub-channel (TTY),
 * bit 0 RX (1: the receive line, 0: the transmit or only line); 0: nothing (the input stays low)</td></tr>
 * <tr><td>{@value #CHANNELS}</td><td>CHANNELS</td><td>read only: how many IOPICs it feeds, one per I/O channel (at
 * most {@value HyperHardware#MAX_CHANNELS}): what the hypervisor reads to learn how many channels the machine
 * has</td></tr>
 * </table>
 * Any other offset, beyond the last IOPIC's routes, and a write to CHANNELS are a {@link BusError}. Writing a route sets the input to the new source's level at
 * once (a rising level is an edge the IOPIC forwards).
 *
 * <p>Thread safety: routes and source levels are guarded by this object's monitor; the IOPIC inputs are driven after
 * it is released, on the thread that changed the level (a channel device drives its line under its own lock, so one
 * source's changes arrive in order).
 */
public final class IrqMux implements MappedDevice
{
    /** Inputs of each IOPIC. */
    public static final int INPUTS = 32;
    /** ROUTE's valid bit. */
    public static final int VALID = 1 << 31;
    /** Offset of the read-only CHANNELS register: the device's last word, after the routes of every IOPIC. */
    public static final int CHANNELS = 0xFFC;

    private final Device descriptor;
    private final String name;
    private final List<IrqSink> pics = new ArrayList<>();
    // guarded by this
    private final int[] routes;
    private final Map<Integer, Boolean> levels = new HashMap<>();

    /**
     * @param base its machine address.
     * @param pics the IOPICs it feeds, channel by channel.
     */
    public IrqMux(final long base, final List<? extends IrqSink> pics)
    {
        if (4 * INPUTS * pics.size() > CHANNELS)
        {
            throw new IllegalArgumentException(pics.size() + " IOPICs: their routes would overlap CHANNELS (at most " +
                CHANNELS / 4 / INPUTS + ")");
        }
        this.descriptor = new Device(base, CHANNELS + 4, DeviceType.PIC_TSR, pics.size(), 0, 0, 0, 0, 0, 0);
        this.name = String.format("irq-mux[0x%02x]", descriptor.cxy());
        this.pics.addAll(pics);
        this.routes = new int[INPUTS * pics.size()];
    }

    /**
     * @param func    the source's device function ({@link DeviceType#func()}).
     * @param channel its channel.
     * @param sub     its sub-channel (TTY), else 0.
     * @param rx      its receive line.
     * @return the route value naming that source.
     */
    public static int route(final int func, final int channel, final int sub, final boolean rx)
    {
        return VALID | (func & 0xFF) << 16 | (channel & 0xFF) << 8 | (sub & 0x7F) << 1 | (rx ? 1 : 0);
    }

    /**
     * @param func    the source's device function.
     * @param channel its channel.
     * @param sub     its sub-channel.
     * @param rx      its receive line.
     * @return the line a channel device drives: wired once, when the device is fitted.
     */
    public IrqLine source(final int func, final int channel, final int sub, final boolean rx)
    {
        final int key = route(func, channel, sub, rx);
        return level -> set(key, level);
    }

    @Override
    public Device descriptor()
    {
        return descriptor;
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public synchronized int read32(final Initiator who, final int offset)
    {
        if (offset == CHANNELS)
        {
            return pics.size();
        }
        return routes[index(who, "read32", offset)];
    }

    @Override
    public void write32(final Initiator who, final int offset, final int value)
    {
        if (offset == CHANNELS)
        {
            throw new BusError(who, "write32", descriptor.base() + offset, name + " CHANNELS is read only");
        }
        who.trace(EventKind.HAT, name + " ROUTE[" + offset / 4 / INPUTS + "][" + offset / 4 % INPUTS + "]",
            Map.of("value", String.format("0x%08x", value)));
        final boolean level;
        final int i;
        synchronized (this)
        {
            i = index(who, "write32", offset);
            routes[i] = (value & VALID) != 0 ? value : 0;
            level = routes[i] != 0 && levels.getOrDefault(routes[i], false);
        }
        pics.get(i / INPUTS).input(i % INPUTS).set(level);
    }

    private void set(final int key, final boolean level)
    {
        final List<Integer> inputs = new ArrayList<>();
        synchronized (this)
        {
            levels.put(key, level);
            for (int i = 0; i < routes.length; i++)
            {
                if (routes[i] == key)
                {
                    inputs.add(i);
                }
            }
        }
        for (final int i : inputs)
        {
            pics.get(i / INPUTS).input(i % INPUTS).set(level);
        }
    }

    private int index(final Initiator who, final String access, final int offset)
    {
        if (offset < 0 || offset / 4 >= routes.length)
        {
            throw new BusError(who, access, descriptor.base() + offset, String.format("%s has no register at offset " +
                "0x%03x (%d IOPICs of %d inputs)", name, offset, pics.size(), INPUTS));
        }
        return offset / 4;
    }
}
