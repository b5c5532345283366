package org.smpboot.sim.driver;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.agrona.concurrent.IdleStrategy;
import org.smpboot.runtime.wait.Awaited;
import org.smpboot.runtime.wait.BoundedWait;
import org.smpboot.runtime.wait.WaitInterruptedException;
import org.smpboot.runtime.wait.WaitPolicy;
import org.smpboot.sim.hw.CoreFault;
import org.smpboot.sim.hw.Processor;

/**
 * A bounded poll of the simulated software: a device's status, a lock, a flag another core publishes, or a deadline
 * (a quiet period, a wake-up deadline). It is the runtime's one bounded wait ({@link BoundedWait}) on the machine's
 * time base ({@link Processor#time()}: virtual time in a deterministic run, so a deadline passes at the same point of
 * every replay), never the host's clock as such; the idle strategy says how the core's thread waits between polls
 * (and, in a deterministic run, hands the token on: a waiter with nothing to see re-polls when the words it read are
 * written, or when every core waits and the machine clock moves on).
 */
public final class Poll
{
    /** What a bound that passed throws inside the wait, to end it: never seen outside this class. */
    private static final class Passed extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        Passed()
        {
            super("the poll's bound passed", null, false, false);
        }
    }

    private static final Awaited BOUND = new Awaited()
    {
        @Override
        public RuntimeException timedOut(final long context, final long waitedNs)
        {
            return new Passed();
        }
    };

    private Poll()
    {
    }

    /**
     * Polls until {@code done} holds or {@code nanos} of the machine's time have passed.
     *
     * @param core  the polling core.
     * @param nanos the bound.
     * @param idle  how to wait between polls.
     * @param done  the condition, which reads simulated memory or registers.
     * @return true when the condition held, false when the bound passed first.
     * @throws CoreFault when the core is stopped (its thread interrupted) while it polls.
     */
    public static boolean within(final Processor core, final long nanos, final IdleStrategy idle,
        final BooleanSupplier done)
    {
        if (done.getAsBoolean())
        {
            return true;
        }
        final WaitPolicy policy = WaitPolicy.custom(idle.alias(), () -> idle, Math.max(1, nanos))
            .withClock(core.time());
        try
        {
            BoundedWait.until(policy, done, BOUND);
            return true;
        }
        catch (final Passed e)
        {
            return false;
        }
        catch (final WaitInterruptedException e)
        {
            throw new CoreFault(core, "stopped while it polled");
        }
    }

    /**
     * Polls until {@code done} holds; at the bound the core faults, naming what it waited for.
     *
     * @param core  the polling core.
     * @param nanos the bound, in nanoseconds of the machine's time.
     * @param idle  how to wait between polls.
     * @param done  the condition.
     * @param what  what the core waits for, for the fault's message.
     * @throws CoreFault when the bound passes first.
     */
    public static void until(final Processor core, final long nanos, final IdleStrategy idle,
        final BooleanSupplier done, final Supplier<String> what)
    {
        if (!within(core, nanos, idle, done))
        {
            throw new CoreFault(core, "waited " + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms for " + what.get());
        }
    }
}
