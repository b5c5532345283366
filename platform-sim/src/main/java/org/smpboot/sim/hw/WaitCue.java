package org.smpboot.sim.hw;

import java.util.concurrent.locks.LockSupport;

/**
 * What one simulated core read since it last idled: the buckets and versions of up to {@value #WORDS} words, sampled
 * before each read (so a write after the sample moves the version). When the core idles in a wait loop, it parks
 * until one of those words is written ({@link WakeTable}) or its park bound passes.
 *
 * <p>Single-threaded: only the core's own thread reads through its windows and the bus, and idles.
 */
public final class WaitCue
{
    /** Words remembered between two idles: a wait loop reads its condition and maybe a broken or heartbeat word. */
    static final int WORDS = 4;

    private final WakeTable table;
    private final int[] buckets = new int[WORDS];
    private final long[] versions = new long[WORDS];
    private int count;

    WaitCue(final WakeTable table)
    {
        this.table = table;
    }

    /**
     * Notes a read, before it happens.
     *
     * @param paddr the word's address.
     */
    void read(final long paddr)
    {
        final int b = WakeTable.bucket(paddr);
        for (int i = 0; i < count; i++)
        {
            if (buckets[i] == b)
            {
                return;
            }
        }
        if (count < WORDS)
        {
            buckets[count] = b;
            versions[count] = table.version(b);
            count++;
        }
    }

    /**
     * Parks until a word read since the last idle is written, or at most {@code maxParkNanos}; returns at once when
     * one was already written. Forgets the words either way.
     *
     * @param maxParkNanos the bound.
     */
    public void idle(final long maxParkNanos)
    {
        if (count == 0)
        {
            LockSupport.parkNanos(maxParkNanos);
            return;
        }
        final Thread me = Thread.currentThread();
        for (int i = 0; i < count; i++)
        {
            table.register(buckets[i], me);
        }
        boolean moved = false;
        for (int i = 0; i < count && !moved; i++)
        {
            moved = table.version(buckets[i]) != versions[i];
        }
        if (!moved)
        {
            LockSupport.parkNanos(maxParkNanos);
        }
        for (int i = 0; i < count; i++)
        {
            table.deregister(buckets[i], me);
        }
        count = 0;
    }

    /** @return how many words were noted since the last idle. */
    int count()
    {
        return count;
    }

    /** @return whether a word noted since the last idle was written since it was read. */
    boolean moved()
    {
        for (int i = 0; i < count; i++)
        {
            if (table.version(buckets[i]) != versions[i])
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @param i one of the {@link #count()} words noted.
     * @return its bucket.
     */
    int bucket(final int i)
    {
        return buckets[i];
    }

    /** Forgets the words read (a wait loop that spins or yields starts afresh). */
    public void clear()
    {
        count = 0;
    }
}
