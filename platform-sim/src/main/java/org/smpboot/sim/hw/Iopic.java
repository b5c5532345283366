package org.smpboot.sim.hw;

import org.smpboot.sim.platform.Device;

/**
 * TSAR's external interrupt controller, {@code PIC_TSR} (vci_iopic, reference almos-mkh.md sections 1 and 8): it
 * turns the level of each external interrupt wire into a write to an XCU WTI mailbox, so that an I/O interrupt
 * reaches any cluster's core as a software interrupt.
 *
 * <p>Register layout: 4 words per input {@code i}, byte offset {@code i * 16 + 4 * reg}:
 * <pre>
 * reg  name     read                          write
 *  0   ADDRESS  low 32 bits of the mailbox    low 32 bits of the mailbox's physical address
 *  1   EXTEND   target cluster                bits 39..32 of that address (only the low 8 bits are kept)
 *  2   STATUS   current input level, 0 or 1   bus error (read-only)
 *  3   MASK     1 when enabled                bit 0: 1 enables forwarding, 0 disables it
 * </pre>
 * An offset beyond the last input is a {@link BusError} naming the register.
 *
 * <p>Forwarding: when an enabled input rises (low to high), or when {@code MASK} enables a disabled input whose
 * level is already high, the IOPIC writes one 32-bit word to {@code EXTEND << 32 | ADDRESS} over the bus, as its own
 * initiator {@code iopic[0xcc]}. The word written is the input number: the real component's payload is not in our
 * sources, and the input number is what a kernel handler reading the mailbox most usefully gets. A level that stays
 * high sends nothing more; it must fall and rise again.
 *
 * <p>Errors: a bus error raised by the forwarding write is recorded ({@link #lastError()}) and rethrown to whoever
 * caused the forward: the device thread that raised the line, or the core that wrote {@code MASK}. It is never
 * swallowed.
 *
 * <p>Thread safety: registers are guarded by this object's monitor; input lines are set from device threads and
 * registers written from core threads at once. The decision to forward is taken under the lock (so a rising edge is
 * forwarded once), but the bus write itself happens after the lock is released: the target may be any device, and
 * a device that holds its own lock while raising its line into this IOPIC must not meet this IOPIC waiting on it.
 */
public final class Iopic extends RegisterDevice implements IrqSink
{
    /** Word index of an input's ADDRESS register. */
    public static final int ADDRESS = 0;
    /** Word index of an input's EXTEND register. */
    public static final int EXTEND = 1;
    /** Word index of an input's STATUS register. */
    public static final int STATUS = 2;
    /** Word index of an input's MASK register. */
    public static final int MASK = 3;
    /** Words per input. */
    public static final int SPAN = 4;

    private static final String[] REGISTER = {"ADDRESS", "EXTEND", "STATUS", "MASK"};

    private final Bus bus;
    private final Initiator initiator;
    private final int inputs;

    // Guarded by this.
    private final int[] address;
    private final int[] extend;
    private final boolean[] enabled;
    private final boolean[] level;

    private volatile BusError lastError;

    /**
     * @param descriptor arch_info's entry: {@code channels} inputs.
     * @param ctx        the machine: its bus, and an initiator for the forwarding writes.
     */
    public Iopic(final Device descriptor, final DeviceContext ctx)
    {
        super(descriptor, "iopic");
        this.bus = ctx.bus();
        this.initiator = ctx.initiator(name, descriptor.cxy());
        this.inputs = descriptor.channels();
        this.address = new int[inputs];
        this.extend = new int[inputs];
        this.enabled = new boolean[inputs];
        this.level = new boolean[inputs];
    }

    @Override
    public synchronized int read32(final Initiator who, final int offset)
    {
        final int i = checkInput(who, "read32", offset);
        return switch ((offset >>> 2) & (SPAN - 1))
        {
            case ADDRESS -> address[i];
            case EXTEND -> extend[i];
            case STATUS -> level[i] ? 1 : 0;
            default -> enabled[i] ? 1 : 0;
        };
    }

    @Override
    public void write32(final Initiator who, final int offset, final int value)
    {
        final long target;
        synchronized (this)
        {
            final int i = checkInput(who, "write32", offset);
            final int reg = (offset >>> 2) & (SPAN - 1);
            final boolean wasEnabled = enabled[i];
            switch (reg)
            {
                case ADDRESS -> address[i] = value;
                case EXTEND -> extend[i] = value & 0xFF;
                case MASK -> enabled[i] = (value & 1) != 0;
                default -> throw new BusError(who, "write32", descriptor.base() + offset, name + " " +
                    REGISTER[reg] + "[" + i + "] is read-only");
            }
            // Enabling an input that is already high forwards now: its edge happened while it was masked.
            target = !wasEnabled && enabled[i] && level[i] ? target(i) : -1;
        }
        if (target >= 0)
        {
            forward(target, offset / (SPAN * 4));
        }
    }

    @Override
    public IrqLine input(final int port)
    {
        if (port < 0 || port >= inputs)
        {
            throw new IllegalArgumentException(name + " has no input " + port + " (" + inputs + " inputs)");
        }
        return high -> setLevel(port, high);
    }

    /** @return the last bus error a forwarding write raised, or null. */
    public BusError lastError()
    {
        return lastError;
    }

    private void setLevel(final int i, final boolean high)
    {
        final long target;
        synchronized (this)
        {
            // The target is read with the decision, so a forward goes where the registers said at the edge.
            target = high && !level[i] && enabled[i] ? target(i) : -1;
            level[i] = high;
        }
        if (target >= 0)
        {
            forward(target, i);
        }
    }

    /** Caller holds the lock. */
    private long target(final int i)
    {
        return (long)extend[i] << 32 | address[i] & 0xFFFF_FFFFL;
    }

    private void forward(final long target, final int i)
    {
        try
        {
            bus.write32(initiator, target, i);
        }
        catch (final BusError e)
        {
            lastError = e;
            throw e;
        }
    }

    private int checkInput(final Initiator who, final String access, final int offset)
    {
        final int i = offset / (SPAN * 4);
        if (i >= inputs)
        {
            throw new BusError(who, access, descriptor.base() + offset, String.format(
                "%s has no register at offset 0x%03x (%s of input %d; %d inputs)", name, offset,
                REGISTER[(offset >>> 2) & (SPAN - 1)], i, inputs));
        }
        return i;
    }
}
