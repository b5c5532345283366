package org.smpboot.runtime.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.NanoClock;
import org.junit.jupiter.api.Test;

/** What a {@link DeadlineAware} idle strategy hears from a {@link BoundedWait}: by when its waiter must look again. */
class BoundedWaitDeadlineTest
{
    /** A clock the test sets. */
    static final class ManualClock implements NanoClock
    {
        long now;

        @Override
        public long nanoTime()
        {
            return now;
        }
    }

    /** Records its idles and the deadlines it is told. */
    static final class DeadlineIdle extends RecordingIdle implements DeadlineAware
    {
        final List<String> calls;

        DeadlineIdle(final List<String> calls)
        {
            super(calls, "deadline");
            this.calls = calls;
        }

        @Override
        public void lookBy(final long nanoTime)
        {
            calls.add("lookBy(" + nanoTime + ")");
        }
    }

    private static final long TIMEOUT = 50_000_000;
    private static final long MS = 1_000_000;

    private final ManualClock clock = new ManualClock();
    private final List<String> calls = new ArrayList<>();
    private final DeadlineIdle idle = new DeadlineIdle(calls);
    private final List<Long> checks = new ArrayList<>();

    private WaitPolicy policy(final long timeoutNs)
    {
        return WaitPolicy.custom("deadline", () -> idle, timeoutNs).withClock(clock);
    }

    private Awaited awaited(final long lookEveryNs)
    {
        return new Awaited()
        {
            @Override
            public void checkLiveness(final long context, final long waitedNs)
            {
                checks.add(waitedNs);
            }

            @Override
            public long lookEveryNs()
            {
                return lookEveryNs;
            }

            @Override
            public RuntimeException timedOut(final long context, final long waitedNs)
            {
                return new IllegalStateException("timed out after " + waitedNs);
            }
        };
    }

    @Test
    void aWaitOnWordsOnlyIsToldItsBoundAndTheWaitersOwnDeadlineForOneRoundOnly()
    {
        clock.now = 1_000;
        final BoundedWait wait = BoundedWait.begin(policy(TIMEOUT), awaited(0), 0);
        wait.idle();
        wait.lookBy(7_000);
        wait.idle();
        wait.idle();
        wait.lookBy(TIMEOUT * 2); // later than the bound: the bound wins
        wait.idle();
        wait.end();
        final long bound = 1_000 + TIMEOUT;
        assertEquals(List.of("reset", "lookBy(" + bound + ")", "idle", "lookBy(7000)", "idle", "lookBy(" + bound + ")",
            "idle", "lookBy(" + bound + ")", "idle"), calls);
    }

    @Test
    void aCheckThatWatchesTheTimeLooksAgainEachPeriodAndItsDeadlineMakesACheckRound()
    {
        final long ms = MS;
        final BoundedWait wait = BoundedWait.begin(policy(TIMEOUT), awaited(MS), 0);
        wait.idle(); // round 1: no check round by number
        clock.now = ms - 1;
        wait.idle(); // not yet
        clock.now = ms;
        wait.idle(); // the look's time has come: a check round, whatever the round's number
        clock.now = ms + ms / 2;
        wait.idle();
        wait.end();
        assertEquals(List.of(ms), checks);
        assertEquals(List.of("reset", "lookBy(" + ms + ")", "idle", "lookBy(" + ms + ")", "idle",
            "lookBy(" + 2 * ms + ")", "idle", "lookBy(" + 2 * ms + ")", "idle"), calls);
    }

    @Test
    void theBoundsTimeComesAsACheckRoundThatTimesOut()
    {
        final BoundedWait wait = BoundedWait.begin(policy(TIMEOUT), awaited(0), 0);
        wait.idle();
        clock.now = TIMEOUT;
        final IllegalStateException e = assertThrows(IllegalStateException.class, wait::idle);
        assertEquals("timed out after " + TIMEOUT, e.getMessage());
    }

    @Test
    void aZeroBoundEndsAtTheFirstIdleRoundBeforeTheStrategyIdles()
    {
        // the bound's time (start + 0) has come at once: the first round is a check round by time, not the 16th by
        // number, and the strategy is never told a deadline nor idled
        clock.now = 1_000;
        final BoundedWait wait = BoundedWait.begin(policy(TIMEOUT), 0, awaited(0), 0); // a wait's own bound
        final IllegalStateException e = assertThrows(IllegalStateException.class, wait::idle);
        assertEquals("timed out after 0", e.getMessage());
        assertEquals(List.of(0L), checks);
        assertEquals(List.of("reset"), calls);
    }

    @Test
    void aBoundWithoutEndSaturatesInsteadOfWrapping()
    {
        clock.now = 5;
        final BoundedWait wait = BoundedWait.begin(policy(Long.MAX_VALUE), awaited(0), 0);
        wait.idle();
        wait.end();
        assertEquals(List.of("reset", "lookBy(" + Long.MAX_VALUE + ")", "idle"), calls);
    }
}
