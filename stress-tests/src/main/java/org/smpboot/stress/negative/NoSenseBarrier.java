package org.smpboot.stress.negative;

import org.agrona.concurrent.AtomicBuffer;
import org.smpboot.runtime.region.Slot;

/**
 * DELIBERATELY BROKEN: a centralized barrier without sense reversal, kept only as the negative control of the barrier
 * stress tests. Arrivals increment a count; the last arriver resets it to 0; waiters spin until they read 0. A waiter
 * that does not read the count during the short window between the reset and the next episode's first arrival sees 1
 * again and waits forever: the reset value is indistinguishable from "a new episode has begun" (the ABA that the sense
 * word, or an episode number, removes).
 *
 * <p>Layout: one {@link Slot} holding the {@code int} count at {@code offset}. Ordering: {@code getAndAddInt} arrivals,
 * release store of the reset, volatile spin reads. The wait gives up after {@link #GIVE_UP_NS} so the stress test
 * records the lost wake-up instead of hanging.
 */
public final class NoSenseBarrier
{
    /** Bytes needed. */
    public static final int LENGTH = Slot.LENGTH;
    /** How long a waiter spins before reporting a lost wake-up. */
    static final long GIVE_UP_NS = 2_000_000L;

    private final AtomicBuffer buffer;
    private final int offset;
    private final int parties;

    /**
     * @param buffer  memory.
     * @param offset  first byte, slot-aligned.
     * @param parties participants.
     */
    public NoSenseBarrier(final AtomicBuffer buffer, final int offset, final int parties)
    {
        Slot.checkPlacement("no-sense barrier", offset, LENGTH, buffer.capacity());
        this.buffer = buffer;
        this.offset = offset;
        this.parties = parties;
        buffer.putIntVolatile(offset, 0);
    }

    /** @return true when released, false when the waiter gave up (a lost wake-up). */
    public boolean await()
    {
        if (buffer.getAndAddInt(offset, 1) + 1 == parties)
        {
            buffer.putIntRelease(offset, 0);
            return true;
        }
        final long start = System.nanoTime();
        for (int spins = 1; buffer.getIntVolatile(offset) != 0; spins++)
        {
            Thread.onSpinWait();
            if ((spins & 1023) == 0 && System.nanoTime() - start > GIVE_UP_NS)
            {
                return false;
            }
        }
        return true;
    }
}
