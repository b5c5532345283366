package org.smpboot.sim.boot;

import java.util.Locale;

/**
 * When the elected leader seals {@code cpu_count} (seed 002: the count is not known in advance; DESIGN.md 2.1 and
 * 3.7). Whatever the rule, the leader seals only once {@code running_count == cpu_count}, so a counted core is always
 * waited for; a core that arrives after the seal is LATE. Every period is in cycles of the machine clock.
 * <ul>
 * <li>{@code quiet[:CYCLES]} (the default, MutekH's way): the count has not changed for CYCLES; the leader learns N
 * from nothing but the arrivals, and only then compares it with the arch_info.bin it loaded.</li>
 * <li>{@code none} (the seed, literally): at once; whoever has not counted itself by then is LATE.</li>
 * <li>{@code expected[:CYCLES]}: the leader waits until as many cores as the arch_info.bin in memory lists have counted
 * themselves, or CYCLES, whichever comes first (N read from simulated memory, never from the host).</li>
 * </ul>
 *
 * @param rule   which rule.
 * @param cycles the quiet period or the deadline; 0 for {@code none}.
 */
public record CountSeal(Rule rule, long cycles)
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
     * The default quiet period: 200,000 cycles, 200 ms of machine time at the clock's pace in a parallel run, where a
     * core's thread may wait that long for a host CPU before it reaches reset (2 CPUs run every core of the machine).
     */
    public static final long QUIET_CYCLES = 200_000;
    /** The default deadline of {@code expected}: 2,000,000 cycles (2 s at the clock's pace). */
    public static final long EXPECTED_CYCLES = 2_000_000;

    /** @return the default: a quiet period of {@value #QUIET_CYCLES} cycles. */
    public static CountSeal defaults()
    {
        return new CountSeal(Rule.QUIET, QUIET_CYCLES);
    }

    /**
     * Parses {@code none}, {@code quiet[:CYCLES]} or {@code expected[:CYCLES]}.
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
                final long cycles = p.length == 2 ? Long.parseLong(p[1]) : rule == Rule.QUIET ? QUIET_CYCLES :
                    EXPECTED_CYCLES;
                if (cycles >= 1 && cycles <= 1L << 40)
                {
                    return new CountSeal(rule, cycles);
                }
            }
        }
        catch (final NumberFormatException e)
        {
            // the one-line error below
        }
        final String shown = spec.length() > 40 ? spec.substring(0, 40) + "..." : spec;
        throw new IllegalArgumentException("--straggler '" + shown +
            "': expected none, quiet[:CYCLES] or expected[:CYCLES] (CYCLES in 1..2^40)");
    }

    @Override
    public String toString()
    {
        return rule == Rule.NONE ? "none" : rule.name().toLowerCase(Locale.ROOT) + ":" + cycles;
    }
}
