package org.smpboot.sim.hyper;

import java.nio.charset.StandardCharsets;

import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.hw.Tty;

/**
 * The hypervisor's output on TTY 0 (channel 0 of the machine's TTY): one character per store into its WRITE
 * register, by the core that prints (the shell's, core[0][0], for the shell and the monitor alike). A line is written
 * whole under this object's monitor, so a stray-IPI report from another core never splits one.
 */
final class HyperLog
{
    private final long write;

    /**
     * @param ttyBase the TTY whose channel 0 is TTY 0.
     */
    HyperLog(final long ttyBase)
    {
        this.write = ttyBase + 4L * Tty.WRITE;
    }

    /**
     * @param core who prints.
     * @param line one line, without the {@code [HYPER]} prefix.
     */
    void line(final Processor core, final String line)
    {
        print(core, "[HYPER] " + line + "\n");
    }

    /**
     * @param core who prints.
     * @param b    one byte.
     */
    void put(final Processor core, final int b)
    {
        core.bus().write32(core, write, b & 0xFF);
    }

    /**
     * @param core who prints.
     * @param text text as it is.
     */
    synchronized void print(final Processor core, final String text)
    {
        for (final byte b : text.getBytes(StandardCharsets.UTF_8))
        {
            core.bus().write32(core, write, b & 0xFF);
        }
    }
}
