package org.smpboot.runtime.barrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.agrona.concurrent.AtomicBuffer;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.region.SharedRegion;
import org.smpboot.runtime.region.Slot;
import org.smpboot.runtime.wait.TestBounds;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * The pieces of a hierarchical barrier used on their own, as kernel_init composes them: each cluster's CP0 (local index
 * 0) meets the other CP0s at global_barrier, then every core meets its cluster at local_barrier.
 */
class HierarchicalPiecesTest
{
    private static final WaitPolicy POLICY = TestBounds.defaults(20, TimeUnit.SECONDS);

    @Test
    void piecesAreNamedAfterKernelInit()
    {
        final ClusterTopology topology = ClusterTopology.ofSizes(4, 2, 1);
        try (SharedRegion region = SharedRegion.allocate(HierarchicalBarrier.footprint(topology)))
        {
            final HierarchicalBarrier barrier = new HierarchicalBarrier(POLICY, "boot")
                .initialize(region.buffer(), 0, topology);
            assertEquals("boot/global_barrier", barrier.globalBarrier().name());
            assertEquals(3, barrier.globalBarrier().parties());
            assertEquals("boot/local_barrier[1]", barrier.localBarrier(1).name());
            assertEquals(2, barrier.localBarrier(1).parties());
            assertEquals(barrier.globalBarrier().offset() + barrier.globalBarrier().footprint(),
                barrier.localBarrier(0).offset());
        }
    }

    @Test
    void globalAmongCp0sThenLocalPerCluster() throws Exception
    {
        final ClusterTopology topology = ClusterTopology.ofSizes(4, 2, 1, 3);
        final int episodes = 500;
        final int barrierLength = HierarchicalBarrier.footprint(topology);
        try (SharedRegion region = SharedRegion.allocate(barrierLength + topology.parties() * Slot.LENGTH))
        {
            region.fill(Fill.random(11));
            final AtomicBuffer buffer = region.buffer();
            final HierarchicalBarrier barrier = new HierarchicalBarrier(POLICY, "kernel_init")
                .initialize(buffer, 0, topology);
            barrier.initialize();
            for (int p = 0; p < topology.parties(); p++)
            {
                buffer.putLongVolatile(Slot.at(barrierLength, p), -1);
            }
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final Thread[] threads = new Thread[topology.parties()];
            for (int p = 0; p < threads.length; p++)
            {
                final int me = p;
                threads[p] = new Thread(() ->
                {
                    try
                    {
                        final int cluster = topology.clusterOf(me);
                        final int lid = topology.localIndex(me);
                        for (int k = 0; k < episodes; k++)
                        {
                            buffer.putLongVolatile(Slot.at(barrierLength, me), k);
                            if (lid == 0)
                            {
                                barrier.globalBarrier().await(cluster);
                                for (int c = 0; c < topology.clusters(); c++)
                                {
                                    check(buffer.getLongVolatile(Slot.at(barrierLength, topology.participant(c, 0))),
                                        k, "CP0 of cluster " + c + " seen by CP0 " + me);
                                }
                            }
                            barrier.localBarrier(cluster).await(lid);
                            for (int l = 0; l < topology.size(cluster); l++)
                            {
                                check(buffer.getLongVolatile(Slot.at(barrierLength, topology.participant(cluster, l))),
                                    k, "core " + l + " of cluster " + cluster + " seen by " + me);
                            }
                        }
                    }
                    catch (final Throwable t)
                    {
                        failure.compareAndSet(null, t);
                    }
                });
                threads[p].start();
            }
            for (final Thread thread : threads)
            {
                thread.join(60_000);
                assertEquals(false, thread.isAlive(), "a participant is still running");
            }
            assertNull(failure.get());
            assertEquals(episodes - 1, barrier.globalBarrier().arrivedEpisode(3));
            assertEquals(episodes - 1, barrier.localBarrier(3).arrivedEpisode(2));
        }
    }

    private static void check(final long seen, final int k, final String who)
    {
        if (seen < k || seen > k + 1)
        {
            throw new AssertionError(who + " at episode " + seen + " after episode " + k);
        }
    }
}
