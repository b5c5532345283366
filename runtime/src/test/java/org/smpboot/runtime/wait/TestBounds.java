package org.smpboot.runtime.wait;

import java.util.concurrent.TimeUnit;

/**
 * The bound a test gives a wait that must succeed. Normally the test's own figure (generous: 256 threads on 2 loaded
 * cores). In a JVM whose default wait bound is shortened by {@value WaitPolicy#TIMEOUT_PROPERTY} (PIT's minions), at
 * most {@value #SHORTENED_FACTOR} times that default: a mutant that makes such a wait never end then fails its test
 * in the minion within a few seconds, by a {@link WaitTimeoutException}, instead of by PIT's own timeout and a new
 * minion JVM.
 */
public final class TestBounds
{
    /** How many default bounds a test's wait may last where the default is shortened. */
    public static final int SHORTENED_FACTOR = 4;
    /**
     * How many default bounds a whole run of several threads (several waits in a row, a leader's wait for its count)
     * may last where the default is shortened: 20 s under PIT, above the 10 s the 64- and 256-CPU election tests give
     * their waits.
     */
    public static final int RUN_FACTOR = 40;

    private TestBounds()
    {
    }

    /** @return whether this JVM shortens the default wait bound (PIT's minions do). */
    public static boolean shortened()
    {
        return System.getProperty(WaitPolicy.TIMEOUT_PROPERTY) != null;
    }

    /**
     * @param timeout the test's own bound.
     * @param unit    its unit.
     * @return the bound in nanoseconds: {@code timeout}, or at most {@value #SHORTENED_FACTOR} default bounds where
     *     they are shortened.
     */
    public static long ns(final long timeout, final TimeUnit unit)
    {
        final long ns = unit.toNanos(timeout);
        return shortened() ? Math.min(ns, SHORTENED_FACTOR * WaitPolicy.DEFAULT_TIMEOUT_NS) : ns;
    }

    /**
     * @param timeout the test's own bound on a whole run of threads.
     * @param unit    its unit.
     * @return the bound in nanoseconds: {@code timeout}, or at most {@value #RUN_FACTOR} default bounds where they are
     *     shortened.
     */
    public static long runNs(final long timeout, final TimeUnit unit)
    {
        final long ns = unit.toNanos(timeout);
        return shortened() ? Math.min(ns, RUN_FACTOR * WaitPolicy.DEFAULT_TIMEOUT_NS) : ns;
    }

    /**
     * @param timeout the test's own bound.
     * @param unit    its unit.
     * @return the default policy bounded by {@link #ns}.
     */
    public static WaitPolicy defaults(final long timeout, final TimeUnit unit)
    {
        return WaitPolicy.defaults().withTimeout(ns(timeout, unit));
    }
}
