package org.smpboot.sim.driver;

import org.agrona.concurrent.IdleStrategy;
import org.smpboot.sim.hw.Clock;
import org.smpboot.sim.hw.CycleCounter;
import org.smpboot.sim.hw.Processor;

/**
 * The idle round of a wait whose end may be a deadline, not a word (a quiet period, a wake-up deadline): time must
 * pass for the waiting core even when nothing it reads changes. In a deterministic run the core's own count catches
 * up with the machine clock and moves one poll interval past it, and the core stays runnable when it hands the token
 * on, so its deadline comes in a bounded number of rounds whatever the other cores do. In a parallel run the machine
 * clock runs by itself (paced on wall time) and the core idles as its other waits do.
 */
public final class DeadlineIdle implements IdleStrategy
{
    /** Cycles a deterministic round moves the waiting core on: it re-reads the clock once a microsecond. */
    public static final long POLL_CYCLES = 1000;

    private final Processor core;
    private final IdleStrategy parallel;

    /**
     * @param core     the waiting core.
     * @param parallel how it idles in a parallel run.
     */
    public DeadlineIdle(final Processor core, final IdleStrategy parallel)
    {
        this.core = core;
        this.parallel = parallel;
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
        if (!core.schedule().deterministic())
        {
            parallel.idle();
            return;
        }
        final CycleCounter own = core.counts().clock();
        final Clock machine = core.machineClock();
        if (own != null && machine != null)
        {
            own.atLeast(machine.cycles());
            own.advance(POLL_CYCLES);
        }
        if (core.cue() != null)
        {
            core.cue().clear(); // nothing to wait on: runnable, so that its turns come while the clock runs
        }
        core.schedule().idle(core);
    }

    @Override
    public void reset()
    {
        parallel.reset();
    }

    @Override
    public String alias()
    {
        return "deadline";
    }
}
