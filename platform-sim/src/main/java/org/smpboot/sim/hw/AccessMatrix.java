package org.smpboot.sim.hw;

/**
 * An immutable snapshot of accesses per (requesting cluster, target bank, kind), the numbers behind the seeds'
 * "contention on cluster 0". Take one at the end of each phase and subtract the previous one to get the phase's own.
 */
public final class AccessMatrix
{
    static final int SIZE = PhysicalAddress.CXY_SPACE * PhysicalAddress.CXY_SPACE * AccessKind.COUNT;

    private final long[] counts;

    AccessMatrix(final long[] counts)
    {
        this.counts = counts;
    }

    /** @return a matrix with every count 0. */
    public static AccessMatrix empty()
    {
        return new AccessMatrix(new long[SIZE]);
    }

    /**
     * @param from requesting cluster.
     * @param to   target cluster.
     * @param kind access kind.
     * @return the count.
     */
    public long get(final int from, final int to, final AccessKind kind)
    {
        return counts[index(from, to) + kind.ordinal()];
    }

    /**
     * @param from requesting cluster.
     * @param to   target cluster.
     * @return accesses of every kind.
     */
    public long get(final int from, final int to)
    {
        long n = 0;
        for (int k = 0; k < AccessKind.COUNT; k++)
        {
            n += counts[index(from, to) + k];
        }
        return n;
    }

    /**
     * @param to target cluster.
     * @return accesses of every kind from every cluster to {@code to}.
     */
    public long toBank(final int to)
    {
        long n = 0;
        for (int from = 0; from < PhysicalAddress.CXY_SPACE; from++)
        {
            n += get(from, to);
        }
        return n;
    }

    /** @return every access counted. */
    public long total()
    {
        long n = 0;
        for (final long c : counts)
        {
            n += c;
        }
        return n;
    }

    /**
     * @param earlier a snapshot taken before this one.
     * @return the accesses made between the two.
     */
    public AccessMatrix minus(final AccessMatrix earlier)
    {
        final long[] d = new long[SIZE];
        for (int i = 0; i < SIZE; i++)
        {
            d[i] = counts[i] - earlier.counts[i];
        }
        return new AccessMatrix(d);
    }

    private static int index(final int from, final int to)
    {
        return (from * PhysicalAddress.CXY_SPACE + to) * AccessKind.COUNT;
    }
}
