package org.smpboot.sim.trace;

import java.util.Map;

/**
 * One typed boot event, as a Chrome trace event: a step or phase begins ({@code B}) or ends ({@code E}), or
 * something happens at an instant ({@code i}: reset, IPI sent or received, barrier arrive or release, fault).
 *
 * @param kind   what happened.
 * @param name   the step, barrier or mailbox concerned.
 * @param ph     the trace-event phase: {@code B}, {@code E} or {@code i}.
 * @param micros microseconds since the machine started.
 * @param cycle  the machine's cycle at that moment.
 * @param pid    the cluster of the core (or device) it happened on.
 * @param tid    the core's gid, or a device's pseudo-thread above 0x10000.
 * @param args   details (the IPI's target and value, the barrier's participant...).
 */
public record TraceEvent(EventKind kind, String name, char ph, long micros, long cycle, int pid, int tid,
    Map<String, Object> args)
{
    /**
     * Copies the arguments.
     *
     * @param kind   what happened.
     * @param name   the step, barrier or mailbox concerned.
     * @param ph     the trace-event phase: {@code B}, {@code E} or {@code i}.
     * @param micros microseconds since the machine started.
     * @param cycle  the machine's cycle at that moment.
     * @param pid    the cluster of the core (or device) it happened on.
     * @param tid    the core's gid, or a device's pseudo-thread above 0x10000.
     * @param args   details (the IPI's target and value, the barrier's participant...).
     */
    public TraceEvent
    {
        args = Map.copyOf(args);
    }
}
