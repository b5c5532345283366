package org.smpboot.runtime.barrier;

import org.agrona.concurrent.AtomicBuffer;
import org.smpboot.runtime.region.Slot;
import org.smpboot.runtime.wait.BoundedWait;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * Centralized sense-reversing barrier, the boot barrier of ALMOS-MKH and GIET-VM, with the count and the sense packed
 * into one 64-bit word as Phaser does: an arrival and the release touch a single cache line, which is what makes a
 * 2-party episode cost about one cache-line round trip.
 *
 * <p>Layout ({@link #footprint(int)} bytes from an offset aligned to {@link Slot#ALIGNMENT}): the frame of
 * {@link AbstractBarrier} (header slot, one arrival-record slot per participant), then one slot holding the state word:
 * <pre>
 *   state (long): bits 63..32 episode (the generalised sense: its low bit is the classic sense flag)
 *                 bits 31..0  participants arrived in that episode
 * </pre>
 * {@link #initialize()} writes episode 0, count 0.
 *
 * <p>Memory ordering: an arrival is one {@code getAndAddLong} (a full fence), after the participant's release store of
 * its arrival record. The last arriver (count reaches {@code parties}) cannot race with anyone, since nobody may arrive
 * at the next episode before the release, so it publishes {@code episode + 1, count 0} with a single release store.
 * Waiters poll the word with volatile (acquire) loads until the episode changes: the arrivals' read-modify-writes and the
 * release store form a release sequence, so every write made before any arrival happens-before every return. Episodes
 * wrap after 2^32, which is safe because a waiter only tests "episode differs from mine" and nobody can be an episode
 * ahead of a waiter.
 *
 * <p>At large N every arrival invalidates the waiters' copy of the word; on the few-core machines this targets, and
 * with the spin-yield-park wait policy, that traffic is bounded by the spin phase. See {@link CombiningTreeBarrier} for
 * arrivals spread over many lines.
 */
public final class CentralizedBarrier extends AbstractBarrier
{
    /** Header tag, ASCII "CENT". */
    static final int TAG = 0x43454e54;
    private static final int ALGORITHM_SLOTS = 1;

    private final int stateOffset;

    /**
     * @param buffer  the shared memory.
     * @param offset  first byte, a multiple of {@link Slot#ALIGNMENT}.
     * @param parties number of participants, at least 1.
     * @param policy  how waiters idle, and the default bound of a wait.
     * @param name    name used in error messages ("global_barrier").
     */
    public CentralizedBarrier(
        final AtomicBuffer buffer, final int offset, final int parties, final WaitPolicy policy, final String name)
    {
        super(buffer, offset, parties, ALGORITHM_SLOTS, TAG, policy, name);
        this.stateOffset = algorithmOffset;
    }

    /**
     * @param parties number of participants.
     * @return bytes needed, a multiple of {@link Slot#LENGTH}.
     */
    public static int footprint(final int parties)
    {
        return frameFootprint(parties, ALGORITHM_SLOTS);
    }

    @Override
    void initializeAlgorithm()
    {
        buffer.putLong(stateOffset, 0L);
    }

    @Override
    void awaitNanos(final int participant, final long timeoutNs)
    {
        final long arrival = arrive(participant);
        final int episode = (int)(arrival >>> 32);
        if ((arrival & 1) != 0)
        {
            release(episode);
        }
        else
        {
            awaitRelease(participant, episode, timeoutNs);
        }
    }

    /**
     * Arrives without waiting.
     *
     * @return the episode in the high 32 bits, and 1 in bit 0 when this participant is the last arriver (which then
     *     must call {@link #release(int)}).
     */
    long arrive(final int participant)
    {
        final int episode = recordArrival(participant);
        final long before = buffer.getAndAddLong(stateOffset, 1);
        if ((int)(before >>> 32) != episode)
        {
            // the word and the participant's own record disagree: a number used twice, or memory not initialised
            markBroken(participant, episode);
            throw new IllegalStateException(stage(-1) + ": participant " + participant + " arrives at episode " +
                Integer.toUnsignedString(episode) + " but the state word @" + stateOffset + " is at episode " +
                Integer.toUnsignedString((int)(before >>> 32)) + " (participant number used twice, or initialize() " +
                "not run); barrier marked broken");
        }
        final boolean last = (int)before + 1 == parties;
        return ((long)episode << 32) | (last ? 1 : 0);
    }

    /** Ends {@code episode}: only the last arriver calls it. */
    void release(final int episode)
    {
        buffer.putLongRelease(stateOffset, (long)(episode + 1) << 32);
    }

    /** Waits until {@code episode} is released. */
    void awaitRelease(final int participant, final int episode, final long timeoutNs)
    {
        if ((int)(buffer.getLongVolatile(stateOffset) >>> 32) != episode)
        {
            return;
        }
        final BoundedWait wait = beginWait(participant, 0, timeoutNs);
        while ((int)(buffer.getLongVolatile(stateOffset) >>> 32) == episode)
        {
            wait.idle();
        }
        wait.end();
    }

    @Override
    String stage(final int step)
    {
        return "centralized barrier '" + name + "'";
    }

    @Override
    String word(final int participant, final int step)
    {
        return "state word @" + stateOffset;
    }
}
