package org.smpboot.sim.hw;

import org.smpboot.sim.platform.Device;

/**
 * The configuration and instrumentation interface of a cluster's L2 memory cache (TSAR {@code vci_mem_cache},
 * ALMOS-MKH's {@code MMC_TSR}). Word index {@code (func << 7) | idx}, i.e. byte offset {@code func << 9 | idx << 2}:
 *
 * <ul>
 * <li>func CONFIG 0: ADDR_LO 0, ADDR_HI 1, BUF_LENGTH 2, CMD_TYPE 3, stored. No cache is modelled (every access goes
 * straight to the bank), so a command (NOP 0, INVAL 1, SYNC 2) has nothing to do and completes at once: CMD_TYPE
 * reads back NOP, the "done" value drivers poll for.</li>
 * <li>func INSTRM 1, read-only: 64-bit counters of the accesses to this cluster's bank, from
 * {@link DeviceContext#accesses()}. Counter {@code k = (remote ? 4 : 0) + kind} with kind READ 0, WRITE 1,
 * ATOMIC 2 (ll/sc, cas, fetch-and-add), FETCH 3 (instruction fetch), where local means the requesting initiator
 * sits in this cluster; its low word is at idx {@code 2k} and its high word at {@code 2k + 1}. Reading a low word
 * takes a snapshot and latches the high half, which the next read of the high word returns, so that a
 * low-then-high pair is never torn.</li>
 * <li>func RERROR 2: ADDR_LO 0, ADDR_HI 1, SRCID 2, IRQ_RESET 3, IRQ_ENABLE 4, stored. Nothing here detects a
 * write error, so the error line stays low.</li>
 * </ul>
 *
 * <p>Thread safety: all registers are guarded by this object's monitor. A counter read costs a snapshot of the
 * whole access matrix, which is fine for the occasional read of instrumentation.
 */
public final class Mmc extends RegisterDevice implements IrqSource
{
    /** Function: configuration. */
    public static final int CONFIG = 0;
    /** Function: instrumentation counters. */
    public static final int INSTRM = 1;
    /** Function: error registers. */
    public static final int RERROR = 2;

    /** CONFIG register: address of the range, bits 31..0. */
    public static final int ADDR_LO = 0;
    /** CONFIG register: address of the range, bits 39..32. */
    public static final int ADDR_HI = 1;
    /** CONFIG register: length of the range in bytes. */
    public static final int BUF_LENGTH = 2;
    /** CONFIG register: the command. */
    public static final int CMD_TYPE = 3;
    /** Command: nothing (and "done"). */
    public static final int CMD_NOP = 0;
    /** Command: invalidate the range. */
    public static final int CMD_INVAL = 1;
    /** Command: write the range back to memory. */
    public static final int CMD_SYNC = 2;

    /** INSTRM counter: local reads. */
    public static final int LOCAL_READ = 0;
    /** INSTRM counter: local writes. */
    public static final int LOCAL_WRITE = 1;
    /** INSTRM counter: local atomics. */
    public static final int LOCAL_ATOMIC = 2;
    /** INSTRM counter: local instruction fetches. */
    public static final int LOCAL_FETCH = 3;
    /** INSTRM counter: remote reads. */
    public static final int REMOTE_READ = 4;
    /** INSTRM counter: remote writes. */
    public static final int REMOTE_WRITE = 5;
    /** INSTRM counter: remote atomics. */
    public static final int REMOTE_ATOMIC = 6;
    /** INSTRM counter: remote instruction fetches. */
    public static final int REMOTE_FETCH = 7;
    /** Counters. */
    public static final int COUNTERS = 2 * AccessKind.MEMORY_KINDS;

    /** RERROR register: failing address, bits 31..0. */
    public static final int ERR_ADDR_LO = 0;
    /** RERROR register: failing address, bits 39..32. */
    public static final int ERR_ADDR_HI = 1;
    /** RERROR register: failing initiator. */
    public static final int ERR_SRCID = 2;
    /** RERROR register: acknowledges the error interrupt. */
    public static final int ERR_IRQ_RESET = 3;
    /** RERROR register: enables the error interrupt. */
    public static final int ERR_IRQ_ENABLE = 4;

    private static final int FUNC_SHIFT = 7;
    private static final int IDX_MASK = (1 << FUNC_SHIFT) - 1;
    private static final int CONFIG_REGS = 4;
    private static final int RERROR_REGS = 5;

    private final DeviceContext ctx;
    private final int[] config = new int[CONFIG_REGS];
    private final int[] rerror = new int[RERROR_REGS];
    private final int[] latchedHigh = new int[COUNTERS];

    /**
     * @param descriptor what arch_info says.
     * @param ctx        the machine, whose access counts the counters show.
     */
    public Mmc(final Device descriptor, final DeviceContext ctx)
    {
        super(descriptor, "mmc");
        this.ctx = ctx;
    }

    /**
     * @param func a function.
     * @param idx  a register index in it.
     * @return its byte offset from the base.
     */
    public static int offset(final int func, final int idx)
    {
        return (func << FUNC_SHIFT | idx) * 4;
    }

    /**
     * @param counter an INSTRM counter, such as {@link #REMOTE_READ}.
     * @return its value now.
     */
    public long counter(final int counter)
    {
        final AccessKind kind = AccessKind.of(counter % AccessKind.MEMORY_KINDS);
        final boolean remote = counter >= AccessKind.MEMORY_KINDS;
        final AccessMatrix m = ctx.accesses();
        final int me = descriptor.cxy();
        if (!remote)
        {
            return m.get(me, me, kind);
        }
        long n = 0;
        for (int from = 0; from < PhysicalAddress.CXY_SPACE; from++)
        {
            n += from == me ? 0 : m.get(from, me, kind);
        }
        return n;
    }

    @Override
    public synchronized int read32(final Initiator who, final int offset)
    {
        final int func = offset / 4 >> FUNC_SHIFT;
        final int idx = offset / 4 & IDX_MASK;
        if (func == CONFIG && idx < CONFIG_REGS)
        {
            // Commands complete at once: CMD_TYPE always reads "done".
            return idx == CMD_TYPE ? CMD_NOP : config[idx];
        }
        if (func == INSTRM && idx < 2 * COUNTERS)
        {
            final int k = idx >> 1;
            if ((idx & 1) == 1)
            {
                return latchedHigh[k];
            }
            final long v = counter(k);
            latchedHigh[k] = (int)(v >>> 32);
            return (int)v;
        }
        if (func == RERROR && idx < RERROR_REGS)
        {
            return rerror[idx];
        }
        throw new BusError(who, "read32", descriptor.base() + offset, name + " has no register func " + func +
            " idx " + idx);
    }

    @Override
    public synchronized void write32(final Initiator who, final int offset, final int value)
    {
        final int func = offset / 4 >> FUNC_SHIFT;
        final int idx = offset / 4 & IDX_MASK;
        if (func == CONFIG && idx < CONFIG_REGS)
        {
            config[idx] = value;
            return;
        }
        if (func == RERROR && idx < RERROR_REGS)
        {
            rerror[idx] = value;
            return;
        }
        throw new BusError(who, "write32", descriptor.base() + offset, name + (func == INSTRM && idx < 2 * COUNTERS ?
            " instrumentation counters are read-only" : " has no register func " + func + " idx " + idx));
    }

    /** No write error is ever detected, so the line is never raised. */
    @Override
    public void connectIrq(final int channel, final boolean rx, final IrqLine line)
    {
        line.set(false);
    }
}
