package org.smpboot.runtime.barrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.concurrent.AtomicBuffer;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.region.SharedRegion;
import org.smpboot.runtime.wait.WaitPolicy;

/** The hierarchical barrier's header and cluster table, what it says when they are wrong, and its flyweight. */
class HierarchicalWordsTest
{
    private static final ClusterTopology SHAPE = ClusterTopology.ofSizes(2, 1, 2);

    private final AtomicLong now = new AtomicLong();
    private final WaitPolicy policy = WaitPolicy.busySpin(TimeUnit.MILLISECONDS.toNanos(5))
        .withClock(() -> now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1)));

    private AtomicBuffer memory()
    {
        return SharedRegion.allocate(HierarchicalBarrier.footprint(SHAPE)).fill(Fill.X5A).buffer();
    }

    @Test
    void theHeaderAndTableAreTheDocumentedWords()
    {
        final AtomicBuffer m = memory();
        final HierarchicalBarrier h = new HierarchicalBarrier(policy, "k").initialize(m, 0, SHAPE);
        assertEquals(0, m.getLong(0));
        assertEquals(5, m.getInt(8), "parties");
        assertEquals(HierarchicalBarrier.TAG, m.getInt(12));
        assertEquals(3, m.getInt(16), "clusters");
        assertEquals(1, m.getInt(20), "release: waiters watch the global barrier, the default");
        assertEquals(HierarchicalBarrier.Release.WATCH_GLOBAL, h.release());
        final int[] table = {0, 0, 1, 2, 2};
        for (int p = 0; p < 5; p++)
        {
            assertEquals(table[p], m.getInt(128 + 4 * p), "cluster of " + p);
        }
        assertEquals(256, h.globalBarrier().offset(), "the global barrier after the table's slot");
        assertEquals(3, h.globalBarrier().parties());
        assertEquals(256 + CentralizedBarrier.footprint(3), h.localBarrier(0).offset());
        assertEquals(2, h.localBarrier(0).parties());
        assertEquals(256 + CentralizedBarrier.footprint(3) + CentralizedBarrier.footprint(2) +
            CentralizedBarrier.footprint(1), h.localBarrier(2).offset());
        assertEquals(5, h.parties());
        assertEquals("k", h.name());
        assertEquals(HierarchicalBarrier.footprint(SHAPE), h.footprint());
        assertEquals(0, h.offset());
        assertEquals("hierarchical barrier 'k' (5 participants in clusters of [2, 1, 2]) @0 (busy-spin for 5 waiters, " +
            "timeout 5 ms)", h.toString());
        assertEquals("hierarchical barrier 'k' (not wrapped)", new HierarchicalBarrier(policy, "k").toString());
        assertEquals(-1, h.arrivedEpisode(2), "a cluster of one arrives at the global barrier");
        assertEquals(-1, h.arrivedEpisode(4));
    }

    @Test
    void aLoneWaiterInALoneClusterTimesOutAtTheGlobalBarrier()
    {
        final HierarchicalBarrier h = new HierarchicalBarrier(policy, "k").initialize(memory(), 0, SHAPE);
        final BarrierTimeoutException e = assertThrows(BarrierTimeoutException.class, () -> h.await(2));
        assertEquals(0, h.arrivedEpisode(2));
        assertTrue(e.getMessage().startsWith("hierarchical barrier 'k' (5 participants in clusters of [2, 1, 2]) at " +
            "centralized barrier 'k/global_barrier': participant 2 timed out after 5 ms in episode 0"), e.getMessage());
        assertTrue(h.isBroken());
        assertTrue(h.globalBarrier().isBroken());
        final BarrierBrokenException b = assertThrows(BarrierBrokenException.class, () -> h.await(0));
        assertTrue(b.getMessage().startsWith("hierarchical barrier 'k' (5 participants in clusters of [2, 1, 2]) at "),
            b.getMessage());
        h.initialize();
        assertFalse(h.isBroken());
        h.localBarrier(2).markBroken(1, 0);
        assertTrue(h.isBroken(), "a broken local piece breaks the whole");
        assertEquals("hierarchical barrier 'k' (5 participants in clusters of [2, 1, 2]): participant 5 out of range " +
            "0..4", assertThrows(IllegalArgumentException.class, () -> h.await(5)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> h.await(-1));
    }

    @Test
    void wrappingCheckTheHeaderTheTableAndThePieces()
    {
        final AtomicBuffer m = memory();
        new HierarchicalBarrier(policy, "k").initialize(m, 0, SHAPE);
        assertEquals(SHAPE.toString(), new HierarchicalBarrier(policy, "k").wrap(m, 0).topology().toString());

        m.putInt(16, 2);
        assertEquals("hierarchical barrier 'k' at offset 0: header says 2 clusters, its cluster table 3",
            assertThrows(IllegalStateException.class, () -> new HierarchicalBarrier(policy, "k").wrap(m, 0))
                .getMessage());
        m.putInt(16, 6);
        assertEquals("hierarchical barrier 'k': no such barrier at offset 0: its header holds tag \"HIER\", 5 parties " +
            "and 6 clusters (expected tag \"HIER\"); initialize it there first",
            assertThrows(IllegalStateException.class, () -> new HierarchicalBarrier(policy, "k").wrap(m, 0))
                .getMessage(), "more clusters than parties");
        m.putInt(16, 3);
        m.putInt(128 + 4, 7);
        assertTrue(assertThrows(IllegalStateException.class, () -> new HierarchicalBarrier(policy, "k").wrap(m, 0))
            .getMessage().startsWith("hierarchical barrier 'k' at offset 0: its cluster table is corrupt: "));
        m.putInt(128 + 4, 0);
        m.putInt(8, 0);
        assertThrows(IllegalStateException.class, () -> new HierarchicalBarrier(policy, "k").wrap(m, 0));
        m.putInt(8, 5);
        m.putInt(16, 0);
        assertThrows(IllegalStateException.class, () -> new HierarchicalBarrier(policy, "k").wrap(m, 0));
        m.putInt(16, 3);
        m.putInt(20, 7);
        final IllegalStateException badRelease =
            assertThrows(IllegalStateException.class, () -> new HierarchicalBarrier(policy, "k").wrap(m, 0));
        assertEquals("hierarchical barrier 'k' at offset 0: its release word holds 7 (0 or 1 expected); " +
            "initialize it there first", badRelease.getMessage());
        m.putInt(20, 0);
        assertEquals(HierarchicalBarrier.Release.REPRESENTATIVE,
            new HierarchicalBarrier(policy, "k").wrap(m, 0).release());
        m.putInt(20, 1);
        new HierarchicalBarrier(policy, "k").wrap(m, 0);
        final AtomicBuffer small = SharedRegion.allocate(128).buffer();
        small.putInt(8, 100);
        small.putInt(12, HierarchicalBarrier.TAG);
        small.putInt(16, 1);
        assertThrows(IllegalStateException.class, () -> new HierarchicalBarrier(policy, "k").wrap(small, 0),
            "a table past the buffer's end");
        assertEquals("hierarchical barrier 'k' is not wrapped: call wrap or initialize first",
            assertThrows(IllegalStateException.class, () -> new HierarchicalBarrier(policy, "k").initialize())
                .getMessage());
    }
}
