package org.smpboot.runtime.barrier;

import org.agrona.concurrent.IdleStrategy;

/**
 * The slow path of one await call: an idle strategy from the barrier's wait policy, a deadline started at the first
 * miss, and a periodic check of the clock and the broken word. Created only when a participant actually has to wait,
 * so the last arriver allocates nothing.
 */
final class Wait
{
    /** While still spinning, read the clock and the broken word every 16 rounds (a clock read costs about 20 ns). */
    private static final int CHECK_MASK = 15;
    /** Past this many rounds the idle strategy yields or parks, so checking every round is free. */
    private static final int CHECK_EVERY_ROUND_AFTER = 256;

    private final AbstractBarrier barrier;
    private final int participant;
    private final int episode;
    private final long timeoutNs;
    private final IdleStrategy idle;
    private final long start;
    private int rounds;

    Wait(final AbstractBarrier barrier, final int participant, final int episode, final long timeoutNs)
    {
        this.barrier = barrier;
        this.participant = participant;
        this.episode = episode;
        this.timeoutNs = timeoutNs;
        this.idle = barrier.policy.newIdleStrategy();
        this.start = System.nanoTime();
    }

    /**
     * Idles once, after failing fast if the barrier broke or the deadline passed.
     *
     * @param step the algorithm's step, for the error message.
     */
    void idle(final int step)
    {
        if (rounds >= CHECK_EVERY_ROUND_AFTER || (++rounds & CHECK_MASK) == 0)
        {
            barrier.checkIntact(participant);
            final long waited = System.nanoTime() - start;
            if (waited >= timeoutNs)
            {
                throw barrier.timeout(participant, episode, step, waited);
            }
        }
        idle.idle();
    }
}
