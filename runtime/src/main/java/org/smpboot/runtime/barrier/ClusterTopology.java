package org.smpboot.runtime.barrier;

import java.util.Arrays;

/**
 * Which participants form which cluster, for {@link HierarchicalBarrier}: participants are numbered
 * {@code 0 .. parties - 1}, clusters {@code 0 .. clusters - 1}, and each participant has a local index inside its
 * cluster (its rank among the cluster's members, in participant order; local index 0 is the cluster's CP0). Clusters
 * may differ in size but none is empty: like ALMOS-MKH's {@code global_barrier}, the topology counts only clusters that
 * hold participants. Immutable.
 */
public final class ClusterTopology
{
    private final int[] clusterOf;
    private final int[] localIndex;
    private final int[][] members;

    private ClusterTopology(final int[] clusterOf, final int clusters)
    {
        this.clusterOf = clusterOf;
        this.localIndex = new int[clusterOf.length];
        final int[] sizes = new int[clusters];
        for (int p = 0; p < clusterOf.length; p++)
        {
            final int c = clusterOf[p];
            if (c < 0 || c >= clusters)
            {
                throw new IllegalArgumentException("participant " + p + " is in cluster " + c + ", outside 0.." +
                    (clusters - 1));
            }
            localIndex[p] = sizes[c]++;
        }
        this.members = new int[clusters][];
        for (int c = 0; c < clusters; c++)
        {
            if (sizes[c] == 0)
            {
                throw new IllegalArgumentException("cluster " + c + " has no participant; number only the clusters " +
                    "that hold participants (global_barrier counts clusters with cores)");
            }
            members[c] = new int[sizes[c]];
        }
        for (int p = 0; p < clusterOf.length; p++)
        {
            members[clusterOf[p]][localIndex[p]] = p;
        }
    }

    /**
     * @param sizes participants per cluster; cluster 0 gets participants {@code 0 .. sizes[0] - 1}, and so on.
     * @return the topology.
     */
    public static ClusterTopology ofSizes(final int... sizes)
    {
        if (sizes.length == 0)
        {
            throw new IllegalArgumentException("a topology needs at least one cluster");
        }
        int parties = 0;
        for (final int size : sizes)
        {
            if (size < 1)
            {
                throw new IllegalArgumentException("cluster sizes must be at least 1: " + Arrays.toString(sizes));
            }
            parties = Math.addExact(parties, size);
        }
        final int[] clusterOf = new int[parties];
        for (int c = 0, p = 0; c < sizes.length; c++)
        {
            for (int i = 0; i < sizes[c]; i++)
            {
                clusterOf[p++] = c;
            }
        }
        return new ClusterTopology(clusterOf, sizes.length);
    }

    /**
     * @param clusterOfParticipant the cluster of each participant; clusters are {@code 0 .. max}, none empty.
     * @return the topology.
     */
    public static ClusterTopology ofClusterIds(final int... clusterOfParticipant)
    {
        if (clusterOfParticipant.length == 0)
        {
            throw new IllegalArgumentException("a topology needs at least one participant");
        }
        final int clusters = Arrays.stream(clusterOfParticipant).max().getAsInt() + 1;
        return new ClusterTopology(clusterOfParticipant.clone(), clusters);
    }

    /** @return number of participants. */
    public int parties()
    {
        return clusterOf.length;
    }

    /** @return number of clusters. */
    public int clusters()
    {
        return members.length;
    }

    /**
     * @param cluster a cluster.
     * @return its number of participants.
     */
    public int size(final int cluster)
    {
        return members[cluster].length;
    }

    /**
     * @param participant a participant.
     * @return its cluster.
     */
    public int clusterOf(final int participant)
    {
        return clusterOf[participant];
    }

    /**
     * @param participant a participant.
     * @return its index inside its cluster.
     */
    public int localIndex(final int participant)
    {
        return localIndex[participant];
    }

    /**
     * @param cluster    a cluster.
     * @param localIndex an index inside it.
     * @return the participant number.
     */
    public int participant(final int cluster, final int localIndex)
    {
        return members[cluster][localIndex];
    }

    @Override
    public String toString()
    {
        final int[] sizes = new int[members.length];
        for (int c = 0; c < sizes.length; c++)
        {
            sizes[c] = members[c].length;
        }
        return parties() + " participants in clusters of " + Arrays.toString(sizes);
    }
}
