package org.smpboot.sim.trace;

import java.util.Map;

/**
 * Whatever records instant events on its own timeline of a {@link Trace}: a simulated core, a device. The trace layer
 * knows its emitters only through this interface, so that it depends on no other layer (the hardware implements it).
 */
@FunctionalInterface
public interface Timeline
{
    /**
     * Records an instant event on this timeline, when tracing is on. Only the timeline's own thread may call it.
     *
     * @param kind what happened.
     * @param name the mailbox, barrier or step concerned.
     * @param args details.
     */
    void trace(EventKind kind, String name, Map<String, Object> args);

    /**
     * A participant's arrival at, or release from, a barrier, for the run's {@link BarrierLog} (in virtual time).
     * Only the timeline's own thread may call it.
     *
     * @param barrier the barrier's name.
     * @param parties its participants.
     * @param arrival true as it arrives, false as it leaves.
     */
    default void rendezvous(final String barrier, final int parties, final boolean arrival)
    {
    }
}
