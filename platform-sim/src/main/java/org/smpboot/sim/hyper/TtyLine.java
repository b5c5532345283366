package org.smpboot.sim.hyper;

import java.nio.charset.StandardCharsets;

import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.hw.Tty;

/**
 * The shell's line discipline on TTY 0, run by core[0][0]: it reads characters from the TTY's receive register as
 * they arrive (whoever types them: the host's terminal, a script, standard input), echoes them, keeps the line in
 * {@code shell_line} in the hypervisor's RAM, and hands the line over at its end.
 *
 * <ul>
 * <li>CR or LF ends a line (CR LF is one end); the echo is a newline.</li>
 * <li>Backspace (0x08) or DEL (0x7F) erases the last character (echo {@code "\b \b"}).</li>
 * <li>Ctrl-C (0x03) drops the line (echo {@code ^C}); Ctrl-D (0x04, end of transmission) on an empty line is the end
 * of input.</li>
 * <li>Other control characters are ignored. A line keeps at most {@value HyperImages#LINE_SIZE} - 1 bytes: the rest
 * is neither kept nor echoed, and the line is reported as too long.</li>
 * </ul>
 * When nothing is there to read the core waits for the receive interrupt ({@link Hypervisor#idle}), running the
 * monitor at each timer tick meanwhile.
 */
final class TtyLine
{
    /** What was typed. */
    record Line(String text, int length, boolean tooLong)
    {
    }

    private final long status;
    private final long read;
    private final long buffer;
    private final HyperLog out;
    // what the prompt's line shows: the prompt and the bytes kept, to redraw it after a monitor's line
    private final byte[] shown = new byte[HyperImages.LINE_SIZE + 64];
    private int shownLength;
    private boolean afterCr;
    private boolean reading;

    /**
     * @param ttyBase  the TTY whose channel 0 is TTY 0.
     * @param hyperCxy the hypervisor's cluster, whose RAM holds the line.
     * @param out      where the echo goes.
     */
    TtyLine(final long ttyBase, final int hyperCxy, final HyperLog out)
    {
        this.status = ttyBase + 4L * Tty.STATUS;
        this.read = ttyBase + 4L * Tty.READ;
        this.buffer = PhysicalAddress.of(hyperCxy, HyperImages.SHELL_LINE);
        this.out = out;
    }

    /**
     * Prints the prompt, then reads a line.
     *
     * @param core   the shell's core.
     * @param hv     the hypervisor, whose idle loop waits for input.
     * @param prompt what to print first.
     * @return the next line, or null at the end of input.
     */
    Line read(final Processor core, final Hypervisor hv, final String prompt)
    {
        shownLength = 0;
        echo(core, prompt);
        reading = true;
        try
        {
            return read(core, hv);
        }
        finally
        {
            reading = false;
        }
    }

    /**
     * A line for TTY 0 while a line is being typed (the monitor's, at a tick): the prompt's line ends first, and the
     * prompt and what was typed so far are printed again after it, as a shell redraws its line.
     *
     * @param core who prints.
     * @param line the line, without the {@code [HYPER]} prefix.
     * @return whether it was printed so (false: no line is being typed).
     */
    boolean interrupt(final Processor core, final String line)
    {
        if (!reading)
        {
            return false;
        }
        out.print(core, "\n");
        out.line(core, line);
        for (int i = 0; i < shownLength; i++)
        {
            out.put(core, shown[i]);
        }
        return true;
    }

    private void echo(final Processor core, final String text)
    {
        out.print(core, text);
        for (final byte b : text.getBytes(StandardCharsets.UTF_8))
        {
            shown(b);
        }
    }

    private void shown(final int b)
    {
        if (shownLength < shown.length)
        {
            shown[shownLength++] = (byte)b;
        }
    }

    private Line read(final Processor core, final Hypervisor hv)
    {
        int len = 0;
        int typed = 0;
        while (true)
        {
            if ((core.bus().read32(core, status) & Tty.STATUS_RX_FULL) == 0)
            {
                hv.idle(core);
                continue;
            }
            final int c = core.bus().read32(core, read) & 0xFF;
            final boolean skipLf = afterCr && c == '\n';
            afterCr = c == '\r';
            if (skipLf)
            {
                continue;
            }
            switch (c)
            {
                case '\r', '\n' ->
                {
                    out.print(core, "\n");
                    final byte[] b = new byte[len];
                    core.bus().read(core, buffer, b, 0, len);
                    return new Line(new String(b, StandardCharsets.UTF_8), typed, typed > len);
                }
                case 0x04 ->
                {
                    if (typed == 0)
                    {
                        out.print(core, "\n"); // the prompt's line ends, as a shell's does at Ctrl-D
                        return null;
                    }
                }
                case 0x03 ->
                {
                    out.print(core, "^C\n");
                    return new Line("", 0, false);
                }
                case 0x08, 0x7F ->
                {
                    if (typed > len)
                    {
                        typed--;
                    }
                    else if (len > 0)
                    {
                        len--;
                        typed--;
                        out.print(core, "\b \b");
                        shownLength = Math.max(0, shownLength - 1);
                    }
                }
                default ->
                {
                    if (c < 0x20)
                    {
                        continue;
                    }
                    typed++;
                    if (len < HyperImages.LINE_SIZE - 1)
                    {
                        core.bus().write(core, buffer + len, new byte[] {(byte)c}, 0, 1);
                        len++;
                        out.put(core, c); // byte for byte: a UTF-8 character echoes as its bytes
                        shown(c);
                    }
                }
            }
        }
    }
}
