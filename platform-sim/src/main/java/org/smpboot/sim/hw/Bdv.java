package org.smpboot.sim.hw;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.smpboot.sim.platform.Device;
import org.smpboot.sim.trace.EventKind;

/**
 * The SoCLib block device ({@code vci_block_device_tsar}, ALMOS-MKH's {@code IOC_BDV}) over the disk image file of
 * {@link MachineConfig#disk()}. Registers, by word index:
 *
 * <table>
 * <caption>BDV registers</caption>
 * <tr><th>word</th><th>name</th><th>access</th></tr>
 * <tr><td>0</td><td>BUFFER</td><td>memory address, bits 31..0</td></tr>
 * <tr><td>1</td><td>LBA</td><td>first block on disk</td></tr>
 * <tr><td>2</td><td>COUNT</td><td>blocks to move</td></tr>
 * <tr><td>3</td><td>OP</td><td>write NOOP 0, READ 1 (disk to memory) or WRITE 2 (memory to disk) to start</td></tr>
 * <tr><td>4</td><td>STATUS</td><td>read-only: IDLE 0, BUSY 1, READ_SUCCESS 2, WRITE_SUCCESS 3, READ_ERROR 4,
 * WRITE_ERROR 5, ERROR 6</td></tr>
 * <tr><td>5</td><td>IRQ_ENABLE</td><td>raise the line when a transfer ends</td></tr>
 * <tr><td>6</td><td>SIZE</td><td>read-only: the image's size in whole blocks</td></tr>
 * <tr><td>7</td><td>BLOCK_SIZE</td><td>read-only: 512</td></tr>
 * <tr><td>8</td><td>BUFFER_EXT</td><td>memory address, bits 39..32</td></tr>
 * </table>
 *
 * <p>Behaviour, as SoCLib's: writing READ or WRITE to OP while not BUSY captures BUFFER, LBA and COUNT, sets BUSY
 * and runs the transfer on the device thread; a command written while BUSY is ignored (the running transfer and its
 * status are untouched). The end state is READ_/WRITE_SUCCESS, or READ_/WRITE_ERROR when the blocks leave the image,
 * no disk is configured or opens, the file fails or the memory side is a bus error ({@link #error()} says which);
 * an unknown OP code gives ERROR at once. Reading STATUS in an end state returns it and goes back to IDLE, which
 * lowers the interrupt: the line is high exactly while IRQ_ENABLE is set and the status is an end state. The memory
 * side goes through {@link Bus#read} and {@link Bus#write} as the initiator {@code bdv[0xcc]}, so the DMA traffic
 * is counted.
 *
 * <p>Thread safety: the registers are guarded by this object's monitor, held only for register accesses and state
 * changes, never during the transfer; the line is driven under the monitor so its level always matches the status
 * (a sink must not call back into this device). The disk file is opened read-write (read-only if that fails) in the
 * constructor and closed by {@link #close()}.
 */
public final class Bdv extends RegisterDevice implements IrqSource
{
    private static final Logger LOG = LoggerFactory.getLogger(Bdv.class);

    /** Word index of BUFFER. */
    public static final int BUFFER = 0;
    /** Word index of LBA. */
    public static final int LBA = 1;
    /** Word index of COUNT. */
    public static final int COUNT = 2;
    /** Word index of OP. */
    public static final int OP = 3;
    /** Word index of STATUS. */
    public static final int STATUS = 4;
    /** Word index of IRQ_ENABLE. */
    public static final int IRQ_ENABLE = 5;
    /** Word index of SIZE. */
    public static final int SIZE = 6;
    /** Word index of BLOCK_SIZE. */
    public static final int BLOCK_SIZE = 7;
    /** Word index of BUFFER_EXT. */
    public static final int BUFFER_EXT = 8;

    /** OP: nothing. */
    public static final int OP_NOOP = 0;
    /** OP: disk to memory. */
    public static final int OP_READ = 1;
    /** OP: memory to disk. */
    public static final int OP_WRITE = 2;

    /** STATUS: no command. */
    public static final int IDLE = 0;
    /** STATUS: a transfer runs. */
    public static final int BUSY = 1;
    /** STATUS: the read ended well. */
    public static final int READ_SUCCESS = 2;
    /** STATUS: the write ended well. */
    public static final int WRITE_SUCCESS = 3;
    /** STATUS: the read failed. */
    public static final int READ_ERROR = 4;
    /** STATUS: the write failed. */
    public static final int WRITE_ERROR = 5;
    /** STATUS: the command was not understood. */
    public static final int ERROR = 6;

    /** Bytes per block. */
    public static final int BLOCK = 512;
    /** Blocks moved per bus burst: bounds the buffer and lets close() interrupt a long transfer. */
    static final int CHUNK_BLOCKS = 64;

    private final Bus bus;
    private final Initiator initiator;
    private final CycleCounter clock; // virtual time of the transfers, null without a cost model
    private final long waitNanos;
    private final FileChannel disk;
    private final long blocks;
    private final String openError;
    private final DeviceWorker worker;

    private IrqLine line = IrqLine.NONE;
    private int buffer;
    private int lba;
    private int count;
    private int op;
    private int status = IDLE;
    private boolean irqEnable;
    private int bufferExt;
    private String error;
    private CountDownLatch gate;

    /**
     * Opens the disk image, if any; a missing or unreadable image is not fatal here, every command then fails.
     *
     * @param descriptor what arch_info says.
     * @param ctx        the machine: its bus, the disk path, the wait bound.
     */
    public Bdv(final Device descriptor, final DeviceContext ctx)
    {
        super(descriptor, "bdv");
        this.bus = ctx.bus();
        this.initiator = ctx.initiator(name, descriptor.cxy());
        this.clock = initiator.counts().clock(); // before the device thread exists: its counts' owner is still free
        this.waitNanos = ctx.config().waitTimeout().toNanos();
        this.worker = new DeviceWorker(name, ctx);
        final Path path = ctx.config().disk();
        FileChannel ch = null;
        String why = null;
        if (path == null)
        {
            why = "no disk image configured";
        }
        else
        {
            ch = open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            if (ch == null)
            {
                ch = open(path, StandardOpenOption.READ);
            }
            if (ch == null)
            {
                why = "cannot open the disk image " + path;
            }
        }
        long size = 0;
        if (ch != null)
        {
            try
            {
                size = ch.size() / BLOCK;
            }
            catch (final IOException e)
            {
                why = "cannot read the size of the disk image " + path + ": " + e.getMessage();
            }
        }
        this.disk = ch;
        this.blocks = size;
        this.openError = why;
    }

    private static FileChannel open(final Path path, final StandardOpenOption... options)
    {
        try
        {
            return FileChannel.open(path, options);
        }
        catch (final IOException | UnsupportedOperationException e)
        {
            return null;
        }
    }

    /** @return why the last transfer failed, or null when it did not fail (or none ran). */
    public synchronized String error()
    {
        return error;
    }

    /** @return the status register, without the read side effect. */
    public synchronized int status()
    {
        return status;
    }

    /** @return the image's size in blocks (0 without a disk). */
    public long blocks()
    {
        return blocks;
    }

    /**
     * For tests: the next transfers wait (bounded by the machine's wait timeout) until {@code g} is open, so that
     * BUSY can be observed.
     *
     * @param g a latch, or null to stop holding.
     */
    synchronized void hold(final CountDownLatch g)
    {
        gate = g;
    }

    @Override
    public synchronized int read32(final Initiator who, final int offset)
    {
        return switch (offset / 4)
        {
            case BUFFER -> buffer;
            case LBA -> lba;
            case COUNT -> count;
            case OP -> op;
            case STATUS -> status(who);
            case IRQ_ENABLE -> irqEnable ? 1 : 0;
            case SIZE -> (int)Math.min(blocks, 0xFFFF_FFFFL);
            case BLOCK_SIZE -> BLOCK;
            case BUFFER_EXT -> bufferExt;
            default -> throw new BusError(who, "read32", descriptor.base() + offset, name + " has no register " +
                offset / 4);
        };
    }

    @Override
    public synchronized void write32(final Initiator who, final int offset, final int value)
    {
        switch (offset / 4)
        {
            case BUFFER -> buffer = value;
            case LBA -> lba = value;
            case COUNT -> count = value;
            case OP ->
            {
                // the trace shows which blocks a core asked for, on the core's own timeline
                who.trace(EventKind.DISK, name + (value == OP_READ ? " read" : value == OP_WRITE ? " write" : " op " +
                    value), Map.of("lba", lba & 0xFFFF_FFFFL, "count", count & 0xFFFF_FFFFL));
                command(who, value);
            }
            case IRQ_ENABLE ->
            {
                irqEnable = value != 0;
                updateIrq();
            }
            case BUFFER_EXT -> bufferExt = value & 0xFF;
            case STATUS, SIZE, BLOCK_SIZE -> throw new BusError(who, "write32", descriptor.base() + offset, name +
                " register " + offset / 4 + " is read-only");
            default -> throw new BusError(who, "write32", descriptor.base() + offset, name + " has no register " +
                offset / 4);
        }
    }

    @Override
    public synchronized void connectIrq(final int channel, final boolean rx, final IrqLine irq)
    {
        line = irq;
        updateIrq();
    }

    /** Closes the disk file after stopping a running transfer. */
    @Override
    public void close()
    {
        worker.close();
        if (disk != null)
        {
            try
            {
                disk.close();
            }
            catch (final IOException e)
            {
                LOG.warn("{}: cannot close the disk image: {}", name, e.getMessage());
            }
        }
    }

    /** Virtual time: the driver that sees the end of a transfer is at least at the transfer's last cycle. */
    private int status(final Initiator who)
    {
        final int s = consumeStatus();
        final CycleCounter reader = who.counts().clock();
        if (s >= READ_SUCCESS && clock != null && reader != null)
        {
            reader.seen(clock.stamp());
        }
        return s;
    }

    private int consumeStatus()
    {
        final int s = status;
        if (s >= READ_SUCCESS)
        {
            // SoCLib: reading an end state acknowledges it.
            status = IDLE;
            updateIrq();
        }
        return s;
    }

    private void command(final Initiator who, final int value)
    {
        if (status == BUSY)
        {
            return;
        }
        op = value;
        if (value == OP_NOOP)
        {
            return;
        }
        if (value != OP_READ && value != OP_WRITE)
        {
            finish(ERROR, "unknown operation " + value + " (NOOP 0, READ 1, WRITE 2)");
            return;
        }
        final boolean read = value == OP_READ;
        final long memory = (long)bufferExt << 32 | (buffer & 0xFFFF_FFFFL);
        final long first = lba & 0xFFFF_FFFFL;
        final long n = count & 0xFFFF_FFFFL;
        final CountDownLatch g = gate;
        status = BUSY;
        error = null;
        updateIrq();
        final CycleCounter starter = who.counts().clock();
        final long at = starter == null ? 0 : starter.now(); // the transfer starts when the driver writes OP
        if (!worker.submit(() -> run(read, memory, first, n, g, at)))
        {
            finish(read ? READ_ERROR : WRITE_ERROR, name + " is closed");
        }
    }

    private void run(final boolean read, final long memory, final long first, final long n, final CountDownLatch g,
        final long at)
    {
        if (clock != null)
        {
            clock.atLeast(at);
        }
        String why = null;
        try
        {
            if (g != null && !g.await(waitNanos, TimeUnit.NANOSECONDS))
            {
                why = "test gate not opened within the wait timeout";
            }
            else
            {
                why = transfer(read, memory, first, n);
            }
        }
        catch (final InterruptedException e)
        {
            why = "interrupted: the machine stopped";
            Thread.currentThread().interrupt();
        }
        catch (final BusError e)
        {
            why = e.getMessage();
        }
        catch (final NonWritableChannelException e)
        {
            why = name + " cannot write: the disk image opened read-only";
        }
        catch (final IOException e)
        {
            why = "disk image " + (read ? "read" : "write") + " failed: " + e;
        }
        synchronized (this)
        {
            finish(why == null ? (read ? READ_SUCCESS : WRITE_SUCCESS) : (read ? READ_ERROR : WRITE_ERROR), why);
        }
    }

    /** @return null on success, else why it failed; a bus error or an I/O error is thrown. */
    private String transfer(final boolean read, final long memory, final long first, final long n)
        throws IOException, InterruptedException
    {
        final String verb = read ? "read" : "write";
        if (openError != null)
        {
            return name + " cannot " + verb + ": " + openError;
        }
        if (first + n > blocks)
        {
            return String.format("%s cannot %s blocks %d..%d: the image has %d blocks", name, verb, first,
                first + n - 1, blocks);
        }
        final byte[] buf = new byte[(int)Math.min(n, CHUNK_BLOCKS) * BLOCK];
        for (long done = 0; done < n; done += CHUNK_BLOCKS)
        {
            if (Thread.interrupted())
            {
                throw new InterruptedException();
            }
            final int len = (int)Math.min(n - done, CHUNK_BLOCKS) * BLOCK;
            final long pos = (first + done) * BLOCK;
            final long at = memory + done * BLOCK;
            final ByteBuffer bb = ByteBuffer.wrap(buf, 0, len);
            if (read)
            {
                while (bb.hasRemaining())
                {
                    if (disk.read(bb, pos + bb.position()) < 0)
                    {
                        return name + " hit the end of the disk image at byte " + (pos + bb.position());
                    }
                }
                bus.write(initiator, at, buf, 0, len);
            }
            else
            {
                bus.read(initiator, at, buf, 0, len);
                while (bb.hasRemaining())
                {
                    disk.write(bb, pos + bb.position());
                }
            }
        }
        if (!read)
        {
            // The write is complete when the disk has it, as the driver's WRITE_SUCCESS promises.
            disk.force(false);
        }
        return null;
    }

    private void finish(final int end, final String why)
    {
        status = end;
        error = why;
        updateIrq();
    }

    private void updateIrq()
    {
        line.set(irqEnable && status >= READ_SUCCESS);
    }
}
