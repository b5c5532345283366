package org.smpboot.sim.trace;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.smpboot.runtime.barrier.Barrier;

/**
 * A core's wait at a runtime barrier, with its arrival and its release on the core's {@link Timeline} (its trace, and
 * the run's {@link BarrierLog} in virtual time).
 */
public final class TracedBarrier
{
    private TracedBarrier()
    {
    }

    /**
     * @param core         the waiting core's timeline.
     * @param barrier      the barrier flyweight over the core's window.
     * @param participant  the core's participant number.
     * @param timeoutNanos the bound of the wait.
     */
    public static void await(final Timeline core, final Barrier barrier, final int participant,
        final long timeoutNanos)
    {
        final Map<String, Object> args = Map.of("participant", participant, "parties", barrier.parties());
        core.trace(EventKind.BARRIER_ARRIVE, barrier.name(), args);
        core.rendezvous(barrier.name(), barrier.parties(), true);
        barrier.await(participant, timeoutNanos, TimeUnit.NANOSECONDS);
        core.rendezvous(barrier.name(), barrier.parties(), false);
        core.trace(EventKind.BARRIER_RELEASE, barrier.name(), args);
    }
}
