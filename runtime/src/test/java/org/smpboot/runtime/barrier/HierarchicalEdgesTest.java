package org.smpboot.runtime.barrier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.concurrent.AtomicBuffer;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.region.SharedRegion;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * The hierarchical barrier at its edges, on one thread and a virtual clock (1 ms a read, 5 ms bound): the smallest
 * shapes, an unwrapped flyweight's timed await, a piece broken on its own, and whom a timeout names.
 */
class HierarchicalEdgesTest
{
    private final AtomicLong now = new AtomicLong();
    private final WaitPolicy policy = WaitPolicy.busySpin(TimeUnit.MILLISECONDS.toNanos(5))
        .withClock(() -> now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1)));

    private static AtomicBuffer memory(final int offset, final ClusterTopology shape)
    {
        return SharedRegion.allocate(offset + HierarchicalBarrier.footprint(shape)).fill(Fill.XA5).buffer();
    }

    @Test
    void oneParticipantAloneOrOneParticipantPerClusterIsABarrierAnotherViewCanWrap()
    {
        for (final ClusterTopology shape :
            new ClusterTopology[] {ClusterTopology.ofSizes(1), ClusterTopology.ofSizes(1, 1, 1)})
        {
            final AtomicBuffer m = memory(256, shape);
            new HierarchicalBarrier(policy, "k").initialize(m, 256, shape);
            final HierarchicalBarrier view = new HierarchicalBarrier(policy, "k").wrap(m, 256);
            assertEquals(shape.toString(), view.topology().toString());
            assertEquals(256, view.offset());
            assertSame(m, view.buffer());
            if (shape.parties() == 1)
            {
                view.await(0);
                view.await(0);
                assertEquals(1, view.arrivedEpisode(0), "two episodes of one");
            }
            assertFalse(view.isBroken());
        }
    }

    @Test
    void wrappingOutsideTheBufferIsRefusedNamingThePlacementBeforeAnyRead()
    {
        final AtomicBuffer m = memory(0, ClusterTopology.ofSizes(1));
        final int end = m.capacity();
        assertEquals("k: needs 128 bytes at offset " + end + " but the buffer holds " + end,
            assertThrows(IllegalArgumentException.class, () -> new HierarchicalBarrier(policy, "k").wrap(m, end))
                .getMessage());
        assertEquals("k: offset 8 is not a multiple of 128",
            assertThrows(IllegalArgumentException.class, () -> new HierarchicalBarrier(policy, "k").wrap(m, 8))
                .getMessage());
    }

    @Test
    void aHeaderWhoseTableEndsAtTheBuffersEndIsReadAndItsPiecesFoundMissing()
    {
        // a corrupt header: 32 parties in 1 cluster, so that its table fills the buffer exactly and no piece fits
        final AtomicBuffer m = SharedRegion.allocate(256).fill(Fill.ZERO).buffer();
        m.putInt(8, 32);
        m.putInt(12, HierarchicalBarrier.TAG);
        m.putInt(16, 1);
        final IllegalArgumentException e =
            assertThrows(IllegalArgumentException.class, () -> new HierarchicalBarrier(policy, "k").wrap(m, 0));
        assertEquals("k: needs " + HierarchicalBarrier.footprint(ClusterTopology.ofSizes(32)) + " bytes at offset 0 " +
            "but the buffer holds 256", e.getMessage());
    }

    @Test
    void aTimedAwaitOnAnUnwrappedBarrierSaysSo()
    {
        final HierarchicalBarrier h = new HierarchicalBarrier(policy, "k");
        assertEquals("hierarchical barrier 'k' is not wrapped: call wrap or initialize first",
            assertThrows(IllegalStateException.class, () -> h.await(0, 1, TimeUnit.SECONDS)).getMessage());
    }

    @Test
    void aLocalPieceBrokenOnItsOwnBreaksTheWholeAndNamesItsBreakerInTheWhole()
    {
        final ClusterTopology shape = ClusterTopology.ofSizes(2, 2);
        final HierarchicalBarrier h = new HierarchicalBarrier(policy, "k").initialize(memory(0, shape), 0, shape);
        // local index 0 of cluster 0 waits alone on its piece, not through the whole: only that piece breaks
        assertThrows(BarrierTimeoutException.class, () -> h.localBarrier(0).await(0));
        assertFalse(h.globalBarrier().isBroken());
        assertFalse(h.localBarrier(1).isBroken());

        final BarrierBrokenException e = assertThrows(BarrierBrokenException.class, () -> h.await(1));
        assertEquals(0, e.breaker(), "local index 0 of cluster 0 is participant 0 of the whole");
        assertTrue(h.globalBarrier().isBroken(), "the whole is given up: the global piece");
        assertTrue(h.localBarrier(1).isBroken(), "and every other local piece");
        assertTrue(h.isBroken());
    }

    @Test
    void aTimeoutNamesTheMissingInAscendingOrderAcrossInterleavedClustersAndClustersOfOne()
    {
        final ClusterTopology shape = ClusterTopology.ofClusterIds(new int[] {0, 1, 0, 1, 2});
        final HierarchicalBarrier h = new HierarchicalBarrier(policy, "k").initialize(memory(0, shape), 0, shape);
        final BarrierTimeoutException e = assertThrows(BarrierTimeoutException.class, () -> h.await(0));
        assertArrayEquals(new int[] {1, 2, 3, 4}, e.missing(), e.getMessage());
        assertEquals(0, e.waiter());
    }

    /**
     * Clusters {0, 1} and {2, 3} of {@code h}: participant 2 waits in a thread of its own; participant 3, cluster 1's
     * representative, arrives at the global barrier and then stalls (it releases nothing); cluster 0 arrives, so the
     * global barrier passes episode 0.
     *
     * @return participant 2's thread.
     */
    private static Thread stallCluster1sRepresentativeAfterTheGlobalRelease(final HierarchicalBarrier h)
    {
        final Thread waiter = new Thread(() -> h.await(2), "participant 2");
        waiter.start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (h.arrivedEpisode(2) != 0)
        {
            assertTrue(System.nanoTime() < deadline, "participant 2 never arrived");
            Thread.onSpinWait();
        }
        assertEquals(1, h.localBarrier(1).arrive(1) & 1, "participant 3 is its cluster's last arriver");
        h.globalBarrier().arrive(1); // ... arrives at the global barrier, then is not scheduled again for a while
        h.localBarrier(0).arrive(0);
        h.await(1); // cluster 0's last arriver completes the global barrier and releases its own cluster
        return waiter;
    }

    @Test
    void aLocalWaiterLeavesOnTheGlobalReleaseWhileItsRepresentativeStallsAndTheLateReleaseErasesNoArrival()
        throws Exception
    {
        final ClusterTopology shape = ClusterTopology.ofSizes(2, 2);
        final HierarchicalBarrier h =
            new HierarchicalBarrier(WaitPolicy.defaults(), "k").initialize(memory(0, shape), 0, shape);
        final CentralizedBarrier local1 = h.localBarrier(1);
        final Thread waiter = stallCluster1sRepresentativeAfterTheGlobalRelease(h);

        waiter.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(waiter.isAlive(), "participant 2 still waits for its stalled representative");
        assertTrue(local1.released(0), "the waiter ended its cluster's episode itself");

        assertEquals(0, local1.arrive(0) & 1, "participant 2 at the next episode, before the late release");
        local1.releaseOnce(0); // the representative runs again: its release must not erase that arrival
        assertEquals(1, local1.arrive(1) & 1, "participant 3 is again the last of two arrivals at episode 1");
        assertFalse(h.isBroken());
    }

    @Test
    void withTheRepresentativesReleaseAWaiterLeavesOnlyWhenItsRepresentativeReleasesItsCluster() throws Exception
    {
        final ClusterTopology shape = ClusterTopology.ofSizes(2, 2);
        final AtomicBuffer m = memory(0, shape);
        new HierarchicalBarrier(WaitPolicy.defaults(), "k").initialize(m, 0, shape,
            HierarchicalBarrier.Release.REPRESENTATIVE);
        final HierarchicalBarrier h = new HierarchicalBarrier(WaitPolicy.defaults(), "k").wrap(m, 0);
        assertEquals(0, m.getInt(20), "the release word");
        final CentralizedBarrier local1 = h.localBarrier(1);
        final Thread waiter = stallCluster1sRepresentativeAfterTheGlobalRelease(h);

        waiter.join(50);
        assertTrue(waiter.isAlive(), "participant 2 left before its representative released its cluster");
        assertFalse(local1.released(0));
        local1.release(0); // the representative comes back from the global barrier
        waiter.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(waiter.isAlive(), "participant 2 still waits after its representative's release");
        assertFalse(h.isBroken());
    }
}
