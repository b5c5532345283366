package org.smpboot.sim.trace;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.smpboot.runtime.barrier.Barrier;
import org.smpboot.sim.hw.Processor;

/** A core's wait at a runtime barrier, with its arrival and its release in the trace. */
public final class TracedBarrier
{
    private TracedBarrier()
    {
    }

    /**
     * @param core         the core.
     * @param barrier      the barrier flyweight over the core's window.
     * @param participant  the core's participant number.
     * @param timeoutNanos the bound of the wait.
     */
    public static void await(final Processor core, final Barrier barrier, final int participant,
        final long timeoutNanos)
    {
        final Map<String, Object> args = Map.of("participant", participant, "parties", barrier.parties());
        core.trace(EventKind.BARRIER_ARRIVE, barrier.name(), args);
        barrier.await(participant, timeoutNanos, TimeUnit.NANOSECONDS);
        core.trace(EventKind.BARRIER_RELEASE, barrier.name(), args);
    }
}
