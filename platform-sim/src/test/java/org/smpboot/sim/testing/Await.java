package org.smpboot.sim.testing;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.smpboot.runtime.wait.BoundedWait;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * How a test waits for the state it means, instead of sleeping: a bounded wait through the runtime's own
 * {@link BoundedWait} (yielding, on the host's clock), whose timeout is an {@link AssertionError} naming what was
 * awaited.
 */
public final class Await
{
    /** Bound of a test's wait: far above what any awaited state needs on a loaded 2-core machine. */
    public static final long DEFAULT_SECONDS = 30;

    private Await()
    {
    }

    /**
     * Waits until {@code condition} holds.
     *
     * @param what      what is awaited, for the failure.
     * @param condition the state.
     * @throws AssertionError when it does not hold within {@value #DEFAULT_SECONDS} s.
     */
    public static void until(final String what, final BooleanSupplier condition)
    {
        until(what, DEFAULT_SECONDS, TimeUnit.SECONDS, condition);
    }

    /**
     * Waits until {@code condition} holds.
     *
     * @param what      what is awaited, for the failure.
     * @param bound     how long at most.
     * @param unit      its unit.
     * @param condition the state.
     * @throws AssertionError when it does not hold within the bound.
     */
    public static void until(final String what, final long bound, final TimeUnit unit, final BooleanSupplier condition)
    {
        BoundedWait.until(WaitPolicy.yielding(unit.toNanos(bound)), condition,
            (context, waitedNs) ->
            {
                // a test failure, not a RuntimeException of the code under test
                throw new AssertionError("timed out after " + TimeUnit.NANOSECONDS.toMillis(waitedNs) +
                    " ms awaiting " + what);
            });
    }

    /**
     * An observation window for a negative assertion: checks that {@code invariant} holds throughout {@code millis}
     * (a wake-up that must not happen, a count that must not grow). Not a synchronisation: nothing is awaited.
     *
     * @param what      what must keep holding, for the failure.
     * @param millis    how long it is watched.
     * @param invariant the property.
     * @throws AssertionError as soon as it fails.
     */
    public static void holdsFor(final String what, final long millis, final BooleanSupplier invariant)
    {
        final long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        do
        {
            if (!invariant.getAsBoolean())
            {
                throw new AssertionError("no longer holds: " + what);
            }
            Thread.yield();
        }
        while (System.nanoTime() - end < 0);
    }

    /**
     * @param t a thread.
     * @return whether it is parked (waiting, with or without a timeout).
     */
    public static boolean parked(final Thread t)
    {
        final Thread.State s = t.getState();
        return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
    }
}
