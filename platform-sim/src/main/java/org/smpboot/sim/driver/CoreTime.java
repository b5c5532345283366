package org.smpboot.sim.driver;

import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.NanoClock;
import org.smpboot.sim.hw.Clock;
import org.smpboot.sim.hw.CycleCounter;
import org.smpboot.sim.hw.Processor;

/**
 * The time by which the simulated software measures its deadlines: the machine clock, in cycles ({@link Clock}: the
 * XCU timers' time, virtual in a deterministic run, {@link Clock#CYCLES_PER_MS} per millisecond of wall time in a
 * parallel one), never the host's. A core's own cycle counter ({@link Processor#cycles()}, CP0 count) is its virtual
 * time of work: it does not move while the core waits and sees nothing change (its failed polls cost nothing), and the
 * counters of two cores are not in step, so a wait for time to pass, or a heartbeat one core writes and another judges,
 * reads the machine clock instead, as software reads a global timer.
 */
public final class CoreTime
{
    /** Machine time per cycle, for the runtime's clocks: the clock's pace, {@link Clock#CYCLES_PER_MS}. */
    public static final long NANOS_PER_CYCLE = TimeUnit.MILLISECONDS.toNanos(1) / Clock.CYCLES_PER_MS;

    private final Processor core;
    private final Clock clock;

    /**
     * @param core the core that reads the time.
     */
    public CoreTime(final Processor core)
    {
        this.core = core;
        this.clock = core.machineClock();
    }

    /** @return the machine clock now, in cycles (the core's own count outside a machine). */
    public long now()
    {
        return clock == null ? core.cycles() : clock.cycles();
    }

    /** @return the machine clock in nanoseconds, for the runtime's waits ({@link #NANOS_PER_CYCLE} a cycle). */
    public NanoClock nanoClock()
    {
        return () -> now() * NANOS_PER_CYCLE;
    }

    /**
     * Ends a wait whose length is the point (a deadline that passed, a quiet period): the core's own counter is at
     * least the time it waited until, so what it does next happens after it.
     */
    public void settle()
    {
        final CycleCounter c = core.counts().clock();
        if (c != null)
        {
            c.atLeast(now());
        }
    }
}
