package org.smpboot.sim.hw;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.smpboot.sim.platform.Device;

/**
 * A multi-channel TTY (SoCLib {@code vci_multi_tty}, ALMOS-MKH's {@code TXT_TTY}). Channel {@code c} owns the
 * 4 words from byte offset {@code 16 * c}:
 *
 * <table>
 * <caption>Registers of one channel (word index from the channel's base)</caption>
 * <tr><th>word</th><th>name</th><th>read</th><th>write</th></tr>
 * <tr><td>0</td><td>WRITE</td><td>0</td><td>emits the low byte</td></tr>
 * <tr><td>1</td><td>STATUS</td><td>bit 0: an input char is available; bit 1: TX busy (always 0)</td>
 * <td>bus error</td></tr>
 * <tr><td>2</td><td>READ</td><td>the next input char, consumed; 0 when there is none</td><td>bus error</td></tr>
 * <tr><td>3</td><td>CONFIG</td><td>the stored value</td><td>stored, without effect</td></tr>
 * </table>
 *
 * <p>Output: every byte written to channel {@code c} goes, as written, to {@code tty<c>.log} in
 * {@link MachineConfig#ttyDir()} (flushed at each line end and on {@link #close()}) and to {@link #output(int)};
 * channel 0 is also echoed to {@link MachineConfig#console()} one whole line at a time, so that a TTY line never
 * mixes with what other writers (other machines, the simulator's own messages) print on the same stream. Chars
 * that several cores write to one channel interleave in the order they arrive, as on the real device: the software
 * serializes its writers (ALMOS-MKH takes the TXT lock). Input: {@link #feed(int, String)} queues chars, and the
 * channel's RX interrupt line is high exactly while chars are queued. TX never takes time, so the TX line stays low.
 *
 * <p>Thread safety: each channel's registers, buffers and file are guarded by the channel's own lock, so channels
 * never wait for each other; the interrupt line is driven under that lock too, so that its level always matches
 * the queue (a sink must therefore not call back into this TTY from {@link IrqLine#set(boolean)}). Console lines
 * are printed with one {@link PrintStream#print(String)} call, which the stream itself serializes.
 */
public final class Tty extends RegisterDevice implements IrqSource
{
    private static final Logger LOG = LoggerFactory.getLogger(Tty.class);

    /** Word index of WRITE. */
    public static final int WRITE = 0;
    /** Word index of STATUS. */
    public static final int STATUS = 1;
    /** Word index of READ. */
    public static final int READ = 2;
    /** Word index of CONFIG. */
    public static final int CONFIG = 3;
    /** Words per channel. */
    public static final int SPAN = 4;
    /** STATUS bit: an input char is available. */
    public static final int STATUS_RX_FULL = 1;
    /** STATUS bit: the transmitter is busy (never set here). */
    public static final int STATUS_TX_BUSY = 2;

    private final PrintStream console;
    private final Channel[] channels;

    /**
     * Creates {@code tty<N>.log} for every channel when the configuration names a directory.
     *
     * @param descriptor what arch_info says; {@code channels} is the number of lines.
     * @param ctx        the machine: its configuration says where output goes.
     * @throws UncheckedIOException when a log file cannot be created.
     */
    public Tty(final Device descriptor, final DeviceContext ctx)
    {
        super(descriptor, "tty");
        this.console = ctx.config().console();
        final int n = Math.max(1, Math.min(descriptor.channels(), (int)(descriptor.size() / (SPAN * 4))));
        this.channels = new Channel[n];
        final Path dir = ctx.config().ttyDir();
        try
        {
            if (dir != null)
            {
                Files.createDirectories(dir);
            }
            for (int c = 0; c < n; c++)
            {
                channels[c] = new Channel(c, dir == null ? null :
                    new BufferedOutputStream(Files.newOutputStream(dir.resolve("tty" + c + ".log"))));
            }
        }
        catch (final IOException e)
        {
            closeFiles();
            throw new UncheckedIOException(name + ": cannot create its log files in " + dir, e);
        }
    }

    /** @return the number of channels. */
    public int channels()
    {
        return channels.length;
    }

    @Override
    public int read32(final Initiator who, final int offset)
    {
        final Channel ch = channel(who, "read32", offset);
        synchronized (ch)
        {
            return switch (offset / 4 % SPAN)
            {
                case WRITE -> 0;
                case STATUS -> ch.input.isEmpty() ? 0 : STATUS_RX_FULL;
                case READ -> ch.take();
                default -> ch.config;
            };
        }
    }

    @Override
    public void write32(final Initiator who, final int offset, final int value)
    {
        final Channel ch = channel(who, "write32", offset);
        final int reg = offset / 4 % SPAN;
        if (reg == STATUS || reg == READ)
        {
            throw new BusError(who, "write32", descriptor.base() + offset, name + " channel " + ch.index + " " +
                (reg == STATUS ? "STATUS" : "READ") + " is read-only");
        }
        synchronized (ch)
        {
            if (reg == WRITE)
            {
                ch.emit((byte)value);
            }
            else
            {
                ch.config = value;
            }
        }
    }

    @Override
    public void connectIrq(final int channel, final boolean rx, final IrqLine line)
    {
        final Channel ch = channels[channel];
        synchronized (ch)
        {
            if (rx)
            {
                ch.rxLine = line;
                line.set(!ch.input.isEmpty());
            }
            // TX is instantaneous: no TX-empty interrupt is ever raised, the line stays low.
        }
    }

    /**
     * Queues input for a channel, as if typed on its keyboard, and raises its RX line.
     *
     * @param channel a channel.
     * @param text    chars, queued as their UTF-8 bytes.
     */
    public void feed(final int channel, final String text)
    {
        final Channel ch = channels[channel];
        synchronized (ch)
        {
            for (final byte b : text.getBytes(StandardCharsets.UTF_8))
            {
                ch.input.add(b);
            }
            ch.rxLine.set(!ch.input.isEmpty());
        }
    }

    /**
     * @param channel a channel.
     * @return everything written to it so far, decoded as UTF-8.
     */
    public String output(final int channel)
    {
        final Channel ch = channels[channel];
        synchronized (ch)
        {
            return ch.all.toString(StandardCharsets.UTF_8);
        }
    }

    /** Flushes partial lines to the console and the files, and closes the files. */
    @Override
    public void close()
    {
        for (final Channel ch : channels)
        {
            if (ch == null)
            {
                continue;
            }
            synchronized (ch)
            {
                ch.flushLine();
            }
        }
        closeFiles();
    }

    private void closeFiles()
    {
        for (final Channel ch : channels)
        {
            if (ch == null || ch.file == null)
            {
                continue;
            }
            synchronized (ch)
            {
                try
                {
                    ch.file.close();
                }
                catch (final IOException e)
                {
                    // Closing at machine stop: a lost flush cannot be reported to anyone better than this.
                    LOG.warn("{}: cannot close tty{}.log: {}", name, ch.index, e.getMessage());
                }
                ch.file = null;
            }
        }
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

    /** One line: its registers, input queue, output buffers and file, guarded by the object's monitor. */
    private final class Channel
    {
        private final int index;
        private final ArrayDeque<Byte> input = new ArrayDeque<>();
        private final ByteArrayOutputStream all = new ByteArrayOutputStream();
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private OutputStream file;
        private IrqLine rxLine = IrqLine.NONE;
        private int config;

        Channel(final int index, final OutputStream file)
        {
            this.index = index;
            this.file = file;
        }

        int take()
        {
            final Byte b = input.poll();
            rxLine.set(!input.isEmpty());
            return b == null ? 0 : b & 0xFF;
        }

        void emit(final byte b)
        {
            all.write(b);
            line.write(b);
            if (file != null)
            {
                try
                {
                    file.write(b);
                }
                catch (final IOException e)
                {
                    throw new UncheckedIOException(name + ": cannot write tty" + index + ".log", e);
                }
            }
            if (b == '\n')
            {
                flushLine();
            }
        }

        void flushLine()
        {
            if (index == 0 && console != null && line.size() > 0)
            {
                console.print(line.toString(StandardCharsets.UTF_8));
                console.flush();
            }
            line.reset();
            if (file != null)
            {
                try
                {
                    file.flush();
                }
                catch (final IOException e)
                {
                    throw new UncheckedIOException(name + ": cannot write tty" + index + ".log", e);
                }
            }
        }
    }
}
