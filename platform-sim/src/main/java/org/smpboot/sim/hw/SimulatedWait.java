package org.smpboot.sim.hw;

import java.util.concurrent.TimeUnit;

import org.smpboot.runtime.wait.WaitPolicy;

/**
 * The wait policy of simulated cores at the runtime's barriers, the election and the stack pools. A simulated machine
 * runs far more core threads than the host has CPUs (1024 on 2), and the runtime's waiters poll shared memory: parked
 * for at most 1 ms, as the runtime's default does, a thousand waiters wake a million times a second and starve the
 * cores still working. So when the machine is oversubscribed a core yields briefly (it does not spin: the core it waits
 * for needs a host CPU to move, and every poll of a spin is a whole access through the bus model), then parks on its
 * {@link WaitCue} until a word it read in its last round is written ({@link WakeTable}), for at most
 * {@link #MAX_PARK_MS} ms: waiters cost nothing while they wait, and wake when there is something to see.
 *
 * <p>Every policy made here waits through the runtime's {@code BoundedWait} on the machine's clock
 * ({@link Processor#time()}): in a deterministic run its deadline passes in virtual time, at the same point of every
 * replay.
 *
 * <p>Measured on 2 CPUs: a 16x16x4 elected boot took 6-9 s with blind backoff parks (1 to 20 ms); README's benchmark
 * section gives it with the cue. A machine that fits the host (at most 4 cores per CPU) keeps the runtime's adaptive
 * policy.
 */
public final class SimulatedWait
{
    /** The bound of one park on the cue: what a wait costs when no wake-up can come (a word changed in bulk). */
    public static final long MAX_PARK_MS = 50;
    /** Yields before a park: the waiter's host CPU goes to a core that can move first. */
    static final int YIELDS = 2;
    private static final int HOST_CPUS = Runtime.getRuntime().availableProcessors();

    private SimulatedWait()
    {
    }

    /**
     * @param core         the waiting core.
     * @param machineCores the cores of the simulated machine (its threads).
     * @param parties      the waiters of the barrier, or of whatever is awaited.
     * @param timeoutNanos the bound of each wait.
     * @return the runtime's adaptive policy when the machine fits the host, else the cue's.
     */
    public static WaitPolicy policy(final Processor core, final int machineCores, final int parties,
        final long timeoutNanos)
    {
        final WaitPolicy base;
        if (machineCores <= 4 * HOST_CPUS || core.cue() == null)
        {
            base = WaitPolicy.defaults().forContenders(parties).withTimeout(timeoutNanos).withClock(core.time());
        }
        else
        {
            final WaitCue cue = core.cue();
            base = WaitPolicy.custom("simulated core (" + YIELDS + " yields, park on the words read, at most " +
                MAX_PARK_MS + " ms)", () -> new CueIdleStrategy(cue, 0, YIELDS, TimeUnit.MILLISECONDS.toNanos(MAX_PARK_MS)),
                timeoutNanos);
        }
        // virtual time: a wait's failed polls cost nothing; in a deterministic run an idle round passes the token; the
        // bound is on the machine's clock (virtual time in a deterministic run), as every bound in the machine
        return WaitPolicy.custom(base.toString(), () -> new TimedIdle(core, base.newIdleStrategy()), timeoutNanos)
            .withClock(core.time());
    }
}
