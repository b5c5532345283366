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
}
