package org.smpboot.runtime.barrier;

import java.util.concurrent.TimeUnit;

/**
 * A reusable barrier among a fixed number of participants, numbered {@code 0 .. parties() - 1}: no participant returns
 * from {@link #await(int)} of episode {@code e} before every participant has called it for episode {@code e}, and a
 * participant may start episode {@code e + 1} as soon as it returns.
 *
 * <p>Implementations are flyweights over shared memory (see each class for its layout, alignment and memory ordering):
 * the Java object holds only immutable configuration, so one instance may be shared by all threads, and two processes
 * that map the same file and build the same configuration see one barrier. Memory content before
 * {@code initialize()} is unknown; that method must run once, before any await, with a happens-before edge to every
 * participant (thread start, process start after the write, or a published flag).
 *
 * <p>Memory ordering: every write a participant made before {@code await} of episode {@code e} happens-before every
 * read another participant makes after its own {@code await} of episode {@code e} returns.
 *
 * <p>Failure: every wait is bounded. On expiry the waiter throws {@link BarrierTimeoutException} naming the barrier, the
 * episode and exactly the participants that had not arrived, and marks the barrier broken in shared memory: from then
 * on every await fails fast with {@link BarrierBrokenException} until {@code initialize()} runs again while no
 * participant is inside the barrier (the CyclicBarrier model; an await already past its arrival when the break is
 * published may still complete).
 */
public interface Barrier
{
    /** @return number of participants. */
    int parties();

    /** @return the name used in error messages ("global_barrier"). */
    String name();

    /**
     * Arrives and waits for the others, bounded by the injected wait policy's timeout.
     *
     * @param participant this participant's number, {@code 0 .. parties() - 1}; one thread per number per episode.
     * @throws BarrierTimeoutException when the bound expires (the barrier is then broken).
     * @throws BarrierBrokenException  when the barrier was broken by an earlier timeout.
     */
    void await(int participant);

    /**
     * Arrives and waits for the others, at most about {@code timeout}.
     *
     * @param participant this participant's number.
     * @param timeout     bound of the wait.
     * @param unit        its unit.
     * @throws BarrierTimeoutException when the bound expires (the barrier is then broken).
     * @throws BarrierBrokenException  when the barrier was broken by an earlier timeout.
     */
    void await(int participant, long timeout, TimeUnit unit);

    /**
     * Writes the starting state over the barrier's whole footprint: episode 0, nobody arrived, not broken.
     * Not safe while any participant is inside the barrier.
     */
    void initialize();

    /**
     * @param participant a participant number.
     * @return the last episode that participant arrived at, -1 right after {@link #initialize()} (episodes count from 0
     *     and wrap after 2^32).
     */
    int arrivedEpisode(int participant);

    /** @return true when a timeout broke the barrier (read with acquire semantics). */
    boolean isBroken();
}
