package org.smpboot.sim.hw;

import java.util.Map;

import org.smpboot.sim.trace.EventKind;

import org.smpboot.sim.platform.Device;

/**
 * A cluster's interrupt controller, SoCLib's {@code vci_xicu} (reference almos-mkh.md sections 1 and 8): 16 HWI inputs
 * driven by wires, 16 PTI timers counting {@link Clock} cycles, 16 WTI mailboxes written over the bus, and
 * {@code cores x irqsPerCore} output lines, three bit masks per output. Core {@code lid} owns outputs
 * {@code irqsPerCore * lid .. irqsPerCore * lid + irqsPerCore - 1}; an output is asserted while
 * {@code (active & mask) != 0} for any of the three kinds.
 *
 * <p>Register layout: word index {@code (func << 5) | idx}, byte offset {@code func << 7 | idx << 2}. For
 * {@code WTI_REG} and {@code PTI_*} {@code idx} is an input; for {@code MSK_*} and {@code PRIO} it is an output.
 * <pre>
 * func  name                          read                              write
 *  0    WTI_REG[i]                    value, and acknowledges WTI i     stores value, raises WTI i
 *  1    PTI_PER[i]                    period                            period (0 stops; see below)
 *  2    PTI_VAL[i]                    countdown                         countdown
 *  3    PTI_ACK[i]                    0, and acknowledges PTI i         bus error (read-only)
 *  4    MSK_PTI[o]                    mask                              mask
 *  5    MSK_PTI_ENABLE[o]             bus error (write-only)            mask |= value
 *  6    MSK_PTI_DISABLE / PTI_ACTIVE  active PTIs routed to o           mask &amp;= ~value
 *  8    MSK_HWI[o]                    mask                              mask
 *  9    MSK_HWI_ENABLE[o]             bus error (write-only)            mask |= value
 * 10    MSK_HWI_DISABLE / HWI_ACTIVE  high HWI lines routed to o        mask &amp;= ~value
 * 12    MSK_WTI[o]                    mask                              mask
 * 13    MSK_WTI_ENABLE[o]             bus error (write-only)            mask |= value
 * 14    MSK_WTI_DISABLE / WTI_ACTIVE  raised WTIs routed to o           mask &amp;= ~value
 * 15    PRIO[o]                       bit0 pti_ok, bit1 hwi_ok,         bus error (read-only)
 *                                     bit2 wti_ok, 12:8 pti_id,
 *                                     20:16 hwi_id, 28:24 wti_id
 * </pre>
 * Any other function (including SoCLib's CONFIG and ALMOS-MK's counters), or an index beyond the inputs or outputs,
 * is a {@link BusError} naming the register. The {@code *_ACTIVE} reads and {@code PRIO} see only what the output's
 * mask routes, as vci_xicu does; an {@code _id} field is the lowest such index, 0 when its {@code _ok} bit is clear.
 *
 * <p>Timers: writing {@code PTI_PER} with a non-zero period loads the countdown when it is 0 (so a fresh timer first
 * fires {@code PER} cycles later); writing 0 stops the timer, clears its countdown and its pending tick. A running
 * timer counts down by the cycles of each clock advance; at 0 it reloads {@code PER} and raises PTI {@code i}. Several
 * periods elapsing within one advance leave one pending tick, but {@link #ticks(int)} counts them all. A countdown of
 * 0 on a running timer (written through {@code PTI_VAL}) expires at the next cycle.
 *
 * <p>Timers are events on the {@link Clock}: the countdowns are kept as of cycle {@code synced} and caught up to the
 * clock lazily (when a timer's register is read or written, or when the clock reaches the earliest expiry, which
 * {@link Clock.Ticking#due()} tells it; a timer whose tick is pending is left out of that until acknowledged, as its
 * expiries raise nothing), so an advance of the clock that no timer sees costs this XCU nothing; what the registers
 * read and when lines rise is the same as if every advance had counted every timer down.
 *
 * <p>Thread safety: core threads, device threads (HWI lines, the IOPIC's forwarded writes) and the clock's thread
 * call in at once. All register state is guarded by this object's monitor, so every access is atomic as on the real
 * bus (a WTI read cannot lose a concurrent write's activation). A change that raises an output computes, under the
 * lock, which cores gained an asserted line; those cores are {@link Processor#signal() signalled} after the lock is
 * released. The state is therefore published before the signal, and {@link #pending(int)} takes the same lock, so
 * a core that re-checks after waking sees it: no wake-up is lost, and spurious ones are harmless.
 */
public final class Xcu extends RegisterDevice implements IrqSink, CoreInterrupts
{
    /** Register function {@code WTI_REG}. */
    public static final int WTI_REG = 0;
    /** Register function {@code PTI_PER}. */
    public static final int PTI_PER = 1;
    /** Register function {@code PTI_VAL}. */
    public static final int PTI_VAL = 2;
    /** Register function {@code PTI_ACK}. */
    public static final int PTI_ACK = 3;
    /** Register function {@code MSK_PTI}. */
    public static final int MSK_PTI = 4;
    /** Register function {@code MSK_PTI_ENABLE}. */
    public static final int MSK_PTI_ENABLE = 5;
    /** Register function {@code MSK_PTI_DISABLE}. */
    public static final int MSK_PTI_DISABLE = 6;
    /** Register function {@code MSK_HWI}. */
    public static final int MSK_HWI = 8;
    /** Register function {@code MSK_HWI_ENABLE}. */
    public static final int MSK_HWI_ENABLE = 9;
    /** Register function {@code MSK_HWI_DISABLE}. */
    public static final int MSK_HWI_DISABLE = 10;
    /** Register function {@code MSK_WTI}. */
    public static final int MSK_WTI = 12;
    /** Register function {@code MSK_WTI_ENABLE}. */
    public static final int MSK_WTI_ENABLE = 13;
    /** Register function {@code MSK_WTI_DISABLE}. */
    public static final int MSK_WTI_DISABLE = 14;
    /** Register function {@code PRIO}. */
    public static final int PRIO = 15;

    /**
     * @param func a register function, such as {@link #WTI_REG}.
     * @param idx  the input (WTI_REG, PTI_*) or output (MSK_*, PRIO) number.
     * @return the register's byte offset from the XCU base, {@code func << 7 | idx << 2}.
     */
    public static int offset(final int func, final int idx)
    {
        return func << 7 | idx << 2;
    }

    /** Kinds of input, indexes into {@link #active} and {@link #masks}. */
    private static final int PTI = 0;
    private static final int HWI = 1;
    private static final int WTI = 2;
    private static final String[] KIND = {"PTI", "HWI", "WTI"};

    /** The vci_xicu registers hold 32-bit masks. */
    private static final int MAX_INPUTS = 32;

    private final int[] counts = new int[3];
    private final int outputs;
    private final int irqsPerCore;
    private final Processor[] cores;

    // Guarded by this.
    private final int[] active = new int[3];
    private final int[][] masks;
    private final boolean[] asserted;
    private final int[] wtiValue;
    private final long[] wtiStamp; // virtual time: the writer's cycle and id, as a word's stamp (CycleCounter)
    private final long[] ptiPeriod;
    private final long[] ptiCountdown;
    private final long[] ptiTicks;
    /** The clock's cycle the countdowns stand at. */
    private long synced;
    private final Clock clock;

    /**
     * @param descriptor arch_info's entry: arg0 HWI, arg1 PTI, arg2 WTI inputs, arg3 outputs.
     * @param ctx        the machine: its cores (built before the devices) and its clock.
     */
    public Xcu(final Device descriptor, final DeviceContext ctx)
    {
        super(descriptor, "xcu");
        counts[HWI] = inputs("HWI", descriptor.arg0());
        counts[PTI] = inputs("PTI", descriptor.arg1());
        counts[WTI] = inputs("WTI", descriptor.arg2());
        this.outputs = descriptor.arg3();
        this.irqsPerCore = Math.max(1, ctx.platform().irqsPerCore());
        this.cores = new Processor[(outputs + irqsPerCore - 1) / irqsPerCore];
        for (int lid = 0; lid < cores.length; lid++)
        {
            cores[lid] = ctx.processor(descriptor.cxy(), lid);
        }
        this.masks = new int[3][outputs];
        this.asserted = new boolean[outputs];
        this.wtiValue = new int[counts[WTI]];
        this.wtiStamp = new long[counts[WTI]];
        this.ptiPeriod = new long[counts[PTI]];
        this.ptiCountdown = new long[counts[PTI]];
        this.ptiTicks = new long[counts[PTI]];
        this.clock = ctx.clock();
        this.synced = clock.cycles();
        // Last: the clock may call tick as soon as the listener is registered.
        clock.listen(new Clock.Ticking()
        {
            @Override
            public void tick(final long now, final long cycles)
            {
                Xcu.this.tick(now);
            }

            @Override
            public long due()
            {
                return Xcu.this.due();
            }
        });
    }

    private static int inputs(final String kind, final int n)
    {
        if (n < 0 || n > MAX_INPUTS)
        {
            throw new IllegalArgumentException("an XCU has 0 to " + MAX_INPUTS + " " + kind + " inputs, not " + n);
        }
        return n;
    }

    @Override
    public int read32(final Initiator who, final int offset)
    {
        final int func = offset >>> 7;
        final int idx = (offset >>> 2) & 0x1F;
        final int result;
        int wake = 0;
        synchronized (this)
        {
            if (func == PTI_VAL || func == PTI_ACK)
            {
                // (an acknowledged timer's expiries before now are not news after it: they are counted first)
                wake = catchUp(clock.cycles());
            }
            switch (func)
            {
                case WTI_REG ->
                {
                    checkInput(who, "read32", offset, WTI, idx);
                    active[WTI] &= ~(1 << idx);
                    updateOutputs();
                    result = wtiValue[idx];
                    final CycleCounter c = who.counts().clock();
                    if (c != null)
                    {
                        c.seen(wtiStamp[idx]); // an IPI received is a wait completed: the sender's time + latency
                    }
                }
                case PTI_PER -> result = (int)ptiPeriod[checkInput(who, "read32", offset, PTI, idx)];
                case PTI_VAL -> result = (int)ptiCountdown[checkInput(who, "read32", offset, PTI, idx)];
                case PTI_ACK ->
                {
                    checkInput(who, "read32", offset, PTI, idx);
                    active[PTI] &= ~(1 << idx);
                    updateOutputs();
                    result = 0;
                }
                case MSK_PTI -> result = masks[PTI][checkOutput(who, "read32", offset, idx)];
                case MSK_HWI -> result = masks[HWI][checkOutput(who, "read32", offset, idx)];
                case MSK_WTI -> result = masks[WTI][checkOutput(who, "read32", offset, idx)];
                case MSK_PTI_DISABLE -> result = routed(PTI, checkOutput(who, "read32", offset, idx));
                case MSK_HWI_DISABLE -> result = routed(HWI, checkOutput(who, "read32", offset, idx));
                case MSK_WTI_DISABLE -> result = routed(WTI, checkOutput(who, "read32", offset, idx));
                case PRIO -> result = prio(checkOutput(who, "read32", offset, idx));
                case MSK_PTI_ENABLE, MSK_HWI_ENABLE, MSK_WTI_ENABLE ->
                    throw new BusError(who, "read32", descriptor.base() + offset, name + " " + register(func, idx) +
                        " is write-only");
                default -> throw unknown(who, "read32", offset, func);
            }
        }
        if (func == WTI_REG)
        {
            who.trace(EventKind.IPI_RECEIVED, name + " WTI " + idx, Map.of("value", String.format("0x%08x",
                result)));
        }
        if (func == PTI_ACK)
        {
            clock.due(due()); // its next expiry is news again
        }
        // A read only lowers lines, but a timer caught up here may have expired (a parallel run's pacer between its
        // advance and its tick)
        wake(wake);
        return result;
    }

    @Override
    public void write32(final Initiator who, final int offset, final int value)
    {
        final int func = offset >>> 7;
        final int idx = (offset >>> 2) & 0x1F;
        if (func == WTI_REG)
        {
            who.trace(EventKind.IPI_SENT, name + " WTI " + idx, Map.of("value", String.format("0x%08x", value)));
        }
        int wake = 0;
        synchronized (this)
        {
            if (func == PTI_PER || func == PTI_VAL)
            {
                wake = catchUp(clock.cycles());
            }
            switch (func)
            {
                case WTI_REG ->
                {
                    wtiValue[checkInput(who, "write32", offset, WTI, idx)] = value;
                    final CycleCounter c = who.counts().clock();
                    wtiStamp[idx] = c == null ? 0 : c.stamp();
                    active[WTI] |= 1 << idx;
                }
                case PTI_PER -> writePeriod(checkInput(who, "write32", offset, PTI, idx), value);
                case PTI_VAL -> ptiCountdown[checkInput(who, "write32", offset, PTI, idx)] = value & 0xFFFF_FFFFL;
                case MSK_PTI -> masks[PTI][checkOutput(who, "write32", offset, idx)] = value;
                case MSK_HWI -> masks[HWI][checkOutput(who, "write32", offset, idx)] = value;
                case MSK_WTI -> masks[WTI][checkOutput(who, "write32", offset, idx)] = value;
                case MSK_PTI_ENABLE -> masks[PTI][checkOutput(who, "write32", offset, idx)] |= value;
                case MSK_HWI_ENABLE -> masks[HWI][checkOutput(who, "write32", offset, idx)] |= value;
                case MSK_WTI_ENABLE -> masks[WTI][checkOutput(who, "write32", offset, idx)] |= value;
                case MSK_PTI_DISABLE -> masks[PTI][checkOutput(who, "write32", offset, idx)] &= ~value;
                case MSK_HWI_DISABLE -> masks[HWI][checkOutput(who, "write32", offset, idx)] &= ~value;
                case MSK_WTI_DISABLE -> masks[WTI][checkOutput(who, "write32", offset, idx)] &= ~value;
                case PTI_ACK, PRIO ->
                    throw new BusError(who, "write32", descriptor.base() + offset, name + " " + register(func, idx) +
                        " is read-only");
                default -> throw unknown(who, "write32", offset, func);
            }
            wake |= updateOutputs();
        }
        if (func == PTI_PER || func == PTI_VAL)
        {
            clock.due(due());
        }
        wake(wake);
    }

    @Override
    public IrqLine input(final int port)
    {
        if (port < 0 || port >= counts[HWI])
        {
            throw new IllegalArgumentException(name + " has no HWI input " + port + " (" + counts[HWI] + " inputs)");
        }
        return level -> setHwi(port, level);
    }

    private void setHwi(final int port, final boolean level)
    {
        final int wake;
        synchronized (this)
        {
            active[HWI] = level ? active[HWI] | 1 << port : active[HWI] & ~(1 << port);
            wake = updateOutputs();
        }
        wake(wake);
    }

    @Override
    public synchronized boolean pending(final int lid)
    {
        final int first = lid * irqsPerCore;
        for (int o = Math.max(0, first); o < Math.min(outputs, first + irqsPerCore); o++)
        {
            if (asserted[o])
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @param pti a timer.
     * @return how many times it has expired since reset (several per advance when the period is short).
     */
    public long ticks(final int pti)
    {
        final int wake;
        final long ticks;
        synchronized (this)
        {
            wake = catchUp(clock.cycles()); // a pending timer's later expiries are counted lazily (due())
            ticks = ptiTicks[pti];
        }
        wake(wake);
        return ticks;
    }

    /** @return the output lines: cores x irqs per core. */
    public int outputs()
    {
        return outputs;
    }

    private void writePeriod(final int i, final int value)
    {
        final long per = value & 0xFFFF_FFFFL;
        ptiPeriod[i] = per;
        if (per == 0)
        {
            // Stopping a timer drops its pending tick too, as vci_xicu does.
            ptiCountdown[i] = 0;
            active[PTI] &= ~(1 << i);
        }
        else if (ptiCountdown[i] == 0)
        {
            ptiCountdown[i] = per;
        }
    }

    /** The clock reached this XCU's earliest expiry (or passed it): catch up and raise what expired. */
    private void tick(final long now)
    {
        final int wake;
        synchronized (this)
        {
            wake = catchUp(now);
        }
        wake(wake);
    }

    /**
     * Counts every running timer down by the cycles since {@link #synced}. Caller holds the lock.
     *
     * @param now the clock's cycle.
     * @return a bit per core that gained an asserted line.
     */
    private int catchUp(final long now)
    {
        final long cycles = now - synced;
        if (cycles <= 0)
        {
            return 0;
        }
        synced = now;
        boolean expired = false;
        for (int i = 0; i < ptiPeriod.length; i++)
        {
            final long per = ptiPeriod[i];
            if (per == 0)
            {
                continue;
            }
            final long left = Math.max(1, ptiCountdown[i]);
            if (cycles < left)
            {
                ptiCountdown[i] = left - cycles;
                continue;
            }
            // Expired at least once: count every period that elapsed, keep one pending tick.
            final long after = cycles - left;
            ptiTicks[i] += 1 + after / per;
            ptiCountdown[i] = per - after % per;
            active[PTI] |= 1 << i;
            expired = true;
        }
        return expired ? updateOutputs() : 0;
    }

    /**
     * @return the clock's cycle at which the earliest running timer whose tick is not pending expires,
     * {@link Long#MAX_VALUE} for none. A timer whose tick is still pending (not acknowledged) changes nothing by
     * expiring again but its count and countdown, which {@link #catchUp} computes for any number of periods at once
     * when the timer is next looked at (a register, an acknowledgement, another timer's expiry): so the clock need not
     * stop at each of its expiries. A deterministic run whose cores halted with their tick pending (left-out cores
     * wait for the cycle limit) would otherwise jump from one period to the next, millions of times.
     */
    private synchronized long due()
    {
        long left = Long.MAX_VALUE;
        for (int i = 0; i < ptiPeriod.length; i++)
        {
            if (ptiPeriod[i] != 0 && (active[PTI] & 1 << i) == 0)
            {
                left = Math.min(left, Math.max(1, ptiCountdown[i]));
            }
        }
        return left == Long.MAX_VALUE ? left : synced + left;
    }

    /**
     * Recomputes every output line. Caller holds the lock.
     *
     * @return a bit per core that gained an asserted line.
     */
    private int updateOutputs()
    {
        int wake = 0;
        for (int o = 0; o < outputs; o++)
        {
            final boolean up = (active[PTI] & masks[PTI][o]) != 0 || (active[HWI] & masks[HWI][o]) != 0 ||
                (active[WTI] & masks[WTI][o]) != 0;
            if (up && !asserted[o])
            {
                wake |= 1 << (o / irqsPerCore);
            }
            asserted[o] = up;
        }
        return wake;
    }

    private void wake(final int lids)
    {
        // Outside the lock: the state is already published, and a woken core's pending() must not wait for us.
        for (int lid = 0; lid < cores.length; lid++)
        {
            if ((lids & 1 << lid) != 0 && cores[lid] != null)
            {
                cores[lid].signal();
            }
        }
    }

    private int routed(final int kind, final int o)
    {
        return active[kind] & masks[kind][o];
    }

    private int prio(final int o)
    {
        final int pti = routed(PTI, o);
        final int hwi = routed(HWI, o);
        final int wti = routed(WTI, o);
        return (pti != 0 ? 1 : 0) | (hwi != 0 ? 2 : 0) | (wti != 0 ? 4 : 0) | lowest(pti) << 8 | lowest(hwi) << 16 |
            lowest(wti) << 24;
    }

    private static int lowest(final int bits)
    {
        return bits == 0 ? 0 : Integer.numberOfTrailingZeros(bits) & 0x1F;
    }

    private int checkInput(final Initiator who, final String access, final int offset, final int kind, final int idx)
    {
        if (idx >= counts[kind])
        {
            throw new BusError(who, access, descriptor.base() + offset, name + " " + register(offset >>> 7, idx) +
                ": no such " + KIND[kind] + " input (" + counts[kind] + " of them)");
        }
        return idx;
    }

    private int checkOutput(final Initiator who, final String access, final int offset, final int idx)
    {
        if (idx >= outputs)
        {
            throw new BusError(who, access, descriptor.base() + offset, name + " " + register(offset >>> 7, idx) +
                ": no such output (" + outputs + " of them)");
        }
        return idx;
    }

    private BusError unknown(final Initiator who, final String access, final int offset, final int func)
    {
        return new BusError(who, access, descriptor.base() + offset, String.format(
            "%s has no register at offset 0x%03x (function %d, index %d)", name, offset, func, (offset >>> 2) & 0x1F));
    }

    private static String register(final int func, final int idx)
    {
        final String n = switch (func)
        {
            case WTI_REG -> "WTI_REG";
            case PTI_PER -> "PTI_PER";
            case PTI_VAL -> "PTI_VAL";
            case PTI_ACK -> "PTI_ACK";
            case MSK_PTI -> "MSK_PTI";
            case MSK_PTI_ENABLE -> "MSK_PTI_ENABLE";
            case MSK_PTI_DISABLE -> "MSK_PTI_DISABLE";
            case MSK_HWI -> "MSK_HWI";
            case MSK_HWI_ENABLE -> "MSK_HWI_ENABLE";
            case MSK_HWI_DISABLE -> "MSK_HWI_DISABLE";
            case MSK_WTI -> "MSK_WTI";
            case MSK_WTI_ENABLE -> "MSK_WTI_ENABLE";
            case MSK_WTI_DISABLE -> "MSK_WTI_DISABLE";
            case PRIO -> "PRIO";
            default -> "function " + func;
        };
        return n + "[" + idx + "]";
    }
}
