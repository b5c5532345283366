package org.smpboot.sim.boot;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * When the elected leader seals {@code cpu_count} (seed 002: the count is not known in advance; DESIGN.md 2.1 and
 * 3.7). Whatever the rule, the leader seals only once {@code running_count == cpu_count}, so a counted core is always
 * waited for; a core that arrives after the seal is LATE. Every period is in milliseconds of the machine's time (the
 * machine clock in virtual time in a deterministic run, the host's monotonic clock in a parallel one).
 * <ul>
 * <li>{@code quiet[:MS]} (the default, MutekH's way): the count has not changed for MS; the leader learns N from
 * nothing but the arrivals, and only then compares it with the arch_info.bin it loaded.</li>
 * <li>{@code none} (the seed, literally): at once; whoever has not counted itself by then is LATE.</li>
 * <li>{@code expected[:MS]}: the leader waits until as many cores as the arch_info.bin in memory lists have counted
 * themselves, or MS, whichever comes first (N read from simulated memory, never from the host).</li>
 * </ul>
 *
 * @param rule   which rule.
 * @param millis the quiet period or the deadline; 0 for {@code none}.
 */
public record CountSeal(Rule rule, long millis)
{
    /** The rules. */
    public enum Rule
    {
        /** Seal at once. */
        NONE,
        /** Seal after a quiet period. */
        QUIET,
        /** Seal once arch_info's cores are counted, or at a deadline. */
        EXPECTED
    }

    /**
     * The default quiet period, in ms: long enough, in a parallel run, for a core's thread that waits for a host CPU
     * (2 of them run every core of the machine) to reach reset; MutekH polled every 100,000 cycles.
     */
    public static final long QUIET_MS = 200;
    /** The default deadline of {@code expected}, in ms. */
    public static final long EXPECTED_MS = 2000;

    /** The longest period: an hour. */
    public static final long MAX_MS = 3_600_000;

    /** @return the default: a quiet period of {@value #QUIET_MS} ms. */
    public static CountSeal defaults()
    {
        return new CountSeal(Rule.QUIET, QUIET_MS);
    }

    /** @return the period in nanoseconds of the machine's time. */
    public long nanos()
    {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /**
     * Parses {@code none}, {@code quiet[:MS]} or {@code expected[:MS]}.
     *
     * @param spec the text.
     * @return the rule.
     * @throws IllegalArgumentException one line naming the spec and what is accepted.
     */
    public static CountSeal parse(final String spec)
    {
        final String[] p = spec.trim().toLowerCase(Locale.ROOT).split(":", -1);
        try
        {
            if (p[0].equals("none") && p.length == 1)
            {
                return new CountSeal(Rule.NONE, 0);
            }
            if ((p[0].equals("quiet") || p[0].equals("expected")) && p.length <= 2)
            {
                final Rule rule = p[0].equals("quiet") ? Rule.QUIET : Rule.EXPECTED;
                final long ms = p.length == 2 ? Long.parseLong(p[1]) : rule == Rule.QUIET ? QUIET_MS : EXPECTED_MS;
                if (ms >= 1 && ms <= MAX_MS)
                {
                    return new CountSeal(rule, ms);
                }
            }
        }
        catch (final NumberFormatException e)
        {
            // the one-line error below
        }
        final String shown = spec.length() > 40 ? spec.substring(0, 40) + "..." : spec;
        throw new IllegalArgumentException("--straggler '" + shown +
            "': expected none, quiet[:MS] or expected[:MS] (MS in 1.." + MAX_MS + ")");
    }

    @Override
    public String toString()
    {
        return rule == Rule.NONE ? "none" : rule.name().toLowerCase(Locale.ROOT) + ":" + millis;
    }
}
