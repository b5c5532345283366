package org.smpboot.sim.hw;

import org.smpboot.sim.platform.Device;

/**
 * A cluster's multi-channel memory-to-memory DMA (SoCLib {@code vci_multi_dma}, ALMOS-MKH's {@code DMA_SCL}).
 * Channel {@code c} owns the 8 words from byte offset {@code 32 * c}:
 *
 * <table>
 * <caption>Registers of one channel (word index from the channel's base)</caption>
 * <tr><th>word</th><th>name</th><th>read</th><th>write</th></tr>
 * <tr><td>0</td><td>SRC</td><td>stored</td><td>source address, bits 31..0</td></tr>
 * <tr><td>1</td><td>DST</td><td>stored</td><td>destination address, bits 31..0</td></tr>
 * <tr><td>2</td><td>LEN</td><td>the status: SUCCESS 0, READ_ERROR 1, IDLE 2, WRITE_ERROR 3, BUSY 4</td>
 * <td>bytes to copy; starts the copy</td></tr>
 * <tr><td>3</td><td>RESET</td><td>bus error</td><td>back to IDLE, lowers the line</td></tr>
 * <tr><td>4</td><td>IRQ_DISABLE</td><td>stored</td><td>non-zero: no interrupt at the end</td></tr>
 * <tr><td>5</td><td>SRC_EXT</td><td>stored</td><td>source address, bits 39..32</td></tr>
 * <tr><td>6</td><td>DST_EXT</td><td>stored</td><td>destination address, bits 39..32</td></tr>
 * </table>
 *
 * <p>Behaviour, as SoCLib's: a LEN write starts a copy only when the channel is IDLE (after power-on or a RESET);
 * otherwise it is ignored, and the driver sees it by reading LEN. The copy runs on the device thread through
 * {@link Bus#read} then {@link Bus#write} in bursts, as the initiator {@code dma[0xcc].c}, so a bad source is a
 * READ_ERROR and a bad destination a WRITE_ERROR ({@link #error(int)} has the bus error's text); bursts already
 * written stay written. The channel's line (wired to the local XCU's HWI {@code c}) is high while the channel holds
 * an end state and IRQ_DISABLE is 0. A RESET during a copy returns the channel to IDLE at once; the copy's own end is
 * then dropped.
 *
 * <p>Thread safety: every channel's registers are guarded by this object's monitor, held for register accesses and
 * state changes but never during a copy; lines are driven under it so that their level matches the status (a sink
 * must not call back into this device). All channels share one device thread, so copies of different channels run
 * one after the other: the model is about where bytes go, not about DMA bandwidth.
 */
public final class Dma extends RegisterDevice implements IrqSource
{
    /** Word index of SRC. */
    public static final int SRC = 0;
    /** Word index of DST. */
    public static final int DST = 1;
    /** Word index of LEN (status on read). */
    public static final int LEN = 2;
    /** Word index of RESET. */
    public static final int RESET = 3;
    /** Word index of IRQ_DISABLE. */
    public static final int IRQ_DISABLE = 4;
    /** Word index of SRC_EXT. */
    public static final int SRC_EXT = 5;
    /** Word index of DST_EXT. */
    public static final int DST_EXT = 6;
    /** Words per channel. */
    public static final int SPAN = 8;

    /** Status: the copy ended well. */
    public static final int SUCCESS = 0;
    /** Status: reading the source failed. */
    public static final int READ_ERROR = 1;
    /** Status: no copy. */
    public static final int IDLE = 2;
    /** Status: writing the destination failed. */
    public static final int WRITE_ERROR = 3;
    /** Status: a copy runs. */
    public static final int BUSY = 4;

    /** Bytes per burst: bounds the buffer and lets close() stop a long copy. */
    static final int BURST = 1 << 16;

    private final Bus bus;
    private final DeviceWorker worker;
    private final Channel[] channels;

    /**
     * @param descriptor what arch_info says; {@code channels} is the number of channels.
     * @param ctx        the machine, whose bus the copies use.
     */
    public Dma(final Device descriptor, final DeviceContext ctx)
    {
        super(descriptor, "dma");
        this.bus = ctx.bus();
        this.worker = new DeviceWorker(name, ctx);
        final int n = Math.max(1, Math.min(descriptor.channels(), (int)(descriptor.size() / (SPAN * 4))));
        this.channels = new Channel[n];
        for (int c = 0; c < n; c++)
        {
            channels[c] = new Channel(ctx.initiator(name + "." + c, descriptor.cxy()));
        }
    }

    /** @return the number of channels. */
    public int channels()
    {
        return channels.length;
    }

    /**
     * @param channel a channel.
     * @return its status, without side effect.
     */
    public synchronized int status(final int channel)
    {
        return channels[channel].status;
    }

    /**
     * @param channel a channel.
     * @return why its last copy failed, or null.
     */
    public synchronized String error(final int channel)
    {
        return channels[channel].error;
    }

    @Override
    public synchronized int read32(final Initiator who, final int offset)
    {
        final Channel ch = channel(who, "read32", offset);
        return switch (offset / 4 % SPAN)
        {
            case SRC -> ch.src;
            case DST -> ch.dst;
            case LEN -> ch.status;
            case IRQ_DISABLE -> ch.irqDisable;
            case SRC_EXT -> ch.srcExt;
            case DST_EXT -> ch.dstExt;
            default -> throw new BusError(who, "read32", descriptor.base() + offset, name + " register " +
                offset / 4 % SPAN + (offset / 4 % SPAN == RESET ? " (RESET) is write-only" : " does not exist"));
        };
    }

    @Override
    public synchronized void write32(final Initiator who, final int offset, final int value)
    {
        final Channel ch = channel(who, "write32", offset);
        switch (offset / 4 % SPAN)
        {
            case SRC -> ch.src = value;
            case DST -> ch.dst = value;
            case LEN -> start(ch, value);
            case RESET ->
            {
                ch.generation++;
                ch.status = IDLE;
                ch.error = null;
                ch.updateIrq();
            }
            case IRQ_DISABLE ->
            {
                ch.irqDisable = value;
                ch.updateIrq();
            }
            case SRC_EXT -> ch.srcExt = value & 0xFF;
            case DST_EXT -> ch.dstExt = value & 0xFF;
            default -> throw new BusError(who, "write32", descriptor.base() + offset, name + " register " +
                offset / 4 % SPAN + " does not exist");
        }
    }

    @Override
    public synchronized void connectIrq(final int channel, final boolean rx, final IrqLine line)
    {
        channels[channel].line = line;
        channels[channel].updateIrq();
    }

    /** Stops a running copy and the device thread. */
    @Override
    public void close()
    {
        worker.close();
    }

    private void start(final Channel ch, final int len)
    {
        if (ch.status != IDLE)
        {
            return;
        }
        final long src = (long)ch.srcExt << 32 | (ch.src & 0xFFFF_FFFFL);
        final long dst = (long)ch.dstExt << 32 | (ch.dst & 0xFFFF_FFFFL);
        final long gen = ch.generation;
        ch.status = BUSY;
        ch.error = null;
        ch.updateIrq();
        if (!worker.submit(() -> copy(ch, gen, src, dst, len & 0xFFFF_FFFFL)))
        {
            finish(ch, gen, READ_ERROR, name + " is closed");
        }
    }

    private void copy(final Channel ch, final long gen, final long src, final long dst, final long len)
    {
        final byte[] buf = new byte[(int)Math.min(len, BURST)];
        for (long done = 0; done < len; done += BURST)
        {
            if (Thread.currentThread().isInterrupted())
            {
                finish(ch, gen, READ_ERROR, name + " stopped: the machine closed");
                return;
            }
            final int n = (int)Math.min(BURST, len - done);
            try
            {
                bus.read(ch.initiator, src + done, buf, 0, n);
            }
            catch (final BusError e)
            {
                finish(ch, gen, READ_ERROR, e.getMessage());
                return;
            }
            try
            {
                bus.write(ch.initiator, dst + done, buf, 0, n);
            }
            catch (final BusError e)
            {
                finish(ch, gen, WRITE_ERROR, e.getMessage());
                return;
            }
        }
        finish(ch, gen, SUCCESS, null);
    }

    private synchronized void finish(final Channel ch, final long gen, final int end, final String why)
    {
        if (ch.generation != gen)
        {
            // A RESET came during the copy: the channel already went back to IDLE.
            return;
        }
        ch.status = end;
        ch.error = why;
        ch.updateIrq();
    }

    private Channel channel(final Initiator who, final String access, final int offset)
    {
        final int c = offset / (SPAN * 4);
        if (c >= channels.length)
        {
            throw new BusError(who, access, descriptor.base() + offset, name + " has " + channels.length +
                " channels, no channel " + c);
        }
        return channels[c];
    }

    /** One channel's registers, guarded by the Dma's monitor. */
    private static final class Channel
    {
        private final Initiator initiator;
        private IrqLine line = IrqLine.NONE;
        private int src;
        private int dst;
        private int srcExt;
        private int dstExt;
        private int irqDisable;
        private int status = IDLE;
        private long generation;
        private String error;

        Channel(final Initiator initiator)
        {
            this.initiator = initiator;
        }

        void updateIrq()
        {
            line.set(irqDisable == 0 && status != IDLE && status != BUSY);
        }
    }
}
