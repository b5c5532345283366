package org.smpboot.sim.hw;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulator's record of how deep each stack was used: for every stack a core ran on (named by its cluster and its
 * top address), the lowest stack pointer any frame reached. An instrument's record, like the access counts, not the
 * software's state: the memory maps show it as each boot stack's used depth.
 *
 * <p>Thread safety: cores record concurrently; a record only ever moves a stack's low-water mark down.
 */
public final class StackDepths
{
    /**
     * One stack's use.
     *
     * @param cxy    its cluster.
     * @param base   its lowest usable address.
     * @param top    its top (the stack pointer of a fresh draw).
     * @param lowest the lowest stack pointer a frame reached.
     */
    public record Depth(int cxy, int base, int top, int lowest)
    {
        /** @return bytes used below the top at the deepest point. */
        public int used()
        {
            return top - lowest;
        }

        /** @return the stack's usable bytes. */
        public int size()
        {
            return top - base;
        }
    }

    private final Map<Long, Depth> depths = new ConcurrentHashMap<>();

    /**
     * A core now runs on {@code [base, top)} of cluster {@code cxy}: the stack is known, unused so far by this core.
     *
     * @param cxy  cluster.
     * @param base lowest usable address.
     * @param top  top.
     */
    void begin(final int cxy, final int base, final int top)
    {
        depths.putIfAbsent(PhysicalAddress.of(cxy, top), new Depth(cxy, base, top, top));
    }

    /**
     * @param cxy cluster.
     * @param top the stack's top.
     * @param sp  a stack pointer a frame reached.
     */
    void reached(final int cxy, final int top, final int sp)
    {
        depths.compute(PhysicalAddress.of(cxy, top), (k, d) -> d == null ? new Depth(cxy, sp, top, sp) :
            Integer.compareUnsigned(sp, d.lowest()) < 0 ? new Depth(cxy, d.base(), top, sp) : d);
    }

    /**
     * @param cxy a cluster.
     * @param top a stack's top.
     * @return that stack's use, or null when no core ran on it.
     */
    public Depth of(final int cxy, final int top)
    {
        return depths.get(PhysicalAddress.of(cxy, top));
    }

    /** @return every stack a core ran on, by cluster and top. */
    public Map<Long, Depth> all()
    {
        return new TreeMap<>(depths);
    }
}
