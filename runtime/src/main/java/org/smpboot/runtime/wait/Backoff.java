package org.smpboot.runtime.wait;

import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;

/**
 * The built-in idling of a {@link WaitPolicy}: spin, then yield, then park with an exponential backoff, like Agrona's
 * {@code BackoffIdleStrategy}, with two differences. The yield phase may also last for a time budget (yield until that
 * long has passed since the phase began, however many yields that takes), because how many yields cover a wait depends
 * on how many threads share the processors, its duration much less. And {@link #idle(int)} with work, or
 * {@link #reset()}, starts over from the first phase: a waiter that sees progress (another arrival) keeps polling.
 *
 * <p>One instance per thread: {@link BoundedWait} keeps one in each thread's wait and re-arms it per wait;
 * {@link WaitPolicy#newIdleStrategy()} hands out fresh ones.
 */
final class Backoff implements IdleStrategy
{
    /** What {@link #idle(long)} is given when its caller has not just read the clock. */
    static final long NO_TIME = Long.MIN_VALUE;

    private WaitPolicy.Idle idle;
    private NanoClock clock;
    private long spins;
    private long yields;
    private long yieldStart;
    private long parkNs;
    /** Whether the last round parked. */
    private boolean parked;

    /**
     * @param idle  the phases.
     * @param clock the clock of the yield phase's budget.
     * @return this, reset.
     */
    Backoff configure(final WaitPolicy.Idle idle, final NanoClock clock)
    {
        this.idle = idle;
        this.clock = clock;
        reset();
        return this;
    }

    /** @return the phases this backoff runs. */
    WaitPolicy.Idle phases()
    {
        return idle;
    }

    /** @return true while in the spin phase. */
    boolean spinning()
    {
        return spins < idle.spins;
    }

    @Override
    public void idle()
    {
        idle(NO_TIME);
    }

    /**
     * One round, given the clock's time when the caller just read it ({@link BoundedWait}'s check round, which is every
     * round once a wait yields): the yield phase's budget then costs no read of its own.
     *
     * @param now the clock's time a moment ago, or {@link #NO_TIME} to read it when needed.
     */
    void idle(final long now)
    {
        final WaitPolicy.Idle b = idle;
        parked = false;
        if (spins < b.spins)
        {
            spins++;
            Thread.onSpinWait();
        }
        else if (yields < b.yields || b.yieldNs > 0 && withinYieldBudget(b, now))
        {
            if (yields == 0 && b.yieldNs > 0)
            {
                // the budget runs from the first yield, also when a count of yields comes first: without this, a
                // policy of both (the default's oversubscribed idling) measured its budget from the yield start of an
                // earlier wait of the same thread, and parked at once after its counted yields
                yieldStart = now != NO_TIME ? now : clock.nanoTime();
            }
            yields++;
            Thread.yield();
        }
        else
        {
            parked = true;
            LockSupport.parkNanos(parkNs);
            parkNs = Math.min(parkNs << 1, b.maxParkNs);
        }
    }

    /** @return true when the last round parked (up to {@link WaitPolicy#MAX_PARK_NS}), not spun or yielded. */
    boolean parked()
    {
        return parked;
    }

    /** @return true while less than the budget has passed since the first yield (the first yield always is). */
    private boolean withinYieldBudget(final WaitPolicy.Idle b, final long now)
    {
        return yields == 0 || (now != NO_TIME ? now : clock.nanoTime()) - yieldStart < b.yieldNs;
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            reset();
        }
        else
        {
            idle();
        }
    }

    @Override
    public void reset()
    {
        parked = false;
        spins = 0;
        yields = 0;
        parkNs = idle.minParkNs;
    }

    /** @return the phase the next idle round runs: "spin", "yield" or "park" (tests). */
    String nextPhase()
    {
        if (spins < idle.spins)
        {
            return "spin";
        }
        if (yields < idle.yields || idle.yieldNs > 0 && (yields == 0 || clock.nanoTime() - yieldStart < idle.yieldNs))
        {
            return "yield";
        }
        return "park";
    }

    @Override
    public String alias()
    {
        return "backoff";
    }
}
