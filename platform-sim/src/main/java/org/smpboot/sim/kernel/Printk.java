package org.smpboot.sim.kernel;

import java.util.concurrent.TimeUnit;

import org.smpboot.sim.hw.CoreFault;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.hw.Tty;

/**
 * The kernel's TXT0 terminal in non-descheduling mode (D2): the calling core writes each character of a line into
 * the WRITE register of TTY channel 0 itself, under the TXT0 lock. Writing before the TXT0 chdev exists is a fault:
 * the first synchronisation barrier is there to prevent it, and this check proves it does.
 *
 * <p>Both words live in cluster 0's {@code kernel_globals}: {@code txt0_ready} (set to 1 by the core that initialises
 * TXT0, with a volatile store after the chdev is written) and {@code txt0_lock} (CAS 0 to 1, volatile store 0).
 */
final class Printk
{
    private final long ttyBase;
    private final int globalsCxy;
    private final int globals;
    private final long timeoutNanos;

    Printk(final long ttyBase, final int globalsCxy, final int globals, final long timeoutNanos)
    {
        this.ttyBase = ttyBase;
        this.globalsCxy = globalsCxy;
        this.globals = globals;
        this.timeoutNanos = timeoutNanos;
    }

    void println(final Processor core, final String line)
    {
        if (core.remoteLw(globalsCxy, globals + KernelSymbols.TXT0_READY) != 1)
        {
            throw new CoreFault(core, "TXT0 written before its initialisation: \"" + line + "\"");
        }
        final int lock = globals + KernelSymbols.TXT0_LOCK;
        final long deadline = System.nanoTime() + timeoutNanos;
        while (!core.remoteCas(globalsCxy, lock, 0, 1))
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new CoreFault(core, "waited " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms for the " +
                    "TXT0 lock, still held");
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        try
        {
            final long write = ttyBase + Tty.WRITE * 4L;
            for (int i = 0; i < line.length(); i++)
            {
                core.bus().write32(core, write, line.charAt(i));
            }
            core.bus().write32(core, write, '\n');
        }
        finally
        {
            core.remoteSw(globalsCxy, lock, 0);
        }
    }
}
