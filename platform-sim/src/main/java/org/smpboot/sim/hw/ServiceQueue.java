package org.smpboot.sim.hw;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A target that serves one request at a time, in virtual time: a memory bank (its memory cache controller) or a
 * device. A request that arrives at cycle {@code a} and needs {@code d} cycles of service starts at the first cycle
 * {@code s >= a} from which the target is free for {@code d} cycles, and keeps it busy over {@code [s, s + d)}; it
 * waited {@code s - a} cycles.
 *
 * <p>The queue is a calendar: the sorted, disjoint, merged intervals in which the target is busy. When requests are
 * presented in the order of their arrival (a deterministic run, whose schedule lets the core whose next access
 * arrives first go first: {@link SeededSchedule.Strategy#TIMED}), every request lands after the last busy interval
 * and the calendar is exactly a first-come first-served single server. When they are not (a parallel run, where each
 * core thread runs as far ahead in virtual time as the host lets it), a request that arrives earlier in virtual time
 * than requests already placed takes the first gap that fits it: the target is still never busy twice at once and no
 * request starts before it arrives, but an earlier request may wait behind a later one; that is the parallel mode's
 * approximation, measured in README against deterministic runs of the same platform.
 *
 * <p>Memory: at most {@value #MAX_INTERVALS} intervals are kept; past that the oldest is forgotten, and a request
 * that arrives before the end of what was forgotten is served at once, unqueued (counted by {@link #unqueued()}: a
 * parallel run's core more than that far behind the others). A contended target's intervals merge into few.
 *
 * <p>Thread safety: every method holds the queue's spin lock (a word set by CAS, cleared by a release store: the
 * critical sections are a few dozen nanoseconds of array work, and in a parallel run the two host cores' carriers meet
 * on the hottest bank hundreds of thousands of times a 16x16x4 boot; a monitor there cost about 7% of the carriers'
 * CPU samples, inflated and spinning in the JVM). A waiter spins, then yields; in a deterministic run only the token
 * holder calls, so the lock is never contended there.
 */
public final class ServiceQueue
{
    /** Busy intervals kept at most. */
    static final int MAX_INTERVALS = 4096;
    /**
     * The arrays' largest length: room for {@link #MAX_INTERVALS} and a quarter more, into which the live intervals
     * move up until they reach the end and slide back to index 0 (every 1,024 requests once full). Doubling past it
     * to 8,192 made every bank of a 16x16 machine hold 128 KB of calendar (32 MB of heap that young collections copy).
     */
    static final int MAX_LENGTH = MAX_INTERVALS + MAX_INTERVALS / 4;
    /** Spins on a held lock before yielding the processor between tries. */
    private static final int SPINS = 100;

    private final String name;
    private long[] starts = new long[16];
    private long[] ends = new long[16];
    /** Live intervals are at indexes {@code first .. first + n - 1}. */
    private int first;
    private int n;
    /** End of the latest interval forgotten: before it the calendar knows nothing. */
    private long forgotten;
    private long served;
    private long busy;
    private long waited;
    private long maxWait;
    private long unqueued;
    /**
     * The spin lock: 1 while a thread is in a critical section. An {@link AtomicInteger}: a {@code VarHandle} on an
     * int field of this class did the same in more code (1.01x the wall time of a 16x16x4 boot, 12 pairs).
     */
    private final AtomicInteger lock = new AtomicInteger();

    /**
     * @param name how reports name the target, such as {@code bank 0x00}.
     */
    public ServiceQueue(final String name)
    {
        this.name = name;
    }

    /** @return how reports name the target. */
    public String name()
    {
        return name;
    }

    /**
     * Places a request: the target serves it from the returned cycle for {@code duration} cycles.
     *
     * @param arrival  the cycle it arrives at the target.
     * @param duration cycles of service, at least 1.
     * @return the cycle its service starts, at least {@code arrival}.
     */
    public long serve(final long arrival, final int duration)
    {
        lock();
        try
        {
            final long start = place(arrival, duration);
            final long wait = start - arrival;
            served++;
            busy += duration;
            waited += wait;
            if (wait > maxWait)
            {
                maxWait = wait;
            }
            return start;
        }
        finally
        {
            unlock();
        }
    }

    /**
     * Takes a request back (a wait loop's failed poll, which costs nothing: its core's clock goes back too): the
     * target is free again over {@code [start, start + duration)}.
     *
     * @param start    what {@link #serve} returned.
     * @param duration the same duration.
     * @param wait     what the request waited ({@code start - arrival}).
     */
    public void cancel(final long start, final int duration, final long wait)
    {
        lock();
        try
        {
            cancelLocked(start, duration, wait);
        }
        finally
        {
            unlock();
        }
    }

    private void cancelLocked(final long start, final int duration, final long wait)
    {
        final long end = start + duration;
        if (start < forgotten)
        {
            return; // served unqueued, or forgotten since
        }
        final int last = first + n - 1;
        int j = search(start);
        if (j > last || starts[j] > start)
        {
            return; // not placed (unqueued), or already forgotten
        }
        served--;
        busy -= duration;
        waited -= wait;
        final long s = starts[j];
        final long e = ends[j];
        final long to = Math.min(end, e);
        if (s == start && e == to)
        {
            remove(j);
        }
        else if (s == start)
        {
            starts[j] = to;
        }
        else if (e == to)
        {
            ends[j] = start;
        }
        else
        {
            ends[j] = start;
            insert(j + 1, to, e);
        }
    }

    /**
     * What a queue did, at one moment.
     *
     * @param name     the target.
     * @param served   requests served.
     * @param busy     cycles it was busy.
     * @param waited   cycles requests waited in all.
     * @param maxWait  the longest wait of one request.
     * @param unqueued requests served at once for arriving before what the calendar still remembered.
     */
    public record Stats(String name, long served, long busy, long waited, long maxWait, long unqueued)
    {
        /** @return the mean wait of a request, in cycles. */
        public double meanWait()
        {
            return served == 0 ? 0 : (double)waited / served;
        }
    }

    /** @return its statistics now. */
    public Stats stats()
    {
        lock();
        try
        {
            return new Stats(name, served, busy, waited, maxWait, unqueued);
        }
        finally
        {
            unlock();
        }
    }

    /** @return requests served. */
    public long served()
    {
        return stats().served();
    }

    /** @return cycles the target was busy. */
    public long busy()
    {
        return stats().busy();
    }

    /** @return cycles requests waited in all. */
    public long waited()
    {
        return stats().waited();
    }

    /** @return the longest wait of one request. */
    public long maxWait()
    {
        return stats().maxWait();
    }

    /** @return requests served at once because they arrived before what the calendar still remembers. */
    public long unqueued()
    {
        return stats().unqueued();
    }

    /** @return the length of its arrays now, at most {@link #MAX_LENGTH}. */
    int capacity()
    {
        lock();
        try
        {
            return starts.length;
        }
        finally
        {
            unlock();
        }
    }

    /** @return the cycle the last busy interval ends at (0 when never busy). */
    public long horizon()
    {
        lock();
        try
        {
            return n == 0 ? forgotten : ends[first + n - 1];
        }
        finally
        {
            unlock();
        }
    }

    private void lock()
    {
        if (!lock.compareAndSet(0, 1))
        {
            contended();
        }
    }

    private void contended()
    {
        // test before each CAS (no line transfer while the holder works); past a few spins the holder's carrier was
        // likely descheduled by the OS, so give the processor up
        int spins = 0;
        while (lock.getOpaque() != 0 || !lock.compareAndSet(0, 1))
        {
            if (++spins < SPINS)
            {
                Thread.onSpinWait();
            }
            else
            {
                Thread.yield();
            }
        }
    }

    private void unlock()
    {
        lock.setRelease(0);
    }

    private long place(final long arrival, final int duration)
    {
        if (duration <= 0)
        {
            throw new IllegalArgumentException(name + ": a request of " + duration + " cycles");
        }
        if (n == 0 || arrival >= ends[first + n - 1])
        {
            if (arrival < forgotten)
            {
                unqueued++;
                return arrival;
            }
            append(arrival, duration);
            return arrival;
        }
        if (arrival < forgotten)
        {
            unqueued++;
            return arrival;
        }
        final int last = first + n - 1;
        long t = arrival;
        for (int j = search(arrival); j <= last; j++)
        {
            if (starts[j] >= t + duration)
            {
                // a gap before interval j fits it
                final boolean joinsPrevious = j > first && ends[j - 1] == t;
                final boolean joinsNext = starts[j] == t + duration;
                if (joinsPrevious && joinsNext)
                {
                    ends[j - 1] = ends[j];
                    remove(j);
                }
                else if (joinsPrevious)
                {
                    ends[j - 1] = t + duration;
                }
                else if (joinsNext)
                {
                    starts[j] = t;
                }
                else
                {
                    insert(j, t, t + duration);
                }
                return t;
            }
            t = Math.max(t, ends[j]);
        }
        append(t, duration);
        return t;
    }

    /** @return the first live index whose interval ends after {@code t} ({@code first + n} when none does). */
    private int search(final long t)
    {
        int lo = first;
        int hi = first + n - 1;
        while (lo <= hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (ends[mid] <= t)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private void append(final long t, final int duration)
    {
        final int last = first + n - 1;
        if (n > 0 && ends[last] == t)
        {
            ends[last] = t + duration;
            return;
        }
        insert(first + n, t, t + duration);
    }

    private void insert(final int at, final long s, final long e)
    {
        int j = at;
        if (first + n == starts.length)
        {
            if (first > 0)
            {
                // slide the live intervals down to index 0
                System.arraycopy(starts, first, starts, 0, n);
                System.arraycopy(ends, first, ends, 0, n);
                j -= first;
                first = 0;
            }
            else
            {
                // first == 0 and the arrays full: n < MAX_LENGTH, since n <= MAX_INTERVALS here
                final int length = Math.min(starts.length * 2, MAX_LENGTH);
                starts = Arrays.copyOf(starts, length);
                ends = Arrays.copyOf(ends, length);
            }
        }
        final int tail = first + n - j;
        System.arraycopy(starts, j, starts, j + 1, tail);
        System.arraycopy(ends, j, ends, j + 1, tail);
        starts[j] = s;
        ends[j] = e;
        n++;
        if (n > MAX_INTERVALS)
        {
            forgotten = Math.max(forgotten, ends[first]);
            first++;
            n--;
        }
    }

    private void remove(final int j)
    {
        final int tail = first + n - 1 - j;
        System.arraycopy(starts, j + 1, starts, j, tail);
        System.arraycopy(ends, j + 1, ends, j, tail);
        n--;
    }

    @Override
    public String toString()
    {
        final Stats s = stats();
        return name + ": " + s.served() + " served, " + s.busy() + " cycles busy, " + s.waited() +
            " cycles waited (at most " + s.maxWait() + ")";
    }
}
