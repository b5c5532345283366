package org.smpboot.runtime.barrier;

import java.util.Arrays;

import org.agrona.concurrent.AtomicBuffer;
import org.smpboot.runtime.wait.WaitPolicy;

/** The algorithms under test, each able to size and build itself for a number of participants. */
enum BarrierKind
{
    CENTRALIZED
    {
        int footprint(final int parties)
        {
            return CentralizedBarrier.footprint(parties);
        }

        Barrier create(final AtomicBuffer buffer, final int offset, final int parties, final WaitPolicy policy)
        {
            return new CentralizedBarrier(policy, "central").initialize(buffer, offset, parties);
        }

        Barrier wrap(final AtomicBuffer buffer, final int offset, final WaitPolicy policy)
        {
            return new CentralizedBarrier(policy, "central").wrap(buffer, offset);
        }
    },
    TREE_FAN_IN_2
    {
        int footprint(final int parties)
        {
            return CombiningTreeBarrier.footprint(parties, 2);
        }

        Barrier create(final AtomicBuffer buffer, final int offset, final int parties, final WaitPolicy policy)
        {
            return new CombiningTreeBarrier(policy, "tree2").initialize(buffer, offset, parties, 2);
        }

        Barrier wrap(final AtomicBuffer buffer, final int offset, final WaitPolicy policy)
        {
            return new CombiningTreeBarrier(policy, "tree2").wrap(buffer, offset);
        }
    },
    TREE_FAN_IN_4
    {
        int footprint(final int parties)
        {
            return CombiningTreeBarrier.footprint(parties, 4);
        }

        Barrier create(final AtomicBuffer buffer, final int offset, final int parties, final WaitPolicy policy)
        {
            return new CombiningTreeBarrier(policy, "tree4").initialize(buffer, offset, parties, 4);
        }

        Barrier wrap(final AtomicBuffer buffer, final int offset, final WaitPolicy policy)
        {
            return new CombiningTreeBarrier(policy, "tree4").wrap(buffer, offset);
        }
    },
    DISSEMINATION
    {
        int footprint(final int parties)
        {
            return DisseminationBarrier.footprint(parties);
        }

        Barrier create(final AtomicBuffer buffer, final int offset, final int parties, final WaitPolicy policy)
        {
            return new DisseminationBarrier(policy, "dissemination").initialize(buffer, offset, parties);
        }

        Barrier wrap(final AtomicBuffer buffer, final int offset, final WaitPolicy policy)
        {
            return new DisseminationBarrier(policy, "dissemination").wrap(buffer, offset);
        }
    },
    HIERARCHICAL
    {
        int footprint(final int parties)
        {
            return HierarchicalBarrier.footprint(topology(parties));
        }

        Barrier create(final AtomicBuffer buffer, final int offset, final int parties, final WaitPolicy policy)
        {
            return new HierarchicalBarrier(policy, "kernel_init").initialize(buffer, offset, topology(parties));
        }

        Barrier wrap(final AtomicBuffer buffer, final int offset, final WaitPolicy policy)
        {
            return new HierarchicalBarrier(policy, "kernel_init").wrap(buffer, offset);
        }
    },
    /** The hierarchical barrier whose clusters their representatives release (the simulator's). */
    HIERARCHICAL_REPRESENTATIVE
    {
        int footprint(final int parties)
        {
            return HIERARCHICAL.footprint(parties);
        }

        Barrier create(final AtomicBuffer buffer, final int offset, final int parties, final WaitPolicy policy)
        {
            return new HierarchicalBarrier(policy, "kernel_init").initialize(buffer, offset, topology(parties),
                HierarchicalBarrier.Release.REPRESENTATIVE);
        }

        Barrier wrap(final AtomicBuffer buffer, final int offset, final WaitPolicy policy)
        {
            return HIERARCHICAL.wrap(buffer, offset, policy); // the release is read from the header
        }
    };

    abstract int footprint(int parties);

    /** Writes a new barrier of {@code parties} at {@code offset} (initialize) and returns its flyweight. */
    abstract Barrier create(AtomicBuffer buffer, int offset, int parties, WaitPolicy policy);

    /** Joins the barrier written at {@code offset}, reading its shape from memory (another thread or process). */
    abstract Barrier wrap(AtomicBuffer buffer, int offset, WaitPolicy policy);

    /**
     * Uneven clusters, as on a platform with partly populated clusters: sizes 4, 2, 1, 8 repeated, the last one cut to
     * fit (7 participants: [4, 2, 1]); 2 participants get two clusters of one, so that the global level is exercised.
     */
    static ClusterTopology topology(final int parties)
    {
        if (parties == 2)
        {
            return ClusterTopology.ofSizes(1, 1);
        }
        final int[] pattern = {4, 2, 1, 8};
        final int[] sizes = new int[parties];
        int clusters = 0;
        for (int left = parties; left > 0; clusters++)
        {
            sizes[clusters] = Math.min(left, pattern[clusters % pattern.length]);
            left -= sizes[clusters];
        }
        return ClusterTopology.ofSizes(Arrays.copyOf(sizes, clusters));
    }
}
