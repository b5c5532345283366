package org.smpboot.sim.hw;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The accesses one initiator (a core or a device) has made, per epoch, target cluster and {@link AccessKind}. An
 * epoch is what the software says it is doing (the boot uses one per phase), so that the accesses of a phase are
 * counted as that phase's even while other cores are already in the next one.
 *
 * <p>Single writer: only the initiator's own thread counts or changes epoch, with a plain read and an ordered store
 * ({@code lazySet}), so counting costs no atomic instruction and a core spinning on a remote word does not contend on
 * a shared counter. An epoch's array is allocated on first use and published through an
 * {@link AtomicReferenceArray}. Readers (a snapshot at the end of a phase) see every count made before the barrier
 * that ended the phase; a snapshot taken while the initiator runs is approximate by a few counts, never torn.
 *
 * <p>Virtual time: once {@link #costs(CostModel, CycleCounter)} is given, every access also advances the initiator's
 * {@link CycleCounter} by its cost and adds that cost to the epoch's cycles per (target, kind): the cycles of a phase
 * from each cluster to each bank. Without a cost model nothing is charged.
 */
public final class AccessCounts
{
    /** Epochs an initiator may count in: 0 .. EPOCHS - 1. */
    public static final int EPOCHS = 8;
    private static final int ROW = PhysicalAddress.CXY_SPACE * AccessKind.COUNT;

    private final int cxy;
    private final AtomicReferenceArray<AtomicLongArray> epochs = new AtomicReferenceArray<>(EPOCHS);
    private AtomicLongArray current;
    private int epoch = -1;
    private long[] costRow;
    private CycleCounter clock;

    /**
     * @param cxy the cluster the initiator sits in: the row its counts go to.
     */
    public AccessCounts(final int cxy)
    {
        this.cxy = cxy;
        epoch(0);
    }

    /** @return the requesting cluster. */
    public int cxy()
    {
        return cxy;
    }

    /**
     * Counts from now on in another epoch. Only the owning thread may call it.
     *
     * @param e the epoch, 0 .. {@link #EPOCHS} - 1.
     */
    public void epoch(final int e)
    {
        if (e == epoch)
        {
            return;
        }
        if (e < 0 || e >= EPOCHS)
        {
            throw new IllegalArgumentException("epoch " + e + " outside 0.." + (EPOCHS - 1));
        }
        AtomicLongArray a = epochs.get(e);
        if (a == null)
        {
            a = new AtomicLongArray(2 * ROW); // counts, then cycles
            epochs.set(e, a);
        }
        current = a;
        epoch = e;
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
        final AtomicLongArray a = current;
        a.lazySet(i, a.get(i) + n);
        final long[] row = costRow;
        if (row != null)
        {
            final long cycles = row[i] * n;
            a.lazySet(ROW + i, a.get(ROW + i) + cycles);
            clock.advance(cycles);
        }
    }

    /**
     * Charges every access from now on in cycles. Call before the initiator runs (its thread's start publishes it).
     *
     * @param model the cost model.
     * @param c     the initiator's cycle counter.
     */
    public void costs(final CostModel model, final CycleCounter c)
    {
        this.clock = c;
        this.costRow = model.row(cxy);
    }

    /** @return the initiator's cycle counter, or null without a cost model. */
    public CycleCounter clock()
    {
        return clock;
    }

    /**
     * @param target the target cluster.
     * @param kind   the access kind.
     * @return the count so far, every epoch.
     */
    public long get(final int target, final AccessKind kind)
    {
        long n = 0;
        for (int e = 0; e < EPOCHS; e++)
        {
            final AtomicLongArray a = epochs.get(e);
            n += a == null ? 0 : a.get(target * AccessKind.COUNT + kind.ordinal());
        }
        return n;
    }

    /**
     * Adds this initiator's counts into {@code matrix}, in its row.
     *
     * @param matrix {@link AccessMatrix#SIZE} counts.
     * @param epoch  one epoch, or -1 for all.
     */
    void addTo(final long[] matrix, final int epoch)
    {
        addTo(matrix, epoch, 0);
    }

    /**
     * Adds the cycles this initiator's accesses cost into {@code matrix}, in its row.
     *
     * @param matrix {@link AccessMatrix#SIZE} cycle counts.
     * @param epoch  one epoch, or -1 for all.
     */
    void addCyclesTo(final long[] matrix, final int epoch)
    {
        addTo(matrix, epoch, ROW);
    }

    private void addTo(final long[] matrix, final int epoch, final int from)
    {
        final int row = cxy * ROW;
        for (int e = 0; e < EPOCHS; e++)
        {
            final AtomicLongArray a = epochs.get(e);
            if (a == null || (epoch >= 0 && e != epoch))
            {
                continue;
            }
            for (int i = 0; i < ROW; i++)
            {
                matrix[row + i] += a.get(from + i);
            }
        }
    }
}
