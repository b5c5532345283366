package org.smpboot.sim.kernel;

import org.smpboot.sim.driver.TtyConsole;
import org.smpboot.sim.hw.CoreFault;
import org.smpboot.sim.hw.Processor;

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
    private final int globalsCxy;
    private final int globals;
    private final TtyConsole console;

    Printk(final long ttyBase, final int globalsCxy, final int globals, final long timeoutNanos)
    {
        this.globalsCxy = globalsCxy;
        this.globals = globals;
        this.console = new TtyConsole(ttyBase, globalsCxy, globals + KernelSymbols.TXT0_LOCK, "the TXT0 lock",
            timeoutNanos);
    }

    void println(final Processor core, final String line)
    {
        if (core.remoteLw(globalsCxy, globals + KernelSymbols.TXT0_READY) != 1)
        {
            throw new CoreFault(core, "TXT0 written before its initialisation: \"" + line + "\"");
        }
        console.println(core, line);
    }
}
