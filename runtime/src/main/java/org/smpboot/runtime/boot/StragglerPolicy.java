package org.smpboot.runtime.boot;

import java.util.concurrent.TimeUnit;

import org.smpboot.runtime.wait.MillisProperty;

/**
 * How long the leader waits for CPUs still arriving before it seals cpu_count. Whatever the policy, the leader seals
 * only when running_count == cpu_count, so a counted CPU is always waited for; a CPU that arrives after the seal is
 * LATE (it takes no part in the boot).
 *
 * <p>The builder's default is {@link #defaults()}, a quiet period of 1,000 ms, as MutekH waits
 * for its CPU count to settle: threads of one JVM started together, one after the other, arrive as their starter and
 * the scheduler let them, and with the seed's {@link #none()} the leader seals as soon as the CPUs counted so far run,
 * which left 12,265 of 12,498 CPUs LATE over 100 rounds of 1 to 256 threads on this project's 2-vCPU machine. Measured
 * there while other builds loaded it (load average 60 to 175; {@code StragglerRounds} in benchmarks, table in
 * benchmarks/README.md): quiet periods of 100, 250 and 500 ms still left CPUs LATE in some rounds (the starter thread
 * stayed off the processors that long), 1,000 ms none over 200 rounds (25,332 CPUs) at load 64-84, but 355 of 128,068
 * over 1,000 rounds at load 45-130 beside benchmark runs. The default is that figure: a margin for an ordinarily
 * loaded machine, not a guarantee under any load, and its cost is that long added to every boot.
 * Waiters that know their number say so with {@link #expected}, which seals at once when they are all in.
 */
public final class StragglerPolicy
{
    /**
     * System property that overrides {@link #DEFAULT_QUIET_MS}: a positive whole number of milliseconds. Meant for
     * mutation testing (the runtime's {@code pitest} profile sets it below its short default wait timeout, which every
     * follower's wait during the leader's quiet period must outlast). Unset, the period is 1,000 ms; a bad value stops
     * this class from loading with an {@link IllegalArgumentException} naming the property.
     */
    public static final String QUIET_PROPERTY = "smpboot.boot.quietMs";

    /**
     * The default quiet period: cpu_count unchanged this long (ms) before the leader seals. 1,000 ms, unless
     * {@value #QUIET_PROPERTY} says otherwise.
     */
    public static final long DEFAULT_QUIET_MS = MillisProperty.read(QUIET_PROPERTY, 1000);

    private static final StragglerPolicy DEFAULT = quietPeriod(DEFAULT_QUIET_MS, TimeUnit.MILLISECONDS);

    private enum Kind
    {
        NONE, QUIET, EXPECTED
    }

    private final Kind kind;
    private final long periodNs;
    private final long expected;

    private StragglerPolicy(final Kind kind, final long periodNs, final long expected)
    {
        this.kind = kind;
        this.periodNs = periodNs;
        this.expected = expected;
    }

    /**
     * @return the builder's default: a quiet period of 1,000 ms, so that no thread of one JVM
     *     started with the others is left LATE (measured: see the class's javadoc).
     */
    public static StragglerPolicy defaults()
    {
        return DEFAULT;
    }

    /**
     * @return seal as soon as every counted CPU runs (the seed's rule): the fastest boot, but CPUs that have not yet
     *     counted themselves (threads still being started) are LATE; select it where arrivals are known to precede
     *     the leader's check, or to study the race itself.
     */
    public static StragglerPolicy none()
    {
        return new StragglerPolicy(Kind.NONE, 0, 0);
    }

    /**
     * @param period how long cpu_count must stay unchanged.
     * @param unit   its unit.
     * @return seal after a quiet period (MutekH 2010's "wait for cpu count to settle").
     */
    public static StragglerPolicy quietPeriod(final long period, final TimeUnit unit)
    {
        return new StragglerPolicy(Kind.QUIET, unit.toNanos(period), 0);
    }

    /**
     * @param cpus     CPUs expected, leader included.
     * @param deadline how long to wait for them at most.
     * @param unit     its unit.
     * @return seal once {@code cpus} are counted and running, or at the deadline with fewer.
     */
    public static StragglerPolicy expected(final long cpus, final long deadline, final TimeUnit unit)
    {
        if (cpus < 1)
        {
            throw new IllegalArgumentException("expected CPU count must be at least 1, got " + cpus);
        }
        return new StragglerPolicy(Kind.EXPECTED, unit.toNanos(deadline), cpus);
    }

    /**
     * @param count           cpu_count, equal to running_count.
     * @param sinceStartNs    time since cpu_start_other.
     * @param sinceLastCountNs time since cpu_count last changed.
     * @return true when the leader may seal now.
     */
    boolean maySeal(final long count, final long sinceStartNs, final long sinceLastCountNs)
    {
        switch (kind)
        {
            case QUIET:
                return sinceLastCountNs >= periodNs;
            case EXPECTED:
                return count >= expected || sinceStartNs >= periodNs;
            default:
                return true;
        }
    }

    /**
     * @param startNs      when cpu_start_other was.
     * @param lastChangeNs when cpu_count last changed.
     * @return the time from which {@link #maySeal} holds by time alone (the quiet period's end, the deadline), on the
     * same clock; {@link Long#MAX_VALUE} when time alone never lets the leader seal, {@link Long#MIN_VALUE} when it
     * always may.
     */
    long sealableBy(final long startNs, final long lastChangeNs)
    {
        switch (kind)
        {
            case QUIET:
                return saturatedSum(lastChangeNs, periodNs);
            case EXPECTED:
                return saturatedSum(startNs, periodNs);
            default:
                return Long.MIN_VALUE;
        }
    }

    private static long saturatedSum(final long time, final long period)
    {
        final long sum = time + period;
        return sum < time ? Long.MAX_VALUE : sum;
    }

    /** @return the expected count, or 0 when the policy expects none. */
    public long expectedCpus()
    {
        return expected;
    }

    /**
     * Parses {@code none}, {@code quiet:MS} or {@code expected:N[:MS]}.
     *
     * @param spec       the text.
     * @param defaultCpus N when {@code expected} has none.
     * @return the policy.
     */
    public static StragglerPolicy parse(final String spec, final long defaultCpus)
    {
        final String[] p = spec.trim().split(":");
        try
        {
            switch (p[0])
            {
                case "none":
                    if (p.length == 1)
                    {
                        return none();
                    }
                    break;
                case "quiet":
                    if (p.length == 2)
                    {
                        return quietPeriod(Long.parseLong(p[1]), TimeUnit.MILLISECONDS);
                    }
                    break;
                case "expected":
                    if (p.length <= 3)
                    {
                        return expected(p.length > 1 ? Long.parseLong(p[1]) : defaultCpus,
                            p.length > 2 ? Long.parseLong(p[2]) : 2000, TimeUnit.MILLISECONDS);
                    }
                    break;
                default:
                    break;
            }
        }
        catch (final NumberFormatException e)
        {
            // one-line error below
        }
        throw new IllegalArgumentException(
            "unknown straggler policy '" + spec + "': expected none, quiet:MS or expected[:N[:MS]]");
    }

    @Override
    public String toString()
    {
        switch (kind)
        {
            case QUIET:
                return "quiet:" + TimeUnit.NANOSECONDS.toMillis(periodNs);
            case EXPECTED:
                return "expected:" + expected + ":" + TimeUnit.NANOSECONDS.toMillis(periodNs);
            default:
                return "none";
        }
    }
}
