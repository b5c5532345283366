package org.smpboot.sim.hw;

/**
 * The queue places a core's last few requests took, so that a wait loop's failed poll can give them back: its clock
 * goes back to the wait's mark ({@link TimedIdle}), and the time it took at its targets goes back with it, so that
 * how often the host let a loop spin moves neither the waiter's time nor anybody else's. The loop's first poll keeps
 * its places, as it keeps its cycles; so does the poll that succeeds (no idle round follows it).
 *
 * <p>Bounded: {@value #ENTRIES} places per round; a round that makes more keeps the rest (a poll of that many words
 * is not a spin loop).
 *
 * <p>Single-threaded: its core's thread only.
 */
final class PollLog
{
    /** Places remembered per round. */
    static final int ENTRIES = 8;

    private final ServiceQueue[] queues = new ServiceQueue[ENTRIES];
    private final long[] starts = new long[ENTRIES];
    private final int[] durations = new int[ENTRIES];
    private final long[] waits = new long[ENTRIES];
    private int n;

    /**
     * @param q        the target's queue.
     * @param start    where the request was placed.
     * @param duration its service.
     * @param wait     what it waited.
     */
    void placed(final ServiceQueue q, final long start, final int duration, final long wait)
    {
        if (n < ENTRIES)
        {
            queues[n] = q;
            starts[n] = start;
            durations[n] = duration;
            waits[n] = wait;
            n++;
        }
    }

    /** Forgets the places taken so far: they are kept (a wait's first round, or anything before a wait). */
    void keep()
    {
        n = 0;
    }

    /** Gives back the places taken since the last {@link #keep()} or give-back: a failed poll round. */
    void giveBack()
    {
        for (int i = n - 1; i >= 0; i--)
        {
            queues[i].cancel(starts[i], durations[i], waits[i]);
            queues[i] = null;
        }
        n = 0;
    }
}
