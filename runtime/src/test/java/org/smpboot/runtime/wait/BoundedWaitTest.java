package org.smpboot.runtime.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class BoundedWaitTest
{
    /** A clock that moves only when read: {@code step} nanoseconds per read. */
    static final class SteppingClock implements NanoClock
    {
        final long step;
        long now;
        int reads;

        SteppingClock(final long step)
        {
            this.step = step;
        }

        @Override
        public long nanoTime()
        {
            reads++;
            return now += step;
        }
    }

    private static final Awaited NEVER = (context, waitedNs) -> new IllegalStateException("not expected to time out");

    @Test
    void aCountThatGrowsPastTheCoresDuringALongWaitEndsItsSpinningFromItsRound256()
    {
        final AtomicInteger counted = new AtomicInteger(1);
        final WaitPolicy policy = WaitPolicy.defaults().forContenders(counted::get).withClock(new SteppingClock(1));
        final BoundedWait wait = BoundedWait.begin(policy, NEVER, 0);
        final int lastEarlyCheck = BoundedWait.CHECK_EVERY_ROUND_AFTER - BoundedWait.CHECK_MASK - 1; // round 240
        for (int i = 1; i < lastEarlyCheck; i++)
        {
            wait.idle();
        }
        counted.set(WaitPolicy.CORES + 1);
        wait.idle(); // round 240: a check round, too early to read the count again
        assertEquals("spin", wait.nextPhase(), "1 waiter counted at the wait's start: it spins");
        for (int i = lastEarlyCheck; i < BoundedWait.CHECK_EVERY_ROUND_AFTER; i++)
        {
            wait.idle(); // the last, round 256: the count is read again, then the round idles as many idle
        }
        assertEquals("yield", wait.nextPhase(), "more waiters than cores: no more spins, yields first");
        wait.end();
    }

    @Test
    void aConditionAlreadyTrueReturnsWithoutReadingTheClock()
    {
        final SteppingClock clock = new SteppingClock(1);
        final WaitPolicy policy = WaitPolicy.defaults().withClock(clock);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        buffer.putLong(8, 42);
        assertEquals(42, BoundedWait.untilWord(policy, buffer, 8, 42, NEVER));
        BoundedWait.until(policy, () -> true, NEVER);
        assertEquals(0, clock.reads);
    }

    @Test
    void theBoundIsMeasuredOnTheInjectedClockAndTheErrorNamesStageWordSeenAndAwaited()
    {
        // 1 ms per clock read, a 40 ms bound: the wait gives up after ~40 reads however fast the host spins
        final SteppingClock clock = new SteppingClock(TimeUnit.MILLISECONDS.toNanos(1));
        final WaitPolicy policy = WaitPolicy.busySpin(TimeUnit.MILLISECONDS.toNanos(40)).withClock(clock);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        buffer.putLong(16, 3);
        final WaitTimeoutException e = assertThrows(WaitTimeoutException.class, () -> BoundedWait.untilWord(
            policy, buffer, 16, 7, Awaited.word("cpu 2: await start_bar", "start_bar @16", 7, Long::toString)));
        assertEquals("cpu 2: await start_bar: timed out after 40 ms waiting for start_bar @16 to become 7; " +
            "last seen 3", e.getMessage());
        assertEquals("cpu 2: await start_bar", e.stage());
        assertEquals("start_bar @16", e.word());
        assertEquals(41, clock.reads, "one read at begin, then one per check round until 40 ms have passed");
    }

    @Test
    void aWordWrittenByAnotherThreadEndsTheWait() throws Exception
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        final WaitPolicy policy = WaitPolicy.defaults().forContenders(2).withTimeout(30, TimeUnit.SECONDS);
        final AtomicReference<Long> got = new AtomicReference<>();
        final Thread waiter = new Thread(() -> got.set(BoundedWait.untilWord(policy, buffer, 0, 5,
            Awaited.word("waiter", "w @0", 5, Long::toString))));
        waiter.start();
        buffer.putLongRelease(0, 4);
        buffer.putLongRelease(0, 5);
        waiter.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(waiter.isAlive());
        assertEquals(5L, got.get());
    }

    @Test
    void theLivenessCheckRunsWhileWaitingAndEndsTheWaitWithItsOwnError()
    {
        final AtomicInteger checks = new AtomicInteger();
        final Awaited dead = new Awaited()
        {
            @Override
            public void checkLiveness(final long context, final long waitedNs)
            {
                assertEquals(77, context);
                if (checks.incrementAndGet() == 3)
                {
                    throw new IllegalStateException("leader 5 is dead");
                }
            }

            @Override
            public RuntimeException timedOut(final long context, final long waitedNs)
            {
                return new IllegalStateException("timed out instead");
            }
        };
        final IllegalStateException e = assertThrows(IllegalStateException.class, () ->
        {
            final BoundedWait wait = BoundedWait.begin(WaitPolicy.yielding(TimeUnit.SECONDS.toNanos(30)), dead, 77);
            while (true)
            {
                wait.idle();
            }
        });
        assertEquals("leader 5 is dead", e.getMessage());
        assertEquals(3, checks.get(), "a yielding wait checks at every round");
        // the thread's next wait works normally
        final int[] polls = {0};
        BoundedWait.until(WaitPolicy.yielding(TimeUnit.SECONDS.toNanos(30)), () -> ++polls[0] > 3, NEVER);
        assertEquals(4, polls[0]);
    }

    @Test
    void aSpinningWaitChecksEverySixteenthRoundHoweverLongItSpins()
    {
        // a clock read each round past the 256th was most of a 2-CPU election's clock reads (its waits spin hundreds of
        // rounds while the other thread is scheduled)
        final SteppingClock clock = new SteppingClock(1);
        final WaitPolicy policy = WaitPolicy.busySpin(TimeUnit.HOURS.toNanos(1)).withClock(clock);
        final BoundedWait wait = BoundedWait.begin(policy, NEVER, 0);
        for (int round = 1; round <= 4096; round++)
        {
            wait.idle();
            assertEquals(1 + round / 16, clock.reads, "round " + round);
        }
        wait.end();
    }

    @Test
    void aWaitSaysWhetherItsNextRoundOnlySpins()
    {
        final SteppingClock clock = new SteppingClock(1);
        final BoundedWait spins = BoundedWait.begin(WaitPolicy.backoff(3, 2, 1, 1, TimeUnit.HOURS.toNanos(1))
            .withClock(clock), NEVER, 0);
        for (int round = 0; round < 3; round++)
        {
            assertTrue(spins.spinning(), "spin " + round);
            spins.idle();
        }
        assertFalse(spins.spinning(), "then it yields");
        spins.end();
        final BoundedWait custom = BoundedWait.begin(WaitPolicy.custom("spinning",
            org.agrona.concurrent.BusySpinIdleStrategy::new, TimeUnit.HOURS.toNanos(1)).withClock(clock), NEVER, 0);
        assertFalse(custom.spinning(), "a custom strategy's rounds are its own");
        custom.end();
    }

    @Test
    void aCustomStrategysWaitChecksEverySixteenthRoundThenEveryRoundPast256()
    {
        // a strategy of the caller's own may park on any round: this class cannot tell its spins from its parks
        final SteppingClock clock = new SteppingClock(1);
        final WaitPolicy policy = WaitPolicy.custom("spinning", org.agrona.concurrent.BusySpinIdleStrategy::new, TimeUnit.HOURS.toNanos(1))
            .withClock(clock);
        final BoundedWait wait = BoundedWait.begin(policy, NEVER, 0);
        for (int round = 1; round <= 256; round++)
        {
            wait.idle();
        }
        assertEquals(1 + 256 / 16, clock.reads);
        for (int round = 0; round < 10; round++)
        {
            wait.idle();
        }
        assertEquals(1 + 256 / 16 + 10, clock.reads);
        wait.end();
    }

    @Test
    void aBackoffWaitChecksEveryRoundOnceItStopsSpinning()
    {
        final SteppingClock clock = new SteppingClock(1);
        final WaitPolicy policy = WaitPolicy.backoff(4, 100, 1, 1, TimeUnit.HOURS.toNanos(1)).withClock(clock);
        final BoundedWait wait = BoundedWait.begin(policy, NEVER, 0);
        for (int round = 0; round < 4; round++)
        {
            wait.idle();
        }
        assertEquals(1, clock.reads, "spinning: no check in the first 4 rounds");
        for (int round = 0; round < 5; round++)
        {
            wait.idle(); // yielding now
        }
        assertEquals(1 + 5, clock.reads);
        wait.end();
    }

    @Test
    void anInterruptedWaiterLeavesWithItsStatusKept()
    {
        Thread.currentThread().interrupt();
        try
        {
            final WaitInterruptedException e = assertThrows(WaitInterruptedException.class,
                () -> BoundedWait.until(WaitPolicy.defaults(), () -> false, NEVER));
            assertTrue(e.getMessage().startsWith("interrupted while waiting (adaptive("), e.getMessage());
            assertTrue(Thread.currentThread().isInterrupted());
        }
        finally
        {
            Thread.interrupted();
        }
    }

    @Test
    void aWaitInsideALivenessCheckGetsItsOwnStateAndTheOuterWaitGoesOn()
    {
        final SteppingClock outerClock = new SteppingClock(TimeUnit.MILLISECONDS.toNanos(1));
        final AtomicInteger inner = new AtomicInteger();
        final Awaited outer = new Awaited()
        {
            @Override
            public void checkLiveness(final long context, final long waitedNs)
            {
                final int[] polls = {0};
                BoundedWait.until(WaitPolicy.yielding(TimeUnit.SECONDS.toNanos(30)), () -> ++polls[0] > 2, NEVER);
                inner.incrementAndGet();
            }

            @Override
            public RuntimeException timedOut(final long context, final long waitedNs)
            {
                return new WaitTimeoutException("outer", "w", "0", "1", waitedNs);
            }
        };
        final WaitTimeoutException e = assertThrows(WaitTimeoutException.class, () ->
        {
            final BoundedWait wait = BoundedWait.begin(
                WaitPolicy.yielding(TimeUnit.MILLISECONDS.toNanos(5)).withClock(outerClock), outer, 0);
            while (true)
            {
                wait.idle();
            }
        });
        assertTrue(e.getMessage().startsWith("outer: timed out after 5 ms"), e.getMessage());
        assertEquals(5, inner.get(), "one inner wait per check round of the outer one");
    }

    @Test
    void theSlowPathReusesTheThreadsWaitAndAllocatesNothing()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        final WaitPolicy policy = WaitPolicy.backoff(2, 2, 1, 1, TimeUnit.SECONDS.toNanos(30));
        final Awaited awaited = Awaited.word("w", "w @0", 0, Long::toString);
        final int[] countdown = {0};
        final BooleanSupplier thirdTime = () -> --countdown[0] <= 0;
        final Runnable slowWaits = () ->
        {
            for (int i = 0; i < 1000; i++)
            {
                countdown[0] = 3; // two misses, then the condition holds
                BoundedWait.until(policy, thirdTime, awaited);
                assertEquals(0, BoundedWait.untilWord(policy, buffer, 0, 0, awaited));
            }
        };
        slowWaits.run(); // warm up: the thread's instance and the JIT
        final BoundedWait first = BoundedWait.begin(policy, awaited, 0);
        first.end();
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long id = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(id);
        slowWaits.run();
        final long allocated = threads.getThreadAllocatedBytes(id) - before;
        // 1000 slow-path waits; a wait object or an idle strategy each would be >= 24 KB
        assertTrue(allocated < 4096, allocated + " bytes allocated by 1000 slow-path waits");
        final BoundedWait again = BoundedWait.begin(policy, awaited, 0);
        assertSame(first, again, "the thread's wait is reused");
        again.end();
    }

    @Test
    void aCustomPolicyIdlesThroughItsOwnStrategyResetAtEachWait()
    {
        final List<String> calls = new ArrayList<>();
        final IdleStrategy recording = new RecordingIdle(calls, "recording");
        final WaitPolicy policy = WaitPolicy.custom("recording", () -> recording, TimeUnit.SECONDS.toNanos(30));
        final int[] polls = {0};
        BoundedWait.until(policy, () -> ++polls[0] > 2, NEVER);
        assertEquals(List.of("reset", "idle", "idle"), calls);
    }

    @Test
    void aNewStepStartsTheCustomStrategyAfreshAndKeepsTheBound()
    {
        final List<String> calls = new ArrayList<>();
        final IdleStrategy recording = new RecordingIdle(calls, "recording");
        final WaitPolicy policy = WaitPolicy.custom("recording", () -> recording, TimeUnit.SECONDS.toNanos(30));
        final BoundedWait wait = BoundedWait.begin(policy, policy.timeoutNs(), NEVER, 1);
        wait.idle();
        wait.idle();
        wait.context(2); // the value last seen: the same step
        wait.idle();
        wait.step(3); // another word: the strategy's first round again
        wait.idle();
        wait.end();
        assertEquals(List.of("reset", "idle", "idle", "idle", "reset", "idle"), calls);
    }

    @Test
    void aTimeoutEndsTheArmedStateSoTheNextWaitReusesNothingStale()
    {
        final AtomicBoolean hold = new AtomicBoolean(true);
        final SteppingClock clock = new SteppingClock(TimeUnit.MILLISECONDS.toNanos(1));
        assertThrows(WaitTimeoutException.class, () -> BoundedWait.until(
            WaitPolicy.yielding(TimeUnit.MILLISECONDS.toNanos(3)).withClock(clock), () -> !hold.get(),
            (context, waitedNs) -> new WaitTimeoutException("s", "w", "held", "free", waitedNs)));
        final int[] polls = {0};
        BoundedWait.until(WaitPolicy.yielding(TimeUnit.SECONDS.toNanos(30)), () -> ++polls[0] > 3, NEVER);
        assertEquals(4, polls[0]);
    }

    @Test
    void aWordWaitEndsOnTheValueItsLivenessCheckSawChangeAndTellsTheLastSeenValue()
    {
        final SteppingClock clock = new SteppingClock(TimeUnit.MILLISECONDS.toNanos(1));
        final WaitPolicy policy = WaitPolicy.busySpin(TimeUnit.SECONDS.toNanos(1)).withClock(clock);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        buffer.putLong(8, 1);
        final List<Long> seen = new ArrayList<>();
        final long got = BoundedWait.untilWord(policy, buffer, 8, 3, new Awaited()
        {
            @Override
            public void checkLiveness(final long context, final long waitedNs)
            {
                seen.add(context);
                buffer.putLong(8, context + 1); // another CPU moves the word one step per check round
            }

            @Override
            public RuntimeException timedOut(final long context, final long waitedNs)
            {
                return new IllegalStateException("not expected to time out");
            }
        });
        assertEquals(3, got);
        assertEquals(List.of(1L, 2L), seen, "the liveness check gets the value last seen");
        final BoundedWait next = BoundedWait.begin(policy, NEVER, 0);
        assertEquals(0, next.waitedNs(), "the wait ended: the next one starts afresh");
        assertSame(policy, next.policy());
        next.end();
    }

    @Test
    void waitedNsIsTheTimeAtTheLastCheckRoundOnThePolicysClock()
    {
        final SteppingClock clock = new SteppingClock(5);
        final WaitPolicy policy = WaitPolicy.backoff(0, 1000, 1, 1, TimeUnit.SECONDS.toNanos(1)).withClock(clock);
        final BoundedWait wait = BoundedWait.begin(policy, NEVER, 0);
        assertEquals(0, wait.waitedNs());
        wait.idle(); // past spinning: a check round, one read 5 ns after the start
        assertEquals(5, wait.waitedNs());
        wait.idle();
        assertEquals(10, wait.waitedNs());
        wait.end();
        final BoundedWait again = BoundedWait.begin(policy, 10, NEVER, 0);
        again.idle(); // 5 ns
        assertThrows(IllegalStateException.class, again::idle, "its own bound of 10 ns, reached at the second round");
    }

    @Test
    void aYieldRoundReadsTheClockOnceItsCheckAndItsYieldBudgetShareTheRead()
    {
        // no spins, 2 counted yields, then yields for a budget of 1 ms: each round is a check round, and the budget
        // (read each round past the counted yields) takes the time the check read, as one read
        final SteppingClock clock = new SteppingClock(1_000);
        final WaitPolicy policy = WaitPolicy.backoff(0, 2, 1_000_000, 1_000, 1_000_000, 1_000_000_000).withClock(clock);
        final BoundedWait wait = BoundedWait.begin(policy, NEVER, 0);
        assertEquals(1, clock.reads, "at begin");
        for (int round = 1; round <= 10; round++)
        {
            wait.idle();
            assertEquals(1 + round, clock.reads, "round " + round);
        }
        assertEquals("yield", wait.nextPhase(), "still within the budget: 10 us of 1 ms");
        wait.end();
    }

    @Test
    void checkedNsIsTheLastCheckRoundsTimeWhileABuiltInPolicySpinsOrYieldsAndTheClockAfterAParkOrForACustomStrategy()
    {
        final SteppingClock clock = new SteppingClock(5);
        // 20 spins, 1 yield, then parks of 1 ns
        final BoundedWait wait = BoundedWait.begin(WaitPolicy.backoff(20, 1, 1, 1, 1_000_000_000).withClock(clock),
            NEVER, 0);
        assertEquals(5, wait.checkedNs(), "begin's read");
        for (int round = 1; round <= 15; round++)
        {
            wait.idle();
        }
        assertEquals(5, wait.checkedNs(), "spinning, no check round yet: begin's read, and no read of its own");
        wait.idle();
        assertEquals(10, wait.checkedNs(), "the 16th round's check read");
        assertEquals(2, clock.reads);
        for (int round = 17; round <= 21; round++)
        {
            wait.idle(); // spins 17 to 20, then a yield: every round once past spinning is a check round
        }
        assertEquals("park", wait.nextPhase());
        final long afterYield = wait.checkedNs();
        final int reads = clock.reads;
        assertEquals(afterYield, clock.now, "the yield round's check read, not a read of its own");
        wait.idle(); // a park
        assertEquals(reads + 1, clock.reads, "the park round's check");
        assertEquals(clock.now + 5, wait.checkedNs(), "after a park: the clock itself");
        wait.end();

        final SteppingClock custom = new SteppingClock(5);
        final BoundedWait own = BoundedWait.begin(
            WaitPolicy.custom("own", org.agrona.concurrent.BusySpinIdleStrategy::new, 1_000_000_000).withClock(custom),
            NEVER, 0);
        own.idle();
        assertEquals(custom.now + 5, own.checkedNs(), "a custom strategy's round may be long: the clock itself");
        own.end();
    }
}
