package org.smpboot.sim.hw;

import java.util.Arrays;

/**
 * The 32-bit address ranges where any registered function's code runs, in any cluster: every {@link CodeMap} on a
 * bus adds its functions here, so that the {@link CodeGuard} can tell in a binary search that a store cannot be over
 * executing code (most stores: data, stacks, the runtime's words) before it looks at every core.
 *
 * <p>Copy on write: {@link #add} is rare (images are registered before cores run, or by the hypervisor for an
 * instance) and publishes a new sorted array of disjoint ranges through a volatile field; {@link #overlaps} reads one
 * array without locking.
 */
final class CodeRanges
{
    /** Sorted disjoint ranges: starts at even indexes, ends (exclusive) at odd ones. */
    private volatile long[] ranges = new long[0];

    /**
     * @param start first byte of a function.
     * @param end   one past its last byte.
     */
    synchronized void add(final long start, final long end)
    {
        if (end <= start)
        {
            return;
        }
        final long[] old = ranges;
        final long[] merged = new long[old.length + 2];
        int n = 0;
        long s = start;
        long e = end;
        boolean placed = false;
        for (int i = 0; i < old.length; i += 2)
        {
            final long os = old[i];
            final long oe = old[i + 1];
            if (oe < s)
            {
                merged[n++] = os;
                merged[n++] = oe;
            }
            else if (e < os)
            {
                if (!placed)
                {
                    merged[n++] = s;
                    merged[n++] = e;
                    placed = true;
                }
                merged[n++] = os;
                merged[n++] = oe;
            }
            else
            {
                s = Math.min(s, os);
                e = Math.max(e, oe);
            }
        }
        if (!placed)
        {
            merged[n++] = s;
            merged[n++] = e;
        }
        ranges = Arrays.copyOf(merged, n);
    }

    /**
     * @param from first byte of a store (a 32-bit offset in its cluster).
     * @param to   one past its last byte.
     * @return whether a registered function's code lies in {@code [from, to)}.
     */
    boolean overlaps(final long from, final long to)
    {
        final long[] r = ranges;
        int lo = 0;
        int hi = r.length / 2 - 1;
        while (lo <= hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (r[2 * mid + 1] <= from)
            {
                lo = mid + 1;
            }
            else if (r[2 * mid] >= to)
            {
                hi = mid - 1;
            }
            else
            {
                return true;
            }
        }
        return false;
    }
}
