package org.smpboot.runtime.barrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ClusterTopologyTest
{
    @Test
    void sizesNumberParticipantsClusterByCluster()
    {
        final ClusterTopology topology = ClusterTopology.ofSizes(4, 2, 1);
        assertEquals(7, topology.parties());
        assertEquals(3, topology.clusters());
        assertEquals(1, topology.clusterOf(5));
        assertEquals(1, topology.localIndex(5));
        assertEquals(6, topology.participant(2, 0));
        assertEquals(2, topology.size(1));
    }

    @Test
    void clusterIdsMayInterleave()
    {
        final ClusterTopology topology = ClusterTopology.ofClusterIds(1, 0, 1, 0, 1);
        assertEquals(2, topology.clusters());
        assertEquals(3, topology.size(1));
        assertEquals(2, topology.localIndex(4));
        assertEquals(4, topology.participant(1, 2));
        assertEquals(3, topology.participant(0, 1));
    }

    @Test
    void emptyClustersAreRejected()
    {
        assertThrows(IllegalArgumentException.class, () -> ClusterTopology.ofSizes(2, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> ClusterTopology.ofClusterIds(0, 2));
        assertThrows(IllegalArgumentException.class, () -> ClusterTopology.ofSizes());
    }

    @Test
    void everyRefusalNamesWhatIsWrongAndTheShapeIsShown()
    {
        assertEquals("a topology needs at least one cluster",
            assertThrows(IllegalArgumentException.class, () -> ClusterTopology.ofSizes()).getMessage());
        assertEquals("cluster sizes must be at least 1: [2, 0, 1]",
            assertThrows(IllegalArgumentException.class, () -> ClusterTopology.ofSizes(2, 0, 1)).getMessage());
        assertEquals("cluster sizes must be at least 1: [-1]",
            assertThrows(IllegalArgumentException.class, () -> ClusterTopology.ofSizes(-1)).getMessage());
        assertEquals("a topology needs at least one participant",
            assertThrows(IllegalArgumentException.class, () -> ClusterTopology.ofClusterIds()).getMessage());
        assertEquals("cluster 1 has no participant; number only the clusters that hold participants " +
            "(global_barrier counts clusters with cores)",
            assertThrows(IllegalArgumentException.class, () -> ClusterTopology.ofClusterIds(0, 2)).getMessage());
        assertEquals("participant 1 is in cluster -1, outside 0..0",
            assertThrows(IllegalArgumentException.class, () -> ClusterTopology.ofClusterIds(0, -1)).getMessage());
        assertThrows(ArithmeticException.class, () -> ClusterTopology.ofSizes(Integer.MAX_VALUE, 1));
        final ClusterTopology one = ClusterTopology.ofSizes(1);
        assertEquals("1 participants in clusters of [1]", one.toString());
        assertEquals("7 participants in clusters of [3, 2, 2]", ClusterTopology.ofSizes(3, 2, 2).toString());
        final ClusterTopology ids = ClusterTopology.ofClusterIds(1, 0, 1, 0);
        assertEquals("4 participants in clusters of [2, 2]", ids.toString());
        assertEquals(0, ids.localIndex(1));
        assertEquals(1, ids.localIndex(3));
        assertEquals(2, ids.participant(1, 1));
        assertEquals(1, ids.clusterOf(0));
    }

    @Test
    void theIdsGivenAreCopied()
    {
        final int[] ids = {0, 1};
        final ClusterTopology t = ClusterTopology.ofClusterIds(ids);
        ids[1] = 0;
        assertEquals(1, t.clusterOf(1));
    }
}
