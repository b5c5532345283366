package org.smpboot.sim.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Assertions;
import org.smpboot.sim.run.BootResult;

/** What every fuzzed input must come to: a result, or one of our errors with a one-line message, in bounded time. */
final class Outcomes
{
    private Outcomes()
    {
    }

    /**
     * Runs an input's handling within a bound; an exception of one of the expected types must carry a one-line message,
     * any other escapes the fuzz as a failure.
     *
     * @param bound    how long the input may take.
     * @param expected the exception types that are clear errors for this input.
     * @param body     the handling.
     * @param <T>      its result.
     * @return the result, or null when it failed with a clear error.
     */
    @SafeVarargs
    static <T> T resultOrClearError(final Duration bound, final Callable<T> body,
        final Class<? extends Exception>... expected)
    {
        return Assertions.assertTimeoutPreemptively(bound, () ->
        {
            try
            {
                return body.call();
            }
            catch (final Exception e)
            {
                for (final Class<? extends Exception> c : expected)
                {
                    if (c.isInstance(e))
                    {
                        oneLine(e.getMessage());
                        return null;
                    }
                }
                throw new AssertionError("unexpected " + e, e);
            }
        }, "the input was not handled within " + bound.toMillis() + " ms: a hang");
    }

    /** @param message an error message: present, not blank, one line. */
    static void oneLine(final String message)
    {
        assertNotNull(message, "an error without a message");
        assertFalse(message.isBlank(), "a blank error message");
        assertFalse(message.contains("\n"), "a multi-line error message: " + message);
    }

    /**
     * A boot either completed or failed with its first fault one line naming the stage (a core's phase, a bus error,
     * the watchdog or the boot's bound).
     *
     * @param r the boot.
     */
    static void bootedOrFailedClearly(final BootResult r)
    {
        if (r.complete())
        {
            return;
        }
        if (r.faults().isEmpty())
        {
            fail("the boot neither completed nor faulted: " + r.entries().size() + " entries\n" + r.txt0());
        }
        final String first = r.faults().get(0).lines().findFirst().orElse("");
        assertTrue(first.matches("(core\\[0x..,\\d+\\] gid 0x... fault in phase '[^']+': .+|bus error: .+|" +
            "watchdog: .+|boot: .+)"), "not a stage-then-detail fault line: " + first);
    }
}
