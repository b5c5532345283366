package org.smpboot.sim.boot;

import java.util.concurrent.TimeUnit;

import org.smpboot.sim.hw.CoreFault;
import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.hw.Tty;

/**
 * {@code boot_printf} on TXT0: one character per store into channel 0's WRITE register of the I/O cluster's TTY.
 * Lines of several cores would mix character by character, as on the real hardware, so a line is written under
 * {@code boot_tty_lock}, a spin lock word in cluster 0's boot-loader data (CAS 0 to 1 to take it, store 0 to give it
 * back; the CAS is a full fence and the release store orders the line's stores before it). The preloader prints
 * without the lock: it runs before boot.elf (and the lock) exist, and only core[0][0] prints then.
 */
final class BootTty
{
    private final long ttyBase;
    private final int lockCxy;
    private final int lockAddress;
    private final long timeoutNanos;

    /**
     * @param ttyBase      physical base of the TTY.
     * @param lockCxy      cluster of the lock word.
     * @param lockAddress  local address of the lock word, or -1 for none (the preloader).
     * @param timeoutNanos bound of the wait for the lock.
     */
    BootTty(final long ttyBase, final int lockCxy, final int lockAddress, final long timeoutNanos)
    {
        this.ttyBase = ttyBase;
        this.lockCxy = lockCxy;
        this.lockAddress = lockAddress;
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * @param core who prints.
     * @param line the text, without its line end.
     */
    void println(final Processor core, final String line)
    {
        if (lockAddress >= 0)
        {
            lock(core);
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
            if (lockAddress >= 0)
            {
                core.remoteSw(lockCxy, lockAddress, 0);
            }
        }
    }

    private void lock(final Processor core)
    {
        final long deadline = System.nanoTime() + timeoutNanos;
        while (!core.remoteCas(lockCxy, lockAddress, 0, 1))
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new CoreFault(core, "waited " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms for " +
                    "boot_tty_lock at " + PhysicalAddress.format(PhysicalAddress.of(lockCxy, lockAddress)) +
                    ", still held (value " + core.remoteLw(lockCxy, lockAddress) + ")");
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
