package org.smpboot.sim.hw;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The accesses one initiator (a core or a device) has made, per epoch, target cluster and {@link AccessKind}, and per
 * epoch and step class. An epoch is what the software says it is doing at large (the boot uses one per phase), a step
 * class what it does within it (an arch_info search, a copy, a barrier wait: the classes are the software's,
 * {@link StepClasses}), so that the accesses of a phase or a step are counted as its own even while other cores are
 * already in the next one.
 *
 * <p>What is counted, per (epoch, target, kind) and per (epoch, step class, kind): the requests, the cycles they cost
 * their initiator (transit, wait and service), the words they moved (a burst moves many in one request) and the
 * cycles they waited in their target's queue; per (epoch, step class) also the cycles the initiator spent in that
 * class of step (its clock's advance from the step's start to its end) and how many such steps it began.
 *
 * <p>Layout: per epoch, a row of {@value #FIELDS} x {@link AccessKind#COUNT} longs per target cluster, allocated when
 * the initiator first reaches that target in that epoch (a core reaches a handful of banks, not 256), and one array
 * of {@link StepClasses#MAX} step rows. Rows are published through {@link AtomicReferenceArray}s.
 *
 * <p>Single writer: only the initiator's own thread counts or changes epoch or step, with a plain read and an ordered
 * store ({@code lazySet}), so counting costs no atomic instruction and a core spinning on a remote word does not
 * contend on a shared counter. Readers (a snapshot at the end of a phase) see every count made before the barrier
 * that ended the phase; a snapshot taken while the initiator runs is approximate by a few counts, never torn.
 */
public final class AccessCounts
{
    /** Epochs an initiator may count in: 0 .. EPOCHS - 1. */
    public static final int EPOCHS = 8;
    /** Requests. */
    static final int COUNT = 0;
    /** Cycles the requests cost their initiator. */
    static final int CYCLES = 1;
    /** Words moved. */
    static final int WORDS = 2;
    /** Cycles waited in the target's queue. */
    static final int WAIT = 3;
    /** Fields per kind. */
    static final int FIELDS = 4;
    static final int ROW = FIELDS * AccessKind.COUNT;
    /** A step row: the access fields per kind, then the cycles spent in the step and the steps begun. */
    static final int STEP_ROW = ROW + 2;
    static final int STEP_TIME = ROW;
    static final int STEP_ENTRIES = ROW + 1;

    private final int cxy;
    private final AtomicReferenceArray<AtomicReferenceArray<AtomicLongArray>> epochs =
        new AtomicReferenceArray<>(EPOCHS);
    private final AtomicReferenceArray<AtomicLongArray> stepEpochs = new AtomicReferenceArray<>(EPOCHS);
    private AtomicReferenceArray<AtomicLongArray> current;
    private AtomicLongArray currentSteps;
    private int epoch = -1;
    private int step;
    private long stepSince;
    private int[] transits;
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

    /** @return the epoch counted in now. */
    public int epoch()
    {
        return epoch;
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
        endStep();
        AtomicReferenceArray<AtomicLongArray> a = epochs.get(e);
        if (a == null)
        {
            a = new AtomicReferenceArray<>(PhysicalAddress.CXY_SPACE);
            epochs.set(e, a);
        }
        AtomicLongArray s = stepEpochs.get(e);
        if (s == null)
        {
            s = new AtomicLongArray(StepClasses.MAX * STEP_ROW);
            stepEpochs.set(e, s);
        }
        current = a;
        currentSteps = s;
        epoch = e;
        beginStep(step, false);
    }

    /**
     * The initiator begins a step of another class (or another step of the same class). Only the owning thread may
     * call it.
     *
     * @param stepClass the class, 0 .. {@link StepClasses#MAX} - 1.
     */
    public void step(final int stepClass)
    {
        if (stepClass < 0 || stepClass >= StepClasses.MAX)
        {
            throw new IllegalArgumentException("step class " + stepClass + " outside 0.." + (StepClasses.MAX - 1));
        }
        endStep();
        beginStep(stepClass, true);
    }

    /**
     * Ends the step under way: its time so far counts (the initiator halts). Only the owning thread may call it.
     */
    public void flushStep()
    {
        endStep();
        final CycleCounter c = clock;
        stepSince = c == null ? 0 : c.now();
    }

    /** @return the step class counted in now. */
    public int step()
    {
        return step;
    }

    private void endStep()
    {
        final CycleCounter c = clock;
        if (c != null && currentSteps != null)
        {
            final int i = step * STEP_ROW + STEP_TIME;
            currentSteps.lazySet(i, currentSteps.get(i) + (c.now() - stepSince));
        }
    }

    private void beginStep(final int stepClass, final boolean entered)
    {
        step = stepClass;
        final CycleCounter c = clock;
        stepSince = c == null ? 0 : c.now();
        if (entered)
        {
            final int i = step * STEP_ROW + STEP_ENTRIES;
            currentSteps.lazySet(i, currentSteps.get(i) + 1);
        }
    }

    /**
     * Counts one access without cost. Only the owning thread may call it.
     *
     * @param target the target cluster.
     * @param kind   the access kind.
     */
    public void count(final int target, final AccessKind kind)
    {
        add(target, kind, 1, 1, 0, 0);
    }

    /**
     * Counts {@code n} word accesses without cost. Only the owning thread may call it.
     *
     * @param target the target cluster.
     * @param kind   the access kind.
     * @param n      how many.
     */
    public void add(final int target, final AccessKind kind, final long n)
    {
        add(target, kind, n, n, 0, 0);
    }

    /**
     * Counts requests with what they cost. Only the owning thread may call it; the cycle counter is the caller's to
     * advance.
     *
     * @param target   the target cluster.
     * @param kind     the access kind.
     * @param requests how many requests.
     * @param words    words they moved.
     * @param cycles   cycles they cost the initiator.
     * @param wait     cycles they waited in the target's queue.
     */
    void add(final int target, final AccessKind kind, final long requests, final long words, final long cycles,
        final long wait)
    {
        AtomicLongArray row = current.get(target);
        if (row == null)
        {
            row = new AtomicLongArray(ROW);
            current.set(target, row);
        }
        final int k = kind.ordinal() * FIELDS;
        addTo(row, k, requests, words, cycles, wait);
        addTo(currentSteps, step * STEP_ROW + k, requests, words, cycles, wait);
    }

    private static void addTo(final AtomicLongArray a, final int k, final long requests, final long words,
        final long cycles, final long wait)
    {
        a.lazySet(k + COUNT, a.get(k + COUNT) + requests);
        a.lazySet(k + WORDS, a.get(k + WORDS) + words);
        if (cycles != 0)
        {
            a.lazySet(k + CYCLES, a.get(k + CYCLES) + cycles);
        }
        if (wait != 0)
        {
            a.lazySet(k + WAIT, a.get(k + WAIT) + wait);
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
        this.transits = model.transits(cxy);
        this.stepSince = c.now();
    }

    /** @return the initiator's cycle counter, or null without a cost model. */
    public CycleCounter clock()
    {
        return clock;
    }

    /**
     * @param target a cluster.
     * @return cycles of one way from the initiator to it (0 without a cost model).
     */
    int transit(final int target)
    {
        final int[] t = transits;
        return t == null ? 0 : t[target];
    }

    /**
     * @param target the target cluster.
     * @param kind   the access kind.
     * @return the requests so far, every epoch.
     */
    public long get(final int target, final AccessKind kind)
    {
        long n = 0;
        for (int e = 0; e < EPOCHS; e++)
        {
            final AtomicReferenceArray<AtomicLongArray> a = epochs.get(e);
            final AtomicLongArray row = a == null ? null : a.get(target);
            n += row == null ? 0 : row.get(kind.ordinal() * FIELDS + COUNT);
        }
        return n;
    }

    /**
     * Adds one field of this initiator's counts into {@code matrix}, in its row.
     *
     * @param matrix {@link AccessMatrix#SIZE} numbers.
     * @param epoch  one epoch, or -1 for all.
     * @param field  {@link #COUNT}, {@link #CYCLES}, {@link #WORDS} or {@link #WAIT}.
     */
    void addTo(final long[] matrix, final int epoch, final int field)
    {
        final int base = cxy * PhysicalAddress.CXY_SPACE * AccessKind.COUNT;
        for (int e = 0; e < EPOCHS; e++)
        {
            final AtomicReferenceArray<AtomicLongArray> a = epochs.get(e);
            if (a == null || (epoch >= 0 && e != epoch))
            {
                continue;
            }
            for (int t = 0; t < PhysicalAddress.CXY_SPACE; t++)
            {
                final AtomicLongArray row = a.get(t);
                if (row == null)
                {
                    continue;
                }
                for (int k = 0; k < AccessKind.COUNT; k++)
                {
                    matrix[base + t * AccessKind.COUNT + k] += row.get(k * FIELDS + field);
                }
            }
        }
    }

    /**
     * Adds this initiator's counts of one epoch into the four matrices at once, in its row: one walk over its targets
     * instead of one per field.
     *
     * @param epoch    the epoch.
     * @param requests {@link AccessMatrix#SIZE} numbers: the requests.
     * @param cycles   the same: the cycles they cost.
     * @param words    the same: the words they moved.
     * @param wait     the same: the cycles they waited in queues.
     */
    void addTo(final int epoch, final long[] requests, final long[] cycles, final long[] words, final long[] wait)
    {
        final AtomicReferenceArray<AtomicLongArray> a = epochs.get(epoch);
        if (a == null)
        {
            return;
        }
        final int base = cxy * PhysicalAddress.CXY_SPACE * AccessKind.COUNT;
        for (int t = 0; t < PhysicalAddress.CXY_SPACE; t++)
        {
            final AtomicLongArray row = a.get(t);
            if (row == null)
            {
                continue;
            }
            for (int k = 0; k < AccessKind.COUNT; k++)
            {
                final int i = base + t * AccessKind.COUNT + k;
                final int f = k * FIELDS;
                requests[i] += row.get(f + COUNT);
                cycles[i] += row.get(f + CYCLES);
                words[i] += row.get(f + WORDS);
                wait[i] += row.get(f + WAIT);
            }
        }
    }

    /**
     * Adds this initiator's step rows into {@code steps}.
     *
     * @param steps {@link StepClasses#MAX} x {@link #STEP_ROW} numbers.
     * @param epoch one epoch, or -1 for all.
     */
    void addStepsTo(final long[] steps, final int epoch)
    {
        for (int e = 0; e < EPOCHS; e++)
        {
            final AtomicLongArray a = stepEpochs.get(e);
            if (a == null || (epoch >= 0 && e != epoch))
            {
                continue;
            }
            for (int i = 0; i < steps.length; i++)
            {
                steps[i] += a.get(i);
            }
        }
    }
}
