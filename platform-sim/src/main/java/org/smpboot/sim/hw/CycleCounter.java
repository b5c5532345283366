package org.smpboot.sim.hw;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One initiator's virtual time: the cycles its accesses cost ({@link CostModel}), and the jumps its completed waits
 * make to the releaser's time plus the latency.
 *
 * <p>Single writer: only the initiator's own thread advances it (a plain read and an ordered store, no atomic
 * instruction); other threads (the trace, reports, the scheduler) read a recent value. The {@link #id()} tells a
 * reader of a stamped word whether it stored it itself ({@link WakeTable}).
 */
public final class CycleCounter
{
    /** Bits of a stamp that hold the writer's id; the cycle is in the bits above. */
    static final int ID_BITS = 16;

    private final AtomicLong now = new AtomicLong();
    private final int id;

    /**
     * @param id a number that tells this initiator apart from the others of its machine, 0 .. 65535.
     */
    public CycleCounter(final int id)
    {
        this.id = id & ((1 << ID_BITS) - 1);
    }

    /** @return the cycles so far. */
    public long now()
    {
        return now.get();
    }

    /** @return the initiator's id in stamps. */
    public int id()
    {
        return id;
    }

    /**
     * @param cycles what an access or a step costs. Only the owning thread may call it.
     */
    public void advance(final long cycles)
    {
        now.lazySet(now.get() + cycles);
    }

    /**
     * Takes the counter to {@code cycle} if it is behind: a wait that completes. Only the owning thread may call it.
     *
     * @param cycle the earliest this initiator can be at now.
     */
    public void atLeast(final long cycle)
    {
        if (cycle > now.get())
        {
            now.lazySet(cycle);
        }
    }

    /**
     * Sets the counter back to a mark: a wait loop's failed polls after its first cost nothing, since the wait's end
     * is the later of the waiter's time and the release's. Only the owning thread may call it.
     *
     * @param cycle the mark, taken by the same thread earlier.
     */
    public void rewind(final long cycle)
    {
        now.lazySet(cycle);
    }

    /**
     * Applies a word's stamp: when another initiator stored the word later in virtual time, this one, which has seen
     * it, is at least at that store's cycle plus the release latency.
     *
     * @param stamp a stamp from {@link #stamp()} (0: none).
     */
    void seen(final long stamp)
    {
        if (stamp != 0 && (int)(stamp & ((1 << ID_BITS) - 1)) != id)
        {
            atLeast((stamp >>> ID_BITS) + CostModel.RELEASE_LATENCY);
        }
    }

    /** @return this initiator's time and id packed as a word's stamp: cycles above {@value #ID_BITS} bits. */
    long stamp()
    {
        return stamp(now.get(), id);
    }

    /**
     * @param cycle a cycle.
     * @param id    an initiator's id.
     * @return them packed as a word's stamp.
     */
    static long stamp(final long cycle, final int id)
    {
        return cycle << ID_BITS | id;
    }

    /**
     * @param stamp a stamp.
     * @return the id of the initiator that made it.
     */
    static int writer(final long stamp)
    {
        return (int)(stamp & ((1 << ID_BITS) - 1));
    }

    /**
     * @param stamp a stamp.
     * @return its cycle.
     */
    static long cycle(final long stamp)
    {
        return stamp >>> ID_BITS;
    }
}
