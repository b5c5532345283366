package org.smpboot.sim.hw;

/**
 * The cycle cost of an access, by kind, size and mesh distance: virtual time. Every initiator keeps a
 * {@link CycleCounter} that its accesses advance, so a boot is measured in cycles, as SoCLib's TSAR prints it, whatever
 * the host's speed.
 *
 * <p>An access is a request that travels to its target, waits there while the target serves others (the target's
 * {@link ServiceQueue}: one request at a time), is served, and returns. The constants (cycles) are indicative of
 * TSAR's order of magnitude, a DSPIN 2D mesh with a router per cluster and a memory cache controller per bank, with the
 * boot's data accesses uncached (MMU off, extension registers):
 * <ul>
 *   <li>transit, one way: {@value #TRANSIT} to the initiator's own cluster, plus {@value #HOP} per mesh hop (XY
 *       routing, hops the Manhattan distance |xf - xt| + |yf - yt|); the response comes back the same way. The mesh
 *       links are not modelled as resources: a request never waits for a link, only for its target.</li>
 *   <li>service, the time the target is busy with the request: {@value #SERVICE} for a word read or write at a bank
 *       (the memory cache's directory and data array), {@value #ATOMIC_SERVICE} for an atomic (ll/sc, CAS or
 *       fetch-and-add: read, compare, write at the memory cache), {@value #DEVICE_SERVICE} for a device register
 *       (an uncached peripheral target, its own decoding and response);</li>
 *   <li>a burst (a bulk copy, a memset, a block device's transfer, an instruction cache line refill) is one request,
 *       then one word per cycle ({@value #WORD_CYCLE}) of the bank: {@code SERVICE + (words - 1)} cycles of service
 *       when nothing else is queued. The target serves it in pieces of at most {@value #BURST_UNIT} words, so that
 *       other requests are served between two pieces instead of waiting for a whole transfer.</li>
 * </ul>
 * So an uncontended word access to cluster {@code t} from cluster {@code f} costs
 * {@code LOCAL + 2 * HOP * hops(f, t)} with {@link #LOCAL} = {@value #LOCAL}, an atomic {@value #ATOMIC} more and a
 * device register {@value #DEVICE} more: the costs before the queues were modelled, which a lone core still pays.
 * A contended one adds its wait in the target's queue. {@value #RELEASE_LATENCY} cycles is the latency of a
 * device-side hand-off (an IPI's mailbox read, a block device's end state) to the core that sees it.
 */
public final class CostModel
{
    /** Cycles of one way between an initiator and a target of its own cluster. */
    public static final int TRANSIT = 3;
    /** Cycles per mesh hop, one way. */
    public static final int HOP = 3;
    /** Cycles a bank is busy with a word read or write. */
    public static final int SERVICE = 4;
    /** Cycles a bank is busy with an atomic. */
    public static final int ATOMIC_SERVICE = 14;
    /** Cycles a device is busy with a register access. */
    public static final int DEVICE_SERVICE = 24;
    /** Cycles per further word of a burst. */
    public static final int WORD_CYCLE = 1;
    /** The most words a target serves of one burst before it serves another request. */
    public static final int BURST_UNIT = 64;
    /** Cycles of an uncontended word access to the initiator's own bank: {@code 2 TRANSIT + SERVICE}. */
    public static final int LOCAL = 2 * TRANSIT + SERVICE;
    /** Extra cycles of an uncontended atomic over a word access. */
    public static final int ATOMIC = ATOMIC_SERVICE - SERVICE;
    /** Extra cycles of an uncontended device register access over a word access. */
    public static final int DEVICE = DEVICE_SERVICE - SERVICE;
    /** Cycles between a device-side release (an IPI, a transfer's end) and the core that sees it. */
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
     * @return cycles of one way between them.
     */
    public int transit(final int from, final int to)
    {
        return TRANSIT + HOP * hops(from, to);
    }

    /**
     * @param kind  the kind of access.
     * @param words words moved (1 for a word access or an atomic; a burst's length).
     * @return cycles its target is busy with it.
     */
    public static int service(final AccessKind kind, final long words)
    {
        return switch (kind)
        {
            case READ, WRITE, FETCH -> (int)(SERVICE + (Math.max(1, words) - 1) * WORD_CYCLE);
            case ATOMIC -> ATOMIC_SERVICE;
            case DEVICE -> DEVICE_SERVICE;
        };
    }

    /**
     * @param from the initiator's cluster.
     * @param to   the target's cluster.
     * @param kind the kind of access.
     * @return its cost in cycles when its target is free: transit there and back plus service.
     */
    public long cost(final int from, final int to, final AccessKind kind)
    {
        return cost(from, to, kind, 1);
    }

    /**
     * @param from  the initiator's cluster.
     * @param to    the target's cluster.
     * @param kind  the kind of access.
     * @param words words moved.
     * @return its cost in cycles when its target is free.
     */
    public long cost(final int from, final int to, final AccessKind kind, final long words)
    {
        return 2L * transit(from, to) + service(kind, words);
    }

    /**
     * @param from the initiator's cluster.
     * @return the one-way transit to every cluster, indexed by cxy.
     */
    int[] transits(final int from)
    {
        final int[] row = new int[PhysicalAddress.CXY_SPACE];
        for (int to = 0; to < PhysicalAddress.CXY_SPACE; to++)
        {
            row[to] = transit(from, to);
        }
        return row;
    }
}
