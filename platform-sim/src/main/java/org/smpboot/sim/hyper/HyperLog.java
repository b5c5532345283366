package org.smpboot.sim.hyper;

import java.nio.charset.StandardCharsets;

import org.smpboot.sim.hw.Bus;
import org.smpboot.sim.hw.Initiator;
import org.smpboot.sim.hw.Tty;

/**
 * The hypervisor's log: lines written on TTY 0 (channel 0 of the I/O cluster's TTY), one character per store into
 * its WRITE register, as the hypervisor's own initiator, from the shell or the monitor. A line is written whole under
 * this object's monitor, so the lines of the two never mix; no guest thread ever writes here.
 */
final class HyperLog
{
    private final Bus bus;
    private final Initiator writer;
    private final long ttyBase;

    /**
     * @param bus     the bus.
     * @param writer  the initiator the writes are counted as.
     * @param ttyBase the TTY whose channel 0 is TTY 0.
     */
    HyperLog(final Bus bus, final Initiator writer, final long ttyBase)
    {
        this.bus = bus;
        this.writer = writer;
        this.ttyBase = ttyBase;
    }

    /**
     * @param line one line, without the prefix.
     */
    void line(final String line)
    {
        print("[HYPER] " + line + "\n");
    }

    /**
     * @param text text as it is.
     */
    synchronized void print(final String text)
    {
        for (final byte b : text.getBytes(StandardCharsets.UTF_8))
        {
            bus.write32(writer, ttyBase + 4L * Tty.WRITE, b & 0xFF);
        }
    }
}
