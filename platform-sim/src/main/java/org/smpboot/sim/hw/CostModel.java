package org.smpboot.sim.hw;

/**
 * The cycle cost of a core's (or a bus-mastering device's) accesses, by kind and by mesh distance: virtual time. Every
 * initiator keeps a {@link CycleCounter} that its accesses advance, so a boot is measured in cycles, as SoCLib's TSAR
 * prints it, whatever the host's speed.
 *
 * <p>The constants (cycles) are indicative of TSAR's order of magnitude, a DSPIN 2D mesh with a router per cluster
 * and a memory cache per bank, with the boot's accesses uncached (MMU off, extension registers):
 * <ul>
 *   <li>{@value #LOCAL}: a load, store or instruction fetch to the bank of the initiator's own cluster;</li>
 *   <li>{@value #HOP} per mesh hop and direction: an access to cluster {@code t} from cluster {@code f} costs
 *       {@code LOCAL + 2 * HOP * hops(f, t)}, hops being the Manhattan distance |xf - xt| + |yf - yt| (XY routing,
 *       the request there and the response back);</li>
 *   <li>{@value #DEVICE} more for a device register (uncached peripheral target, its own decoding and response);</li>
 *   <li>{@value #ATOMIC} more for an atomic (ll/sc pair, CAS or fetch-and-add at the memory cache);</li>
 *   <li>{@value #RELEASE_LATENCY}: the latency of a release reaching a waiter (the invalidation of its copy and its
 *       next poll). A read of a word that another initiator stored later in virtual time than the reader's own clock
 *       takes the reader to the store's cycle plus this latency: a wait that completes ends at the later of its own
 *       time and the releaser's time plus the latency ({@link WakeTable#stamp(long)}).</li>
 * </ul>
 * A bulk access (copy, memset, a block device's transfer) costs one word access per 4 bytes. A block device's transfer
 * starts at the cycle of the driver's OP write and the driver that reads its end state is past its last cycle. Bank contention (queueing
 * at a busy memory cache) is not modelled: the cycles of a phase grow with the accesses and their distance, which is
 * what the per-phase heat maps show.
 */
public final class CostModel
{
    /** Cycles of an access to the initiator's own bank. */
    public static final int LOCAL = 10;
    /** Cycles per mesh hop, one way. */
    public static final int HOP = 3;
    /** Extra cycles of a device register access. */
    public static final int DEVICE = 20;
    /** Extra cycles of an atomic. */
    public static final int ATOMIC = 10;
    /** Cycles between a release store and the waiter that sees it. */
    public static final int RELEASE_LATENCY = 20;

    private final int yWidth;

    /**
     * @param yWidth bits of y in a cluster id ({@code cxy = x << yWidth | y}).
     */
    public CostModel(final int yWidth)
    {
        if (yWidth < 0 || yWidth > 8)
        {
            throw new IllegalArgumentException("y_width " + yWidth + " outside 0..8");
        }
        this.yWidth = yWidth;
    }

    /**
     * @param from a cluster.
     * @param to   another.
     * @return the Manhattan distance between them on the mesh.
     */
    public int hops(final int from, final int to)
    {
        final int mask = (1 << yWidth) - 1;
        return Math.abs((from >>> yWidth) - (to >>> yWidth)) + Math.abs((from & mask) - (to & mask));
    }

    /**
     * @param from the initiator's cluster.
     * @param to   the target's cluster.
     * @param kind the kind of access.
     * @return its cost in cycles.
     */
    public long cost(final int from, final int to, final AccessKind kind)
    {
        final long base = LOCAL + 2L * HOP * hops(from, to);
        return switch (kind)
        {
            case READ, WRITE, FETCH -> base;
            case ATOMIC -> base + ATOMIC;
            case DEVICE -> base + DEVICE;
        };
    }

    /**
     * @param from the initiator's cluster.
     * @return the cost of every (target, kind), indexed {@code target * AccessKind.COUNT + kind.ordinal()}.
     */
    long[] row(final int from)
    {
        final long[] row = new long[PhysicalAddress.CXY_SPACE * AccessKind.COUNT];
        for (int to = 0; to < PhysicalAddress.CXY_SPACE; to++)
        {
            for (final AccessKind k : AccessKind.values())
            {
                row[to * AccessKind.COUNT + k.ordinal()] = cost(from, to, k);
            }
        }
        return row;
    }
}
