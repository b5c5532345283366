package org.smpboot.sim.driver;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.agrona.concurrent.IdleStrategy;
import org.smpboot.sim.hw.CoreFault;
import org.smpboot.sim.hw.Processor;

/**
 * A bounded poll of the simulated software: a device's status, a lock, a flag another core publishes, or the end of a
 * deadline ({@link DeadlineIdle}). The bound is in cycles of the machine clock ({@link CoreTime}); the idle strategy
 * says how the core's thread waits between polls (and, in a deterministic run, hands the token on).
 */
public final class Poll
{
    private Poll()
    {
    }

    /**
     * Polls until {@code done} holds or {@code cycles} have passed.
     *
     * @param core   the polling core.
     * @param time   its count, from when the bound runs.
     * @param cycles the bound.
     * @param idle   how to wait between polls.
     * @param done   the condition, which reads simulated memory or registers.
     * @return true when the condition held, false when the bound passed first (the core's count then is past it).
     * @throws CoreFault when the core is stopped (its thread interrupted) while it polls.
     */
    public static boolean within(final Processor core, final CoreTime time, final long cycles,
        final IdleStrategy idle, final BooleanSupplier done)
    {
        final long start = time.now();
        while (!done.getAsBoolean())
        {
            if (Thread.currentThread().isInterrupted())
            {
                throw new CoreFault(core, "stopped while it polled");
            }
            if (time.now() - start > cycles)
            {
                time.settle();
                return false;
            }
            idle.idle();
        }
        idle.reset();
        return true;
    }

    /**
     * Polls until {@code done} holds; at the bound the core faults, naming what it waited for.
     *
     * @param core   the polling core.
     * @param cycles the bound.
     * @param idle   how to wait between polls.
     * @param done   the condition.
     * @param what   what the core waits for, for the fault's message.
     * @throws CoreFault when the bound passes first.
     */
    public static void until(final Processor core, final long cycles, final IdleStrategy idle,
        final BooleanSupplier done, final Supplier<String> what)
    {
        if (!within(core, new CoreTime(core), cycles, idle, done))
        {
            throw new CoreFault(core, "waited " + cycles + " cycles for " + what.get());
        }
    }
}
