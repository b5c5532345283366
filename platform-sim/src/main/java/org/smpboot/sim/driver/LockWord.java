package org.smpboot.sim.driver;

import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.hw.Processor;

/**
 * A spin lock of the simulated software: one 32-bit word in simulated memory, 0 free and 1 held. Taken by a CAS 0 to 1
 * through the bus (counted, costed), retried under a bounded wait; given back by a store of 0. The CAS orders what the
 * holder reads after it, and the releasing store (the bus makes every store visible before the next access of its
 * core) what it wrote before.
 *
 * <p>A waiter idles as every other wait of the simulated software does ({@link CoreWaits#idle}): a couple of yields,
 * then a park until the lock word (which its failed CAS read) is written. It used to only yield: with 1,024 cores on 2
 * host CPUs, the waiters for TXT0's lock took the host from the core that held it.
 */
public final class LockWord
{
    private LockWord()
    {
    }

    /**
     * Takes the lock, waiting (bounded) while another core holds it.
     *
     * @param core         the core that takes it.
     * @param cxy          the cluster of the word.
     * @param address      the word's local address.
     * @param timeoutNanos the bound of the wait.
     * @param name         what the lock guards, for the timeout's message.
     */
    public static void acquire(final Processor core, final int cxy, final int address, final long timeoutNanos,
        final String name)
    {
        Poll.until(core, timeoutNanos, CoreWaits.idle(core, Integer.MAX_VALUE),
            () -> core.remoteCas(cxy, address, 0, 1), () -> name + " at " +
            PhysicalAddress.format(PhysicalAddress.of(cxy, address)) + ", still held (value " +
            core.remoteLw(cxy, address) + ")");
    }

    /**
     * Gives the lock back.
     *
     * @param core    the core that holds it.
     * @param cxy     the cluster of the word.
     * @param address the word's local address.
     */
    public static void release(final Processor core, final int cxy, final int address)
    {
        core.remoteSw(cxy, address, 0);
    }
}
