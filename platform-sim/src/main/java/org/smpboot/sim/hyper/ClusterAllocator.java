package org.smpboot.sim.hyper;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The machine clusters that can hold an instance (those with cores, the hypervisor's own excepted) and which of them
 * are free. {@link #allocate(int)} takes the lowest free ones, so a run is reproducible.
 *
 * <p>Thread safety: every method is synchronized.
 */
public final class ClusterAllocator
{
    private final TreeSet<Integer> all;
    private final TreeSet<Integer> free;

    /**
     * @param clusters the clusters instances may use.
     */
    public ClusterAllocator(final Collection<Integer> clusters)
    {
        this.all = new TreeSet<>(clusters);
        this.free = new TreeSet<>(clusters);
    }

    /**
     * @param n clusters wanted.
     * @return the clusters, lowest first, now allocated.
     * @throws IllegalArgumentException when n is below 1 or more than are free; nothing is allocated then.
     */
    public synchronized List<Integer> allocate(final int n)
    {
        if (n < 1)
        {
            throw new IllegalArgumentException("-nc must be at least 1, got " + n);
        }
        if (n > free.size())
        {
            throw new IllegalArgumentException("-nc " + n + ": only " + free.size() + " of " + all.size() +
                " clusters with cores are free" + (free.isEmpty() ? "" : " (" + format(free) + ")"));
        }
        final List<Integer> got = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            got.add(free.pollFirst());
        }
        return got;
    }

    /**
     * @param clusters clusters given back.
     * @throws IllegalStateException when one is not allocated: a double free is a hypervisor bug.
     */
    public synchronized void release(final Collection<Integer> clusters)
    {
        for (final int c : clusters)
        {
            if (!all.contains(c) || free.contains(c))
            {
                throw new IllegalStateException(String.format("cluster 0x%02x is not allocated", c));
            }
        }
        free.addAll(clusters);
    }

    /** @return the free clusters, lowest first. */
    public synchronized List<Integer> free()
    {
        return List.copyOf(free);
    }

    /**
     * @param clusters cluster ids.
     * @return them as {@code 0x01,0x02}.
     */
    public static String format(final Collection<Integer> clusters)
    {
        return clusters.stream().map(c -> String.format("0x%02x", c)).collect(Collectors.joining(","));
    }
}
