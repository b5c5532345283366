package org.smpboot.sim.hw;

import org.agrona.concurrent.IdleStrategy;
import org.smpboot.runtime.wait.DeadlineAware;

/**
 * The virtual time of a simulated core's wait loop (the runtime's waits through {@link SimulatedWait}, the drivers'
 * polls of a lock, a flag or a device status): the loop's first poll costs its cycles, the failed polls after it
 * cost nothing (the clock goes back to the mark the first idle round took, and the places their requests took in
 * their targets' queues are given back, {@link PollLog}), and the poll that succeeds is served at its target no
 * earlier than the store it sees ({@link AccessPort}). So a wait ends at the same cycle however many times the host
 * let the loop spin. Then the wrapped strategy idles (spin, yield, park), or, in a deterministic run, the core hands
 * the token on ({@link Schedule#idle(Processor)}).
 */
public final class TimedIdle implements IdleStrategy, DeadlineAware
{
    private final Processor core;
    private final CycleCounter clock;
    private final IdleStrategy delegate;
    private long mark = -1;
    /** The machine clock's cycle by which the next round must look again, told by the bounded wait. */
    private long lookBy = Long.MAX_VALUE;

    /**
     * @param core     the waiting core.
     * @param delegate how it idles in a parallel run.
     */
    public TimedIdle(final Processor core, final IdleStrategy delegate)
    {
        this.core = core;
        this.clock = core.counts().clock();
        this.delegate = delegate;
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
    public void idle()
    {
        if (mark < 0)
        {
            // the first round: what the core read before is not what it waits on; the next rounds' reads are
            mark = clock == null ? 0 : clock.now();
            core.polls().keep();
            if (core.cue() != null)
            {
                core.cue().clear();
            }
        }
        else
        {
            core.polls().giveBack();
            if (clock != null)
            {
                clock.rewind(mark);
            }
        }
        final long until = lookBy;
        lookBy = Long.MAX_VALUE;
        if (!core.schedule().idle(core, until))
        {
            delegate.idle();
        }
        else if (clock != null && clock.now() > mark)
        {
            // woken by a jump of the machine clock: the wait lasted at least until then, whatever the next rounds rewind
            mark = clock.now();
        }
    }

    @Override
    public void lookBy(final long nanoTime)
    {
        lookBy = cycleOf(nanoTime);
    }

    /**
     * @param nanoTime a time on the machine's time base ({@link Machine#time}).
     * @return the first machine clock cycle at or after it ({@link Long#MAX_VALUE} for a time beyond the clock's
     * range): the time base counts {@link Machine#CYCLES_PER_MICRO} cycles a microsecond.
     */
    static long cycleOf(final long nanoTime)
    {
        return nanoTime <= 0 ? 0 : nanoTime >= Long.MAX_VALUE / Machine.CYCLES_PER_MICRO ? Long.MAX_VALUE :
            (nanoTime * Machine.CYCLES_PER_MICRO + 999) / 1000;
    }

    @Override
    public void reset()
    {
        mark = -1;
        delegate.reset();
    }

    @Override
    public String alias()
    {
        return delegate.alias();
    }
}
