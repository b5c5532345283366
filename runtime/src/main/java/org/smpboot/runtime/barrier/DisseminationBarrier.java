package org.smpboot.runtime.barrier;

import org.agrona.concurrent.AtomicBuffer;
import org.smpboot.runtime.region.Slot;
import org.smpboot.runtime.wait.BoundedWait;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * Dissemination barrier (Hensgen, Finkel and Manber): in round {@code r} of {@code ceil(log2 N)}, participant {@code i}
 * signals participant {@code (i + 2^r) mod N} and waits for the signal of {@code (i - 2^r) mod N}. After the last round
 * each participant has heard, directly or transitively, from every other one. No atomic read-modify-write at all.
 *
 * <p>Flags hold episode numbers instead of the classic parity and sense bits: the signaller of a flag is unique (the
 * participant {@code 2^r} before it), so a plain release store suffices, and a waiter in episode {@code e} proceeds when
 * its flag reads {@code e} or later ({@code flag - e >= 0}, wrapping). A fast signaller can be at most one episode
 * ahead (to start episode {@code e + 2} it needs everyone's arrival at {@code e + 1}), so an overwritten {@code e} reads
 * as {@code e + 1}, which is still "done", and a flag can never be lapped.
 *
 * <p>A flyweight, used as {@link CentralizedBarrier} is: {@link #initialize(AtomicBuffer, int, int)} writes one,
 * {@link #wrap(AtomicBuffer, int)} joins one.
 *
 * <h2>Layout ({@link #footprint(int)} bytes from an offset aligned to {@link Slot#ALIGNMENT})</h2>
 * <pre>
 *   offset                                  type  word
 *   +0                                      long  broken word: 0, or bit 63 | breaker &lt;&lt; 32 | episode
 *   +8                                      int   parties
 *   +12                                     int   tag, ASCII "DISS"
 *   +16                                     int   shape, 0
 *   +128 * (1 + p)                          int   arrival record of participant p: last episode arrived at
 *   +128 * (1 + parties + i * rounds + r)   int   flag (i, r): the last episode signalled to i in round r (-1 after
 *                                                 initialize); rounds = ceil(log2 parties)
 * </pre>
 * One writer and one reader per flag, each on its own slot.
 *
 * <h2>Memory ordering</h2>
 * Release store of the partner's flag after acquiring (volatile load) the own flag of the previous round, so every
 * participant's pre-arrival writes reach every other participant through a chain of release/acquire pairs.
 */
public final class DisseminationBarrier extends AbstractBarrier
{
    /** Header tag, ASCII "DISS". */
    static final int TAG = 0x44495353;

    private int rounds;

    /**
     * An unwrapped flyweight: {@link #initialize(AtomicBuffer, int, int)} writes a new barrier, {@link #wrap} joins
     * one.
     *
     * @param policy how waiters idle, and the default bound of a wait.
     * @param name   name used in error messages.
     */
    public DisseminationBarrier(final WaitPolicy policy, final String name)
    {
        super(TAG, policy, name);
    }

    /**
     * Joins the barrier initialised at {@code offset}: reads its parties from its header; writes nothing.
     *
     * @param buffer the shared memory.
     * @param offset first byte, a multiple of {@link Slot#ALIGNMENT}.
     * @return this.
     * @throws IllegalStateException when the memory there holds no dissemination barrier.
     */
    public DisseminationBarrier wrap(final AtomicBuffer buffer, final int offset)
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
    public DisseminationBarrier initialize(final AtomicBuffer buffer, final int offset, final int parties)
    {
        bind(buffer, offset, parties, 0);
        initialize();
        return this;
    }

    @Override
    int shape(final int parties, final int shape)
    {
        rounds = rounds(parties);
        return Math.multiplyExact(parties, rounds);
    }

    @Override
    String kind()
    {
        return "dissemination barrier";
    }

    /**
     * @param parties number of participants.
     * @return bytes needed, a multiple of {@link Slot#LENGTH}.
     */
    public static int footprint(final int parties)
    {
        if (parties < 1)
        {
            throw new IllegalArgumentException("dissemination barrier: parties must be at least 1, got " + parties);
        }
        return frameFootprint(parties, parties * rounds(parties));
    }

    /**
     * @param parties number of participants.
     * @return rounds per episode, {@code ceil(log2 parties)}.
     */
    public static int rounds(final int parties)
    {
        return parties <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(parties - 1);
    }

    private int flagOffset(final int participant, final int round)
    {
        return Slot.at(algorithmOffset, participant * rounds + round);
    }

    @Override
    void initializeAlgorithm()
    {
        for (int i = 0; i < parties * rounds; i++)
        {
            buffer.putInt(Slot.at(algorithmOffset, i), -1);
        }
    }

    @Override
    void awaitNanos(final int participant, final long timeoutNs)
    {
        final int episode = recordArrival(participant);
        BoundedWait wait = null; // one wait across the rounds: the bound covers the whole episode
        for (int round = 0; round < rounds; round++)
        {
            final int partner = (int)((participant + (1L << round)) % parties);
            buffer.putIntRelease(flagOffset(partner, round), episode);
            final int own = flagOffset(participant, round);
            if (buffer.getIntVolatile(own) - episode >= 0)
            {
                continue;
            }
            if (wait == null)
            {
                wait = beginWait(participant, round, timeoutNs);
            }
            else
            {
                step(wait, participant, round);
                wait.progress(); // a round completed: the episode is moving
            }
            do
            {
                wait.idle();
            }
            while (buffer.getIntVolatile(own) - episode < 0);
        }
        if (wait != null)
        {
            wait.end();
        }
    }

    @Override
    String stage(final int step)
    {
        final String barrier = "dissemination barrier '" + name + "' (" + rounds + " rounds)";
        return step < 0 ? barrier : barrier + ", round " + step;
    }

    @Override
    String word(final int participant, final int step)
    {
        final int from = (int)(((long)participant - (1L << step) % parties + parties) % parties);
        return "flag of participant " + participant + " round " + step + " (signalled by " + from + ") @" +
            flagOffset(participant, step);
    }
}
