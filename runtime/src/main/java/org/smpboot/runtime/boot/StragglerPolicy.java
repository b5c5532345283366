package org.smpboot.runtime.boot;

import java.util.concurrent.TimeUnit;

/**
 * How long the leader waits for CPUs still arriving before it seals cpu_count. Whatever the policy, the leader seals
 * only when running_count == cpu_count, so a counted CPU is always waited for.
 */
public final class StragglerPolicy
{
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

    /** @return seal as soon as every counted CPU runs (the seed). */
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
