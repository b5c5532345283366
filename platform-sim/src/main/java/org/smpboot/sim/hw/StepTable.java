package org.smpboot.sim.hw;

import java.util.List;

/**
 * An immutable snapshot, per class of step ({@link StepClasses}), of what every initiator did in steps of that class:
 * per {@link AccessKind}, the requests, the cycles they cost, the words they moved and the cycles they waited in their
 * targets' queues; and the cycles the initiators spent in such steps (summed over initiators) and how many such steps
 * they began.
 */
public final class StepTable
{
    private final List<String> names;
    private final long[] rows;

    StepTable(final List<String> names, final long[] rows)
    {
        this.names = List.copyOf(names);
        this.rows = rows;
    }

    /** @return the classes' names: class {@code i} is {@code names().get(i)}. */
    public List<String> names()
    {
        return names;
    }

    /**
     * @param cls  a class.
     * @param kind a kind.
     * @return requests of that kind made in steps of that class.
     */
    public long requests(final int cls, final AccessKind kind)
    {
        return field(cls, kind, AccessCounts.COUNT);
    }

    /**
     * @param cls a class.
     * @return requests of every kind made in steps of that class.
     */
    public long requests(final int cls)
    {
        return sum(cls, AccessCounts.COUNT);
    }

    /**
     * @param cls  a class.
     * @param kind a kind.
     * @return cycles those requests cost.
     */
    public long cycles(final int cls, final AccessKind kind)
    {
        return field(cls, kind, AccessCounts.CYCLES);
    }

    /**
     * @param cls a class.
     * @return cycles the requests of every kind cost.
     */
    public long cycles(final int cls)
    {
        return sum(cls, AccessCounts.CYCLES);
    }

    /**
     * @param cls  a class.
     * @param kind a kind.
     * @return words those requests moved.
     */
    public long words(final int cls, final AccessKind kind)
    {
        return field(cls, kind, AccessCounts.WORDS);
    }

    /**
     * @param cls a class.
     * @return cycles the requests of every kind waited in their targets' queues.
     */
    public long waits(final int cls)
    {
        return sum(cls, AccessCounts.WAIT);
    }

    /**
     * @param cls  a class.
     * @param kind a kind.
     * @return cycles those requests waited in their targets' queues.
     */
    public long waits(final int cls, final AccessKind kind)
    {
        return field(cls, kind, AccessCounts.WAIT);
    }

    /**
     * @param cls a class.
     * @return cycles the initiators spent in steps of that class, summed over initiators.
     */
    public long time(final int cls)
    {
        return rows[cls * AccessCounts.STEP_ROW + AccessCounts.STEP_TIME];
    }

    /**
     * @param cls a class.
     * @return steps of that class begun.
     */
    public long entries(final int cls)
    {
        return rows[cls * AccessCounts.STEP_ROW + AccessCounts.STEP_ENTRIES];
    }

    /**
     * @param earlier a snapshot taken before this one.
     * @return what was done between the two.
     */
    public StepTable minus(final StepTable earlier)
    {
        final long[] d = new long[rows.length];
        for (int i = 0; i < d.length; i++)
        {
            d[i] = rows[i] - earlier.rows[i];
        }
        return new StepTable(names, d);
    }

    private long field(final int cls, final AccessKind kind, final int field)
    {
        return rows[cls * AccessCounts.STEP_ROW + kind.ordinal() * AccessCounts.FIELDS + field];
    }

    private long sum(final int cls, final int field)
    {
        long n = 0;
        for (final AccessKind k : AccessKind.values())
        {
            n += field(cls, k, field);
        }
        return n;
    }
}
