package org.smpboot.runtime.wait;

/**
 * An idle strategy that can use the time by which its waiter must look again even if nothing it reads is written: the
 * wait's bound, the next liveness check of a waiter that watches the passing of time (a heartbeat's age), or a
 * deadline of the waiter's own protocol (the end of a quiet period). {@link BoundedWait} tells it, on the wait's clock,
 * before each idle round.
 *
 * <p>A host thread has no use for it: it polls, and sees the time pass. A core of a simulated machine in virtual time
 * does: while it waits it hands its turn on, and when every core waits the machine clock jumps straight to the earliest
 * time some waiter must look again (or some timer fires), instead of crawling there in fixed steps or overshooting it.
 */
public interface DeadlineAware
{
    /**
     * @param nanoTime the time, on the wait's clock, by which the waiter must look again; {@link Long#MAX_VALUE}
     *                 for none but a write to what it read. Applies to the next idle round only.
     */
    void lookBy(long nanoTime);
}
