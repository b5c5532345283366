package org.smpboot.sim.hw;

import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Wakes simulated cores that wait on a word of simulated RAM when the word is written: a futex for the simulator, so
 * that a thousand core threads waiting at a barrier or on a flag sleep until something they read changes instead of
 * polling the host's two CPUs away.
 *
 * <p>Words hash into {@value #BUCKETS} buckets, each with a version and a set of parked threads. A store or an atomic
 * on a word (through the bus or a {@link CountedWindow}) increments its bucket's version, then unparks that bucket's
 * waiters: all of them for a store (a published flag or a barrier release concerns every waiter), at most
 * {@value #WAKE_ON_ATOMIC} for a CAS or fetch-and-add (a stack pushed back on a pool can serve one waiter; waking a
 * thousand for it would be a herd). A waiter ({@link WaitCue}) samples the versions of the words it reads, registers in
 * their buckets, and parks only while none of those versions has moved: a write between its read and its park is
 * never missed. Bulk stores (copies, memsets) wake nobody; a waiter on such a word falls back to its park bound.
 *
 * <p>Virtual time: each bucket also keeps a stamp, the latest (in cycles) of the stores and atomics on its words with
 * the id of the initiator that made it ({@link CycleCounter#stamp()}), set before the word is written so that a
 * reader who sees the value then reads a stamp at least that late. A reader that sees another initiator's stamp goes
 * to its cycle plus the release latency ({@link CostModel#RELEASE_LATENCY}): how a completed wait takes the
 * releaser's time. The stamp shares the bucket's line with its version, which readers load anyway.
 */
public final class WakeTable
{
    /** Buckets: a power of two. */
    static final int BUCKETS = 4096;
    /** Waiters an atomic wakes at most. */
    static final int WAKE_ON_ATOMIC = 2;
    private static final int STRIDE = 8; // one bucket version per 64-byte line

    private final AtomicLongArray versions = new AtomicLongArray(BUCKETS * STRIDE);
    private final AtomicReferenceArray<Set<Thread>> waiters = new AtomicReferenceArray<>(BUCKETS);
    /** A deterministic schedule's cores idle on buckets rather than park: it hears of every write here, or null. */
    private IntConsumer written;

    /**
     * @param paddr a physical address.
     * @return the bucket of the 8-byte word holding it.
     */
    static int bucket(final long paddr)
    {
        final long word = paddr >>> 3;
        return (int)((word ^ (word >>> 17)) * 0x9E37_79B9_7F4A_7C15L >>> (64 - 12));
    }

    /**
     * @param bucket a bucket.
     * @return its version now.
     */
    long version(final int bucket)
    {
        return versions.get(bucket * STRIDE);
    }

    /**
     * A word is about to be stored to or changed atomically by an initiator at a cycle (the later stamp wins).
     *
     * @param paddr its address.
     * @param stamp the writer's {@link CycleCounter#stamp()}.
     */
    void stamp(final long paddr, final long stamp)
    {
        final int i = bucket(paddr) * STRIDE + 1;
        long old;
        while ((old = versions.get(i)) >>> CycleCounter.ID_BITS < stamp >>> CycleCounter.ID_BITS &&
            !versions.compareAndSet(i, old, stamp))
        {
            Thread.onSpinWait();
        }
    }

    /**
     * @param paddr a physical address.
     * @return the stamp of the latest store or atomic on its bucket, 0 when none.
     */
    long stamp(final long paddr)
    {
        return versions.get(bucket(paddr) * STRIDE + 1);
    }

    /**
     * A word was stored to or changed atomically.
     *
     * @param paddr     its address.
     * @param broadcast true for a store (wake every waiter), false for an atomic (wake a few).
     */
    void written(final long paddr, final boolean broadcast)
    {
        final int b = bucket(paddr);
        versions.incrementAndGet(b * STRIDE);
        final IntConsumer w = written;
        if (w != null)
        {
            w.accept(b);
        }
        final Set<Thread> set = waiters.get(b);
        if (set == null || set.isEmpty())
        {
            return;
        }
        int woken = 0;
        for (final Iterator<Thread> it = set.iterator(); it.hasNext() && (broadcast || woken < WAKE_ON_ATOMIC); )
        {
            LockSupport.unpark(it.next());
            woken++;
        }
    }

    /**
     * @param listener told of the bucket of every word stored or changed atomically (by the one core that runs, in a
     *                 deterministic run); set before any core runs (their threads' start publishes it).
     */
    void onWritten(final IntConsumer listener)
    {
        this.written = listener;
    }

    void register(final int bucket, final Thread t)
    {
        Set<Thread> set = waiters.get(bucket);
        if (set == null)
        {
            waiters.compareAndSet(bucket, null, ConcurrentHashMap.newKeySet());
            set = waiters.get(bucket);
        }
        set.add(t);
    }

    void deregister(final int bucket, final Thread t)
    {
        final Set<Thread> set = waiters.get(bucket);
        if (set != null)
        {
            set.remove(t);
        }
    }
}
