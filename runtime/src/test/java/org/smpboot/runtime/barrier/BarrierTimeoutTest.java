package org.smpboot.runtime.barrier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.region.SharedRegion;
import org.smpboot.runtime.wait.WaitTimeoutException;

/**
 * Timed waits that expire name exactly the missing participants, then the barrier is broken as documented: every later
 * await fails fast, until initialize() re-arms it.
 */
class BarrierTimeoutTest
{
    private static final int PARTIES = 7;
    private static final int[] ABSENT = {2, 5};
    private static final int COMPLETE_EPISODES = 3;

    static BarrierKind[] kinds()
    {
        return BarrierKind.values();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void expiredWaitNamesExactlyTheMissingThenTheBarrierIsBroken(final BarrierKind kind) throws Exception
    {
        final int barrierLength = kind.footprint(PARTIES);
        try (SharedRegion region = SharedRegion.allocate(barrierLength + EpisodeChecker.countersLength(PARTIES)))
        {
            region.fill(Fill.X5A);
            final Barrier barrier = kind.create(region.buffer(), 0, PARTIES, BarrierEpisodeTest.POLICY);
            barrier.initialize();
            final EpisodeChecker checker = new EpisodeChecker(barrier, region.buffer(), barrierLength);
            checker.initialize();
            assertNull(checker.run(range(PARTIES), COMPLETE_EPISODES, 1, 60_000));

            // episode 3: everyone but 2 and 5 arrives, with a short bound
            final List<Integer> present = new ArrayList<>();
            for (int p = 0; p < PARTIES; p++)
            {
                if (p != ABSENT[0] && p != ABSENT[1])
                {
                    present.add(p);
                }
            }
            final AtomicReferenceArray<Throwable> outcomes = new AtomicReferenceArray<>(PARTIES);
            final List<Thread> threads = new ArrayList<>();
            for (final int p : present)
            {
                final Thread thread = new Thread(() ->
                {
                    try
                    {
                        barrier.await(p, 300, TimeUnit.MILLISECONDS);
                        outcomes.set(p, new AssertionError("participant " + p + " passed an incomplete episode"));
                    }
                    catch (final Throwable t)
                    {
                        outcomes.set(p, t);
                    }
                });
                thread.setDaemon(true);
                thread.start();
                threads.add(thread);
            }
            for (final Thread thread : threads)
            {
                thread.join(30_000);
                assertFalse(thread.isAlive(), "a waiter outlived its bound");
            }

            int timeouts = 0;
            for (final int p : present)
            {
                final Throwable outcome = outcomes.get(p);
                if (outcome instanceof BarrierTimeoutException)
                {
                    final BarrierTimeoutException timeout = (BarrierTimeoutException)outcome;
                    timeouts++;
                    assertArrayEquals(ABSENT, timeout.missing(), timeout.getMessage());
                    assertEquals(COMPLETE_EPISODES, timeout.episode(), timeout.getMessage());
                    assertEquals(p, timeout.waiter());
                    assertEquals(barrier.name(), timeout.barrier());
                    assertTrue(timeout.getMessage().contains("not arrived: [2, 5] (2 of 7)"), timeout.getMessage());
                    assertTrue(timeout.getMessage().contains("episode 3"), timeout.getMessage());
                    assertTrue(timeout.getMessage().contains(barrier.name()), timeout.getMessage());
                }
                else if (outcome instanceof BarrierBrokenException)
                {
                    assertEquals(COMPLETE_EPISODES, ((BarrierBrokenException)outcome).brokenEpisode(),
                        outcome.getMessage());
                }
                else
                {
                    fail("participant " + p + ": unexpected outcome", outcome);
                }
            }
            assertTrue(timeouts >= 1, "no waiter reported a timeout");
            assertTrue(barrier.isBroken());

            // documented behaviour: broken in shared memory, later awaits fail fast (no wait, not a timeout)
            for (final int p : new int[] {ABSENT[0], present.get(0)})
            {
                final BarrierBrokenException broken = assertThrows(
                    BarrierBrokenException.class, () -> barrier.await(p, 1, TimeUnit.HOURS));
                assertEquals(COMPLETE_EPISODES, broken.brokenEpisode(), broken.getMessage());
                assertTrue(broken.getMessage().contains("initialize()"), broken.getMessage());
            }
            // one catch clause covers both failures
            assertThrows(WaitTimeoutException.class, () -> barrier.await(0));

            // a second view over the same memory sees the same broken state: it lives in the buffer
            final Barrier otherView = kind.wrap(region.buffer(), 0, BarrierEpisodeTest.POLICY);
            assertTrue(otherView.isBroken());

            barrier.initialize();
            assertFalse(barrier.isBroken());
            checker.initialize();
            assertNull(checker.run(range(PARTIES), 100, 2, 60_000));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void loneWaiterNamesEveryoneElse(final BarrierKind kind)
    {
        final int parties = 3;
        try (SharedRegion region = SharedRegion.allocate(kind.footprint(parties)))
        {
            region.fill(Fill.random(3));
            final Barrier barrier = kind.create(region.buffer(), 0, parties, BarrierEpisodeTest.POLICY);
            barrier.initialize();

            final BarrierTimeoutException timeout = assertThrows(
                BarrierTimeoutException.class, () -> barrier.await(1, 50, TimeUnit.MILLISECONDS));

            assertArrayEquals(new int[] {0, 2}, timeout.missing(), timeout.getMessage());
            assertEquals(0, timeout.episode());
            assertTrue(timeout.waitedNs() >= TimeUnit.MILLISECONDS.toNanos(50), timeout.getMessage());
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
