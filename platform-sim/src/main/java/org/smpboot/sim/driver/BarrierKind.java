package org.smpboot.sim.driver;

import java.util.List;
import java.util.Locale;

import org.agrona.concurrent.AtomicBuffer;
import org.smpboot.runtime.barrier.Barrier;
import org.smpboot.runtime.barrier.CentralizedBarrier;
import org.smpboot.runtime.barrier.ClusterTopology;
import org.smpboot.runtime.barrier.CombiningTreeBarrier;
import org.smpboot.runtime.barrier.DisseminationBarrier;
import org.smpboot.runtime.barrier.HierarchicalBarrier;
import org.smpboot.runtime.region.Slot;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * Which of the runtime's barrier classes implements the boot-loader's and kernel_init's {@code global_barrier} (the
 * CP0 of every cluster with cores) and {@code local_barrier} (the cores of one cluster): {@code boot --barrier}. The
 * classes run unchanged over simulated memory ({@code initialize(buffer, offset, ...)} by whoever sets the barrier up,
 * {@code wrap(buffer, offset)} by each participant, which reads the shape from the barrier's header).
 *
 * <p>Placement. {@link #CENTRALIZED} is ALMOS-MKH's: {@code global_barrier} is the instance in the boot cluster
 * ({@code XPTR(0, &global_barrier)}), so every CP0's arrival and poll is served by cluster 0's bank. The others exist
 * to spread that load, which they can only do over several banks: their {@code global_barrier} is interleaved over the
 * clusters taking part ({@code Bus#interleavedWindow}), one {@link Slot#LENGTH}-byte slot per cluster in turn, the
 * slots of a cluster at the barrier symbol's address in its own memory, rotated so that participant {@code p}'s
 * arrival record (slot {@code 1 + p}) lies in its own cluster and the header (slot 0) in the last one. Every
 * {@code local_barrier} lies in its own cluster, whatever the class.
 *
 * <p>Shapes: {@link #TREE} is a combining tree of fan-in {@value #FAN_IN}; {@link #DISSEMINATION} needs
 * {@code ceil(log2 N)} rounds; {@link #HIERARCHICAL}'s {@code global_barrier} groups the CP0s by mesh column (the
 * clusters with the same x), a local barrier per column and a global one among the columns, each column released by
 * its last arriver when it comes back from the global one ({@code Release.REPRESENTATIVE}: a waiter polls only its
 * column's word; the runtime's default, where waiters also poll the global word, made kernel_init's global_barrier
 * episode 25% to 46% longer in cycles on 2x2 to 8x8 meshes), and a cluster's {@code local_barrier} is one group (the
 * whole barrier is then one centralized barrier).
 *
 * <p>It lives with the drivers, below the boot-loader and the kernel, because both set up or join these barriers (the
 * boot-loader writes kernel_init's barriers into kdata) and neither may depend on the other.
 */
public enum BarrierKind
{
    /** ALMOS-MKH's centralized sense-reversing barrier, in one cluster. */
    CENTRALIZED("centralized"),
    /** A combining tree, interleaved over the clusters. */
    TREE("tree"),
    /** A dissemination barrier, interleaved over the clusters. */
    DISSEMINATION("dissemination"),
    /** A hierarchical barrier (per mesh column, then among columns), interleaved over the clusters. */
    HIERARCHICAL("hierarchical");

    /** The combining tree's fan-in: 4, as many as a TSAR cluster has cores. */
    public static final int FAN_IN = 4;

    private final String cliName;

    BarrierKind(final String cliName)
    {
        this.cliName = cliName;
    }

    /** @return what ALMOS-MKH uses: {@link #CENTRALIZED}. */
    public static BarrierKind almosMkh()
    {
        return CENTRALIZED;
    }

    /**
     * @param name {@code centralized}, {@code tree}, {@code dissemination} or {@code hierarchical}.
     * @return the kind.
     * @throws IllegalArgumentException for another name.
     */
    public static BarrierKind of(final String name)
    {
        for (final BarrierKind k : values())
        {
            if (k.cliName.equals(name.toLowerCase(Locale.ROOT)))
            {
                return k;
            }
        }
        throw new IllegalArgumentException("--barrier must be centralized, tree, dissemination or hierarchical, got '" +
            name + "'");
    }

    /** @return its name on the command line and in reports. */
    public String cliName()
    {
        return cliName;
    }

    /** @return whether its {@code global_barrier} is interleaved over the clusters rather than in the boot cluster. */
    public boolean interleaved()
    {
        return this != CENTRALIZED;
    }

    /**
     * @param parties  participants.
     * @param clusters for a global barrier, the participants' clusters (cxy) in participant order, used to group them
     *                 by mesh column ({@link #HIERARCHICAL}); null for a local barrier (one group).
     * @param yWidth   bits of y in a cxy.
     * @return the barrier's bytes.
     */
    public int footprint(final int parties, final List<Integer> clusters, final int yWidth)
    {
        return switch (this)
        {
            case CENTRALIZED -> CentralizedBarrier.footprint(parties);
            case TREE -> CombiningTreeBarrier.footprint(parties, FAN_IN);
            case DISSEMINATION -> DisseminationBarrier.footprint(parties);
            case HIERARCHICAL -> HierarchicalBarrier.footprint(topology(parties, clusters, yWidth));
        };
    }

    /**
     * Writes a new barrier over whatever the memory held.
     *
     * @param buffer   the memory.
     * @param parties  participants.
     * @param clusters see {@link #footprint}.
     * @param yWidth   bits of y in a cxy.
     * @param policy   how waiters idle.
     * @param name     the barrier's name.
     * @return the barrier, bound.
     */
    public Barrier initialize(final AtomicBuffer buffer, final int parties, final List<Integer> clusters,
        final int yWidth, final WaitPolicy policy, final String name)
    {
        return switch (this)
        {
            case CENTRALIZED -> new CentralizedBarrier(policy, name).initialize(buffer, 0, parties);
            case TREE -> new CombiningTreeBarrier(policy, name).initialize(buffer, 0, parties, FAN_IN);
            case DISSEMINATION -> new DisseminationBarrier(policy, name).initialize(buffer, 0, parties);
            case HIERARCHICAL -> new HierarchicalBarrier(policy, name).initialize(buffer, 0,
                topology(parties, clusters, yWidth), HierarchicalBarrier.Release.REPRESENTATIVE);
        };
    }

    /**
     * Joins a barrier written by {@link #initialize}: its shape comes from its header.
     *
     * @param buffer the memory.
     * @param policy how waiters idle.
     * @param name   the barrier's name.
     * @return the barrier, bound.
     */
    public Barrier wrap(final AtomicBuffer buffer, final WaitPolicy policy, final String name)
    {
        return switch (this)
        {
            case CENTRALIZED -> new CentralizedBarrier(policy, name).wrap(buffer, 0);
            case TREE -> new CombiningTreeBarrier(policy, name).wrap(buffer, 0);
            case DISSEMINATION -> new DisseminationBarrier(policy, name).wrap(buffer, 0);
            case HIERARCHICAL -> new HierarchicalBarrier(policy, name).wrap(buffer, 0);
        };
    }

    /**
     * @param clusters the participants' clusters, in participant order.
     * @return the clusters an interleaved barrier's slots go to, slot 0 first: rotated so that participant {@code p}'s
     * arrival record (slot {@code 1 + p}) lies in its own cluster.
     */
    public static int[] stripeOrder(final List<Integer> clusters)
    {
        final int n = clusters.size();
        final int[] order = new int[n];
        for (int k = 0; k < n; k++)
        {
            order[k] = clusters.get((k + n - 1) % n);
        }
        return order;
    }

    /**
     * @param name a local barrier's name.
     * @param cxy  its cluster.
     * @return its name with its cluster, such as {@code local_barrier[0x01]}: each cluster's is a barrier of its own.
     */
    public static String localName(final String name, final int cxy)
    {
        return String.format("%s[0x%02x]", name, cxy);
    }

    private static ClusterTopology topology(final int parties, final List<Integer> clusters, final int yWidth)
    {
        if (clusters == null || clusters.size() != parties)
        {
            return ClusterTopology.ofSizes(parties);
        }
        // group the CP0s by mesh column: dense group numbers in order of first appearance
        final int[] group = new int[parties];
        final java.util.Map<Integer, Integer> columns = new java.util.LinkedHashMap<>();
        for (int p = 0; p < parties; p++)
        {
            final int x = clusters.get(p) >>> yWidth;
            group[p] = columns.computeIfAbsent(x, k -> columns.size());
        }
        return ClusterTopology.ofClusterIds(group);
    }
}
