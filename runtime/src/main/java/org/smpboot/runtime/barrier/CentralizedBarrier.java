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
 * <p>A flyweight: {@code new CentralizedBarrier(policy, name)} holds the wait policy and the name;
 * {@link #initialize(AtomicBuffer, int, int)} writes a barrier of N parties into shared memory and binds to it, and
 * {@link #wrap(AtomicBuffer, int)} binds to one already written, reading N from its header (another thread, another
 * process on a mapped file, a simulated core on simulated memory). Once bound, the object holds only offsets derived
 * from the header; publish it safely before other threads use it, or give each thread its own.
 *
 * <h2>Layout ({@link #footprint(int)} bytes from an offset aligned to {@link Slot#ALIGNMENT})</h2>
 * <pre>
 *   offset                      type  word
 *   +0                          long  broken word: 0, or bit 63 | breaker &lt;&lt; 32 | episode
 *   +8                          int   parties
 *   +12                         int   tag, ASCII "CENT"
 *   +16                         int   shape, 0
 *   +128 * (1 + p)              int   arrival record of participant p (p = 0 .. parties - 1): last episode arrived at
 *   +128 * (1 + parties)        long  state: bits 63..32 episode (its low bit is the classic sense flag),
 *                                            bits 31..0  participants arrived in that episode
 * </pre>
 * {@link #initialize()} writes episode 0, count 0, every record -1, then the header (see {@link AbstractBarrier}).
 *
 * <h2>Memory ordering</h2>
 * An arrival is one {@code getAndAddLong} (a full fence), after the participant's release store of its arrival record.
 * The last arriver (count reaches {@code parties}) cannot race with anyone, since nobody may arrive at the next episode
 * before the release, so it publishes {@code episode + 1, count 0} with a single release store. Waiters poll the word
 * with volatile (acquire) loads until the episode changes: the arrivals' read-modify-writes and the release store form
 * a release sequence, so every write made before any arrival happens-before every return. Episodes wrap after 2^32,
 * which is safe because a waiter only tests "episode differs from mine" and nobody can be an episode ahead of a waiter.
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

    private int stateOffset;

    /**
     * An unwrapped flyweight: {@link #initialize(AtomicBuffer, int, int)} writes a new barrier, {@link #wrap} joins one
     * written by another thread, process or simulated core.
     *
     * @param policy how waiters idle, and the default bound of a wait.
     * @param name   name used in error messages ("global_barrier").
     */
    public CentralizedBarrier(final WaitPolicy policy, final String name)
    {
        super(TAG, policy, name);
    }

    /**
     * @param parties number of participants.
     * @return bytes needed, a multiple of {@link Slot#LENGTH}.
     */
    public static int footprint(final int parties)
    {
        return frameFootprint(parties, ALGORITHM_SLOTS);
    }

    /**
     * Joins the barrier initialised at {@code offset}: reads its parties from its header; writes nothing.
     *
     * @param buffer the shared memory.
     * @param offset first byte, a multiple of {@link Slot#ALIGNMENT}.
     * @return this.
     * @throws IllegalStateException when the memory there holds no centralized barrier.
     */
    public CentralizedBarrier wrap(final AtomicBuffer buffer, final int offset)
    {
        wrapHeader(buffer, offset);
        return this;
    }

    /**
     * Writes a new barrier of {@code parties} over whatever the memory held ({@link #initialize()}) and wraps it. Must
     * happen before any participant wraps or awaits it, with a happens-before edge to each (see {@link Barrier}).
     *
     * @param buffer  the shared memory.
     * @param offset  first byte, a multiple of {@link Slot#ALIGNMENT}.
     * @param parties number of participants, at least 1.
     * @return this.
     */
    public CentralizedBarrier initialize(final AtomicBuffer buffer, final int offset, final int parties)
    {
        bind(buffer, offset, parties, 0);
        initialize();
        return this;
    }

    @Override
    int shape(final int parties, final int shape)
    {
        return ALGORITHM_SLOTS;
    }

    @Override
    void bound()
    {
        stateOffset = algorithmOffset;
    }

    @Override
    String kind()
    {
        return "centralized barrier";
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

    /**
     * Ends {@code episode} unless a waiter already did ({@link #awaitRelease(int, int, long, CentralizedBarrier)} with
     * a barrier above): the last arriver of a barrier whose waiters may release it themselves calls this instead of
     * {@link #release(int)}. A CAS from (episode, every party arrived): a plain store could erase an arrival at the
     * next episode of a participant that a waiter's release already let go.
     */
    void releaseOnce(final int episode)
    {
        buffer.compareAndSetLong(stateOffset, ((long)episode << 32) | parties, (long)(episode + 1) << 32);
    }

    /** Waits until {@code episode} is released. */
    void awaitRelease(final int participant, final int episode, final long timeoutNs)
    {
        awaitRelease(participant, episode, timeoutNs, null);
    }

    /**
     * Waits until {@code episode} is released here or, when {@code above} is given, until {@code above} has released
     * the same episode; then it releases this barrier's episode itself ({@link #releaseOnce(int)}), since its last
     * arriver may not have run since. {@code above} must be a barrier whose episodes run in step with this one's and
     * which this one's last arriver joins before it releases (the global barrier of a hierarchical barrier, this one a
     * local barrier): once it has passed an episode, every participant here has arrived at it. So a waiter never waits
     * for its cluster's last arriver to be scheduled again after the global release, which, with more threads than
     * cores, took a scheduling round of its own.
     */
    void awaitRelease(final int participant, final int episode, final long timeoutNs, final CentralizedBarrier above)
    {
        long state = buffer.getLongVolatile(stateOffset);
        if ((int)(state >>> 32) != episode)
        {
            return;
        }
        final BoundedWait wait = beginWait(participant, 0, timeoutNs);
        long seen = state;
        while ((int)((state = buffer.getLongVolatile(stateOffset)) >>> 32) == episode)
        {
            if (above != null && above.released(episode))
            {
                releaseOnce(episode);
                break;
            }
            if (state != seen)
            {
                seen = state;
                wait.progress(); // another arrival: the episode is moving, keep polling rather than park
            }
            wait.idle();
        }
        wait.end();
    }

    /** @return true once {@code episode} has been released (acquire: what its arrivals wrote is visible). */
    boolean released(final int episode)
    {
        return (int)(buffer.getLongVolatile(stateOffset) >>> 32) != episode;
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
