package org.smpboot.runtime.barrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.region.SharedRegion;
import org.smpboot.runtime.wait.TestBounds;
import org.smpboot.runtime.wait.WaitPolicy;

/** Every algorithm, 1 to 256 participants, many episodes with random delays, over memory that starts as garbage. */
class BarrierEpisodeTest
{
    static final WaitPolicy POLICY = TestBounds.defaults(20, TimeUnit.SECONDS);
    private static final int[] PARTIES = {1, 2, 3, 7, 64, 256};

    static List<Arguments> cases()
    {
        final List<Arguments> cases = new ArrayList<>();
        for (final BarrierKind kind : BarrierKind.values())
        {
            for (final int parties : PARTIES)
            {
                if (parties > 64 && TestBounds.shortened())
                {
                    continue; // PIT: 256 threads cost 15 s a mutant on 2 cores and reach no line the 64 do not
                }
                cases.add(Arguments.of(kind, parties));
            }
        }
        return cases;
    }

    /** Thousands of episodes for small N, fewer as N grows so that 256 threads on 2 cores stay within seconds. */
    static int episodes(final int parties)
    {
        return parties <= 3 ? 5000 : parties <= 7 ? 3000 : parties <= 64 ? 1000 : 200;
    }

    @ParameterizedTest(name = "{0} with {1} participants")
    @MethodSource("cases")
    void nobodyLeavesEarlyNobodyIsLeftBehindNobodyLaps(final BarrierKind kind, final int parties) throws Exception
    {
        final int barrierLength = kind.footprint(parties);
        try (SharedRegion region = SharedRegion.allocate(barrierLength + EpisodeChecker.countersLength(parties)))
        {
            region.fill(Fill.random(parties * 7919L + kind.ordinal()));
            final Barrier barrier = kind.create(region.buffer(), 0, parties, POLICY);
            barrier.initialize();
            final EpisodeChecker checker = new EpisodeChecker(barrier, region.buffer(), barrierLength);
            checker.initialize();
            final int episodes = episodes(parties);

            final Throwable failure = checker.run(IntStream.range(0, parties).toArray(), episodes, 42, 100_000);

            if (failure != null)
            {
                throw new AssertionError(failure.toString(), failure);
            }
            for (int p = 0; p < parties; p++)
            {
                assertEquals(episodes - 1, checker.counterOf(p), "counter of participant " + p);
                assertEquals(episodes - 1, barrier.arrivedEpisode(p), "arrival record of participant " + p);
            }
            assertFalse(barrier.isBroken());
        }
    }

    /** The checker itself must catch a barrier that does not wait; otherwise the test above could not fail. */
    @Test
    void checkerCatchesABarrierThatDoesNotWait() throws Exception
    {
        final int parties = 4;
        try (SharedRegion region = SharedRegion.allocate(EpisodeChecker.countersLength(parties)))
        {
            final Barrier noWait = new NoWaitBarrier(parties);
            final EpisodeChecker checker = new EpisodeChecker(noWait, region.buffer(), 0);
            checker.initialize();

            final Throwable failure = checker.run(new int[] {0, 1, 2, 3}, 2000, 7, 60_000);

            assertNotNull(failure, "a barrier that does not wait went unnoticed");
            assertTrue(failure.getMessage().contains("before participant") || failure.getMessage().contains("lapped"),
                failure.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void reinitializedBarrierRunsAgain(final BarrierKind kind) throws Exception
    {
        final int parties = 3;
        final int barrierLength = kind.footprint(parties);
        try (SharedRegion region = SharedRegion.allocate(barrierLength + EpisodeChecker.countersLength(parties)))
        {
            region.fill(Fill.XA5);
            final Barrier barrier = kind.create(region.buffer(), 0, parties, POLICY);
            for (int round = 0; round < 2; round++)
            {
                barrier.initialize();
                final EpisodeChecker checker = new EpisodeChecker(barrier, region.buffer(), barrierLength);
                checker.initialize();
                assertNull(checker.run(new int[] {0, 1, 2}, 300, round, 60_000));
                assertEquals(299, barrier.arrivedEpisode(2));
            }
        }
    }

    static BarrierKind[] kinds()
    {
        return BarrierKind.values();
    }

    /** A barrier that lets everyone through at once, after participant 0 dawdles: the checker must object. */
    private static final class NoWaitBarrier implements Barrier
    {
        private final int parties;
        private final int[] episodes;

        NoWaitBarrier(final int parties)
        {
            this.parties = parties;
            this.episodes = new int[parties];
            java.util.Arrays.fill(episodes, -1);
        }

        @Override
        public int parties()
        {
            return parties;
        }

        @Override
        public String name()
        {
            return "no-wait";
        }

        @Override
        public void await(final int participant)
        {
            episodes[participant]++;
            if (participant == 0)
            {
                java.util.concurrent.locks.LockSupport.parkNanos(100_000);
            }
        }

        @Override
        public void await(final int participant, final long timeout, final TimeUnit unit)
        {
            await(participant);
        }

        @Override
        public void initialize()
        {
        }

        @Override
        public int arrivedEpisode(final int participant)
        {
            return episodes[participant];
        }

        @Override
        public boolean isBroken()
        {
            return false;
        }
    }
}
