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
            return new CentralizedBarrier(buffer, offset, parties, policy, "central");
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
            return new CombiningTreeBarrier(buffer, offset, parties, 2, policy, "tree2");
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
            return new CombiningTreeBarrier(buffer, offset, parties, 4, policy, "tree4");
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
            return new DisseminationBarrier(buffer, offset, parties, policy, "dissemination");
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
            return new HierarchicalBarrier(buffer, offset, topology(parties), policy, "kernel_init");
        }
    };

    abstract int footprint(int parties);

    abstract Barrier create(AtomicBuffer buffer, int offset, int parties, WaitPolicy policy);

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
