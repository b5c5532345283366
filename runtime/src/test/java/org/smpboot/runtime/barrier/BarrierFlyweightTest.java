package org.smpboot.runtime.barrier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.region.SharedRegion;
import org.smpboot.runtime.region.Slot;
import org.smpboot.runtime.wait.TestBounds;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * The barriers are flyweights: their parties and shape live in a header in the buffer, so a second flyweight that
 * wraps the same memory (another thread, process or simulated core) is the same barrier; wrapping memory that holds no
 * such barrier fails with a message naming what it found; awaiting allocates nothing.
 */
class BarrierFlyweightTest
{
    private static final WaitPolicy POLICY = TestBounds.defaults(30, TimeUnit.SECONDS);

    @ParameterizedTest(name = "{0}")
    @EnumSource(BarrierKind.class)
    void aWrappedViewReadsTheShapeFromMemoryAndJoinsTheSameEpisodes(final BarrierKind kind) throws Exception
    {
        final int parties = 7;
        final int at = 2 * Slot.LENGTH;
        final int length = kind.footprint(parties);
        try (SharedRegion region = SharedRegion.allocate(at + length + EpisodeChecker.countersLength(parties)))
        {
            region.fill(Fill.random(5));
            final Barrier written = kind.create(region.buffer(), at, parties, POLICY);
            final Barrier joined = kind.wrap(region.buffer(), at, POLICY);
            assertEquals(parties, joined.parties());
            assertEquals(written.toString(), joined.toString(), "same kind, name, offset, shape and policy");
            if (written instanceof CombiningTreeBarrier tree)
            {
                assertEquals(tree.fanIn(), ((CombiningTreeBarrier)joined).fanIn());
                assertEquals(tree.levels(), ((CombiningTreeBarrier)joined).levels());
            }
            if (written instanceof HierarchicalBarrier whole)
            {
                assertEquals(whole.topology().toString(), ((HierarchicalBarrier)joined).topology().toString());
                assertEquals(whole.footprint(), ((HierarchicalBarrier)joined).footprint());
            }
            // odd participants wait through the written view, even ones through the joined view
            final Barrier mixed = new Barrier()
            {
                @Override
                public int parties()
                {
                    return parties;
                }

                @Override
                public String name()
                {
                    return written.name();
                }

                @Override
                public void await(final int participant)
                {
                    (participant % 2 == 0 ? joined : written).await(participant);
                }

                @Override
                public void await(final int participant, final long timeout, final TimeUnit unit)
                {
                    (participant % 2 == 0 ? joined : written).await(participant, timeout, unit);
                }

                @Override
                public void initialize()
                {
                    written.initialize();
                }

                @Override
                public int arrivedEpisode(final int participant)
                {
                    return joined.arrivedEpisode(participant);
                }

                @Override
                public boolean isBroken()
                {
                    return joined.isBroken();
                }
            };
            final EpisodeChecker checker = new EpisodeChecker(mixed, region.buffer(), at + length);
            checker.initialize();
            assertNull(checker.run(range(parties), 200, 3, 60_000));
            assertEquals(199, written.arrivedEpisode(6));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BarrierKind.class)
    void wrappingMemoryThatHoldsNoBarrierNamesWhatItFound(final BarrierKind kind)
    {
        try (SharedRegion region = SharedRegion.allocate(kind.footprint(4)))
        {
            region.fill(Fill.X5A);
            final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> kind.wrap(region.buffer(), 0, POLICY));
            assertTrue(e.getMessage().contains("no such barrier at offset 0"), e.getMessage());
            assertTrue(e.getMessage().contains("0x5a5a5a5a") || e.getMessage().contains("\"ZZZZ\""), e.getMessage());
            assertTrue(e.getMessage().contains("initialize it there first"), e.getMessage());
        }
    }

    @Test
    void wrappingABarrierOfAnotherKindNamesBothTags()
    {
        try (SharedRegion region = SharedRegion.allocate(CombiningTreeBarrier.footprint(4, 2)))
        {
            new CombiningTreeBarrier(POLICY, "tree").initialize(region.buffer(), 0, 4, 2);
            final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new CentralizedBarrier(POLICY, "global_barrier").wrap(region.buffer(), 0));
            assertEquals("centralized barrier 'global_barrier': no such barrier at offset 0: its header holds tag " +
                "\"TREE\" and 4 parties (expected tag \"CENT\"); initialize it there first", e.getMessage());
        }
    }

    @Test
    void anUnwrappedBarrierSaysSo()
    {
        for (final Barrier b : new Barrier[] {new CentralizedBarrier(POLICY, "c"), new CombiningTreeBarrier(POLICY, "t"),
            new DisseminationBarrier(POLICY, "d"), new HierarchicalBarrier(POLICY, "h")})
        {
            final IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.await(0));
            assertTrue(e.getMessage().endsWith("is not wrapped: call wrap or initialize first"), e.getMessage());
            assertTrue(b.toString().endsWith("(not wrapped)"), b.toString());
        }
    }

    @Test
    void aHierarchicalBarrierRebuildsAnInterleavedTopologyFromItsTable()
    {
        final ClusterTopology topology = ClusterTopology.ofClusterIds(1, 0, 1, 2, 0, 1);
        try (SharedRegion region = SharedRegion.allocate(HierarchicalBarrier.footprint(topology)))
        {
            region.fill(Fill.random(8));
            new HierarchicalBarrier(POLICY, "kernel_init").initialize(region.buffer(), 0, topology);
            final HierarchicalBarrier joined = new HierarchicalBarrier(POLICY, "kernel_init").wrap(region.buffer(), 0);
            for (int p = 0; p < topology.parties(); p++)
            {
                assertEquals(topology.clusterOf(p), joined.topology().clusterOf(p), "participant " + p);
                assertEquals(topology.localIndex(p), joined.topology().localIndex(p), "participant " + p);
            }
            // a table that names a cluster the header does not count is refused
            region.buffer().putInt(Slot.LENGTH + 4 * 5, 7);
            final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new HierarchicalBarrier(POLICY, "kernel_init").wrap(region.buffer(), 0));
            assertTrue(e.getMessage().contains("kernel_init"), e.getMessage());
        }
    }

    /**
     * Two participants pass 20,000 episodes; neither thread allocates (the waits reuse the thread's bounded wait).
     * Fails if an await allocates even 8 bytes per episode.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(BarrierKind.class)
    void awaitingAllocatesNothing(final BarrierKind kind) throws Exception
    {
        final int parties = 2;
        final int episodes = 20_000;
        try (SharedRegion region = SharedRegion.allocate(kind.footprint(parties)))
        {
            final Barrier barrier = kind.create(region.buffer(), 0, parties, POLICY);
            final AtomicLongArray allocated = new AtomicLongArray(parties);
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
            final Thread[] t = new Thread[parties];
            for (int p = 0; p < parties; p++)
            {
                final int me = p;
                t[p] = new Thread(() ->
                {
                    try
                    {
                        for (int e = 0; e < episodes; e++)
                        {
                            barrier.await(me); // warm-up: the thread's wait, the JIT
                        }
                        final long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
                        for (int e = 0; e < episodes; e++)
                        {
                            barrier.await(me);
                        }
                        allocated.set(me, threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before);
                    }
                    catch (final Throwable x)
                    {
                        failure.compareAndSet(null, x);
                    }
                });
                t[p].start();
            }
            for (final Thread thread : t)
            {
                thread.join(TimeUnit.SECONDS.toMillis(60));
                assertFalse(thread.isAlive());
            }
            assertNull(failure.get());
            for (int p = 0; p < parties; p++)
            {
                assertTrue(allocated.get(p) < 8L * episodes, "participant " + p + " allocated " + allocated.get(p) +
                    " bytes in " + episodes + " episodes");
            }
            assertArrayEquals(new int[] {2 * episodes - 1, 2 * episodes - 1},
                new int[] {barrier.arrivedEpisode(0), barrier.arrivedEpisode(1)});
        }
    }

    private static int[] range(final int n)
    {
        final int[] all = new int[n];
        for (int i = 0; i < n; i++)
        {
            all[i] = i;
        }
        return all;
    }
}
