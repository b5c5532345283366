package org.smpboot.sim.driver;

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
 * A bounded poll of the simulated software: a device's status, a lock, a flag another core publishes, or the end of a
 * deadline ({@link DeadlineIdle}). It is the runtime's one bounded wait ({@link BoundedWait}) with the machine clock
 * injected ({@link CoreTime#nanoClock()}): the bound is in cycles of the simulated machine, never the host's time; the
 * idle strategy says how the core's thread waits between polls (and, in a deterministic run, hands the token on).
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
     * Polls until {@code done} holds or {@code cycles} of the machine clock have passed.
     *
     * @param core   the polling core.
     * @param cycles the bound, at least 1.
     * @param idle   how to wait between polls.
     * @param done   the condition, which reads simulated memory or registers.
     * @return true when the condition held, false when the bound passed first (the core's count then is past it).
     * @throws CoreFault when the core is stopped (its thread interrupted) while it polls.
     */
    public static boolean within(final Processor core, final long cycles, final IdleStrategy idle,
        final BooleanSupplier done)
    {
        if (done.getAsBoolean())
        {
            return true;
        }
        final CoreTime time = new CoreTime(core);
        final WaitPolicy policy = WaitPolicy.custom(idle.alias(), () -> idle,
            Math.max(1, cycles) * CoreTime.NANOS_PER_CYCLE).withClock(time.nanoClock());
        try
        {
            BoundedWait.until(policy, done, BOUND);
            return true;
        }
        catch (final Passed e)
        {
            time.settle();
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
        if (!within(core, cycles, idle, done))
        {
            throw new CoreFault(core, "waited " + cycles + " cycles for " + what.get());
        }
    }
}
