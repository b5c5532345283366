package org.smpboot.sim.fault;

import java.util.Locale;

/**
 * One injected fault, as {@code --fault KIND:ARGS} writes it.
 *
 * @param kind   what.
 * @param target the core's gid or the cluster's cxy; the byte offset for {@link FaultKind#CORRUPT_ARCH_INFO}.
 * @param amount milliseconds per step for {@link FaultKind#SLOW_CORE}, the XOR mask for
 *               {@link FaultKind#CORRUPT_ARCH_INFO}, else 0.
 * @param step   for {@link FaultKind#KILL_CORE}, the text of the step the core dies at, or null for the flavor's
 *               default; else null.
 */
public record Fault(FaultKind kind, int target, long amount, String step)
{
    /** Longest pause a slow core takes per step. */
    public static final long MAX_SLOW_MS = 60_000;

    /**
     * Parses {@code KIND:ARGS}: {@code dead-core:GID}, {@code dead-cluster:CXY}, {@code lost-ipi:GID},
     * {@code late-core:GID},
     * {@code slow-core:GID:MS}, {@code bad-bank:CXY}, {@code corrupt-archinfo:OFFSET[:XOR]},
     * {@code kill-core:GID[:STEP]}; numbers in decimal or 0x hexadecimal.
     *
     * @param spec the text.
     * @return the fault.
     * @throws IllegalArgumentException one line naming the spec and what is wrong.
     */
    public static Fault parse(final String spec)
    {
        final String[] p = spec.trim().split(":", -1);
        final FaultKind kind;
        try
        {
            kind = FaultKind.of(p[0]);
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalArgumentException("--fault " + spec + ": " + e.getMessage());
        }
        final int min = 2;
        final int max = switch (kind)
        {
            case SLOW_CORE -> 3;
            case CORRUPT_ARCH_INFO, KILL_CORE -> min + 1;
            default -> min;
        };
        final int need = kind == FaultKind.SLOW_CORE ? 3 : min;
        if (p.length < need || p.length > max)
        {
            throw new IllegalArgumentException("--fault " + spec + ": expected " + kind.cliName() + ":" + kind.args());
        }
        final int target = (int)number(spec, p[1], 0, 0xFFFF_FFFL);
        return switch (kind)
        {
            case SLOW_CORE -> new Fault(kind, target, number(spec, p[2], 1, MAX_SLOW_MS), null);
            case CORRUPT_ARCH_INFO -> new Fault(kind, target, p.length > 2 ? number(spec, p[2], 1, 0xFF) : 0xFF, null);
            case KILL_CORE ->
            {
                if (p.length > 2 && p[2].isBlank())
                {
                    throw new IllegalArgumentException("--fault " + spec + ": the step text is empty");
                }
                yield new Fault(kind, target, 0, p.length > 2 ? p[2] : null);
            }
            default -> new Fault(kind, target, 0, null);
        };
    }

    private static long number(final String spec, final String text, final long min, final long max)
    {
        final String t = text.trim().toLowerCase(Locale.ROOT);
        final long v;
        try
        {
            v = t.startsWith("0x") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException("--fault " + spec + ": '" + text + "' is not a number (decimal or 0x " +
                "hexadecimal)");
        }
        if (v < min || v > max)
        {
            throw new IllegalArgumentException("--fault " + spec + ": " + text + " is out of range " + min + ".." + max);
        }
        return v;
    }

    /** @return the fault as {@code --fault} takes it. */
    @Override
    public String toString()
    {
        return switch (kind)
        {
            case DEAD_CORE, LOST_IPI, LATE_CORE -> String.format("%s:0x%03x", kind.cliName(), target);
            case DEAD_CLUSTER, BAD_BANK -> String.format("%s:0x%02x", kind.cliName(), target);
            case SLOW_CORE -> String.format("%s:0x%03x:%d", kind.cliName(), target, amount);
            case CORRUPT_ARCH_INFO -> String.format("%s:%d:0x%02x", kind.cliName(), target, amount);
            case KILL_CORE -> String.format("%s:0x%03x", kind.cliName(), target) + (step == null ? "" : ":" + step);
        };
    }
}
