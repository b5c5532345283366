package org.smpboot.sim.hw;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The accesses one initiator (a core or a device) has made, per target bank and {@link AccessKind}.
 *
 * <p>Single writer: only the initiator's own thread counts, with a plain read and an ordered store
 * ({@code lazySet}), so counting costs no atomic instruction and a core spinning on a remote word does not contend on
 * a shared counter. Readers (a snapshot at the end of a phase) see every count made before the barrier that ended
 * the phase; a snapshot taken while the initiator runs is approximate by a few counts, never torn.
 */
public final class AccessCounts
{
    private final int cxy;
    private final AtomicLongArray counts = new AtomicLongArray(PhysicalAddress.CXY_SPACE * AccessKind.COUNT);

    /**
     * @param cxy the cluster the initiator sits in: the row its counts go to.
     */
    public AccessCounts(final int cxy)
    {
        this.cxy = cxy;
    }

    /** @return the requesting cluster. */
    public int cxy()
    {
        return cxy;
    }

    /**
     * Counts one access. Only the owning thread may call it.
     *
     * @param target the target cluster.
     * @param kind   the access kind.
     */
    public void count(final int target, final AccessKind kind)
    {
        add(target, kind, 1);
    }

    /**
     * Counts {@code n} accesses. Only the owning thread may call it.
     *
     * @param target the target cluster.
     * @param kind   the access kind.
     * @param n      how many.
     */
    public void add(final int target, final AccessKind kind, final long n)
    {
        final int i = target * AccessKind.COUNT + kind.ordinal();
        counts.lazySet(i, counts.get(i) + n);
    }

    /**
     * @param target the target cluster.
     * @param kind   the access kind.
     * @return the count so far.
     */
    public long get(final int target, final AccessKind kind)
    {
        return counts.get(target * AccessKind.COUNT + kind.ordinal());
    }

    /**
     * Adds this initiator's counts into {@code matrix}, in its row.
     *
     * @param matrix {@link AccessMatrix#SIZE} counts.
     */
    void addTo(final long[] matrix)
    {
        final int row = cxy * PhysicalAddress.CXY_SPACE * AccessKind.COUNT;
        for (int i = 0; i < counts.length(); i++)
        {
            matrix[row + i] += counts.get(i);
        }
    }
}
