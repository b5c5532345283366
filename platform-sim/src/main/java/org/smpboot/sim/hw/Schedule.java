package org.smpboot.sim.hw;

import java.util.concurrent.Executor;

/**
 * Who runs when: consulted by the cores, the bus and the {@link CountedWindow}s at every shared access and every
 * wait. The default, {@link #PARALLEL}, does nothing: every core thread runs when the host lets it, at full speed. A
 * deterministic schedule ({@link SeededSchedule}) lets one core run at a time and picks the next one from a seed at
 * each of these points, so that a run replays byte for byte.
 */
public interface Schedule
{
    /** Every core runs in parallel: no hook does anything. */
    Schedule PARALLEL = new Schedule()
    {
    };

    /** @return whether one core runs at a time, in an order the schedule decides. */
    default boolean deterministic()
    {
        return false;
    }

    /**
     * A core's thread starts: it waits here until it is given the token.
     *
     * @param core the core.
     */
    default void begin(final Processor core)
    {
    }

    /**
     * A core's thread ends (halted or faulted): it gives the token up for good.
     *
     * @param core the core.
     */
    default void end(final Processor core)
    {
    }

    /**
     * Before a shared access (bus or window) by an initiator: a point where another core may run.
     *
     * @param who the initiator.
     */
    default void access(final Initiator who)
    {
    }

    /**
     * @return whether the schedule runs cores in the order of their accesses' arrivals at their targets
     * ({@link #accessAt}), which makes the targets' queues exact.
     */
    default boolean timed()
    {
        return false;
    }

    /**
     * Before a shared access that reaches its target at a cycle, in a {@link #timed()} schedule: the holder keeps the
     * token if no other runnable core could reach a target earlier, else hands it on and waits for it back.
     *
     * @param who     the initiator.
     * @param arrival the cycle its request reaches its target.
     * @return true when other cores ran meanwhile (the caller estimates the arrival again and asks again).
     */
    default boolean accessAt(final Initiator who, final long arrival)
    {
        access(who);
        return false;
    }

    /**
     * An idle round of a wait loop (the runtime's barriers, the election, the pools, the drivers' polls).
     *
     * @param core the waiting core.
     * @return true when the schedule ran other cores meanwhile (the caller must not park); false to idle as usual.
     */
    default boolean idle(final Processor core)
    {
        return false;
    }

    /**
     * An idle round of a wait loop that must look again by a cycle of the machine clock even if nothing it read is
     * written (its bound, a liveness look, a quiet period's end).
     *
     * @param core       the waiting core.
     * @param untilCycle the machine clock's cycle by which it looks again; {@link Long#MAX_VALUE} for none.
     * @return true when the schedule ran other cores meanwhile (the caller must not park); false to idle as usual.
     */
    default boolean idle(final Processor core, final long untilCycle)
    {
        return idle(core);
    }

    /**
     * A core stops dead (fault injection) and will never run again: a deterministic schedule runs the others. Returns
     * at once in a parallel run; in a deterministic one it returns only when the thread is interrupted.
     *
     * @param core the core, on its own thread.
     */
    default void stop(final Processor core)
    {
    }

    /**
     * One of a core's XCU output lines rose (called by the thread that raised it).
     *
     * @param core the core.
     */
    default void signal(final Processor core)
    {
    }

    /**
     * A core in {@code wait}, whose lines are all low: runs other cores until one rises.
     *
     * @param core the core.
     * @return true when the schedule ran other cores meanwhile (the caller re-checks its lines and must not park).
     */
    default boolean sleep(final Processor core)
    {
        return false;
    }

    /**
     * A core in {@code wait} whose wait has a bound: as {@link #sleep(Processor)}, and the core looks again by a cycle of
     * the machine clock even if no line rises (a deterministic schedule wakes it there).
     *
     * @param core       the core.
     * @param untilCycle the machine clock's cycle by which it looks again; {@link Long#MAX_VALUE} for none.
     * @return true when the schedule ran other cores meanwhile (the caller re-checks its lines and must not park).
     */
    default boolean sleep(final Processor core, final long untilCycle)
    {
        return sleep(core);
    }

    /**
     * @return where the cores' virtual threads run ({@link CoreThreads}), or null for the JDK's default scheduler (and
     * for platform threads).
     */
    default Executor carrier()
    {
        return null;
    }

    /** The machine is closed and every core thread has ended: release what the schedule holds (its carrier). */
    default void close()
    {
    }

    /**
     * The token holder is about to stop another core from outside (a hypervisor holding it in reset): the core will
     * end without the token, and must never be handed it again.
     *
     * @param core the core being stopped.
     */
    default void stopping(final Processor core)
    {
    }

    /**
     * The token holder has started again a core that had ended ({@link Processor#restart(int)}): it takes turns
     * again.
     *
     * @param core the core.
     */
    default void restarted(final Processor core)
    {
    }
}
