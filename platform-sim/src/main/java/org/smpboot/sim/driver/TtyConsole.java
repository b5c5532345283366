package org.smpboot.sim.driver;

import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.hw.Tty;

/**
 * A console on a TTY channel in non-descheduling mode, as the boot-loader's {@code boot_printf} and the kernel's TXT0
 * use it: one character per store into the channel's WRITE register. Lines of several cores would mix character by
 * character, as on the real hardware, so a line is written under a spin lock word in simulated memory (CAS 0 to 1 to
 * take it, store 0 to give it back; the CAS is a full fence and the release store orders the line's stores before it):
 * {@code boot_tty_lock} in the boot-loader's data, the TXT0 lock in the kernel's. The preloader prints without a lock:
 * it runs before boot.elf (and the lock) exist, and only one core prints then.
 */
public final class TtyConsole
{
    private final long ttyBase;
    private final int lockCxy;
    private final int lockAddress;
    private final String lockName;
    private final long timeoutNanos;

    /**
     * @param ttyBase      physical base of the channel's registers.
     * @param lockCxy      cluster of the lock word.
     * @param lockAddress  local address of the lock word, or -1 for none (the preloader).
     * @param lockName     how a timeout names the lock.
     * @param timeoutNanos bound of the wait for the lock, in nanoseconds of the machine's time.
     */
    public TtyConsole(final long ttyBase, final int lockCxy, final int lockAddress, final String lockName,
        final long timeoutNanos)
    {
        this.ttyBase = ttyBase;
        this.lockCxy = lockCxy;
        this.lockAddress = lockAddress;
        this.lockName = lockName;
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * @param core who prints.
     * @param line the text, without its line end.
     */
    public void println(final Processor core, final String line)
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
                LockWord.release(core, lockCxy, lockAddress);
            }
        }
    }

    private void lock(final Processor core)
    {
        LockWord.acquire(core, lockCxy, lockAddress, timeoutNanos, lockName);
    }
}
