package org.smpboot.runtime.wait;

import java.util.function.LongFunction;

/**
 * What a {@link BoundedWait} waits for, asked only when it must be: at its check rounds (a liveness check that may end
 * the wait early) and once its deadline has passed (the error it throws). Both receive the wait's {@code context}, a
 * number the waiter chose (a participant and a step, the value last seen...), so that a flyweight can describe every
 * wait it makes without allocating one object per wait.
 *
 * <p>Implementations are called on the waiting thread only, on the slow path.
 */
@FunctionalInterface
public interface Awaited
{
    /**
     * A liveness check, called at each check round of the wait (see {@link BoundedWait} for the cadence). Throw to end
     * the wait early with a named cause: a leader whose heartbeat stopped, a barrier another waiter broke. Does
     * nothing by default.
     *
     * @param context  the wait's context.
     * @param waitedNs time waited so far, on the policy's clock.
     */
    default void checkLiveness(final long context, final long waitedNs)
    {
    }

    /**
     * How often {@link #checkLiveness} needs a look by time alone, when it watches the passing of time (a heartbeat's
     * age) and not only words in memory: a {@link DeadlineAware} idle strategy is then told to look again this long
     * after each check even if nothing it read is written (a dead leader writes nothing). 0 by default: a check that
     * reads only words (a barrier's broken word) needs a look only when one of them is written.
     *
     * @return the period in nanoseconds of the wait's clock, or 0.
     */
    default long lookEveryNs()
    {
        return 0;
    }

    /**
     * The error of a wait whose deadline passed; the wait throws it. It should name the stage, the word waited on, the
     * value last seen and the value awaited ({@link WaitTimeoutException} does).
     *
     * @param context  the wait's context.
     * @param waitedNs time waited, on the policy's clock.
     * @return the exception to throw.
     */
    RuntimeException timedOut(long context, long waitedNs);

    /**
     * What a wait on one word awaits, for {@link BoundedWait#untilWord}: its error is a {@link WaitTimeoutException}
     * naming the stage, the word, the value last seen (the wait's context) and the value awaited; no liveness check.
     *
     * @param stage    who waits, at which step ("cpu 3: await start_bar").
     * @param word     the word and its offset ("start_bar @128").
     * @param expected the value awaited.
     * @param format   how a value of the word is shown (as a number, a magic's name...).
     * @return the description.
     */
    static Awaited word(final String stage, final String word, final long expected, final LongFunction<String> format)
    {
        return (seen, waitedNs) ->
            new WaitTimeoutException(stage, word, format.apply(seen), format.apply(expected), waitedNs);
    }
}
