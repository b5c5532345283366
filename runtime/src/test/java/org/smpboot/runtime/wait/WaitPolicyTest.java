package org.smpboot.runtime.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.Test;

/** The policy picks its idling from the contenders against the processors; the backoff's phases and progress. */
class WaitPolicyTest
{
    @Test
    void contendersThatFitTheProcessorsSpinMoreDoNot()
    {
        final WaitPolicy defaults = WaitPolicy.defaults();
        final WaitPolicy.Idle dedicated = defaults.forContenders(WaitPolicy.CORES).idle();
        final WaitPolicy.Idle oversubscribed = defaults.forContenders(WaitPolicy.CORES + 1).idle();
        assertNotSame(dedicated, oversubscribed);
        assertTrue(dedicated.spins > oversubscribed.spins, "spins only while there are processors to spare");
        assertSame(oversubscribed, defaults.idle(), "unknown contenders are idled as many");
        assertSame(dedicated, defaults.forContenders(1).forContenders(64).idle(), "the first count wins");
    }

    @Test
    void aDynamicCountIsAskedAtEachWait()
    {
        final AtomicInteger counted = new AtomicInteger(0);
        final WaitPolicy policy = WaitPolicy.defaults().forContenders(counted::get);
        final WaitPolicy.Idle oversubscribed = WaitPolicy.defaults().forContenders(WaitPolicy.CORES + 1).idle();
        final WaitPolicy.Idle dedicated = WaitPolicy.defaults().forContenders(1).idle();
        assertSame(oversubscribed, policy.idle(), "0: unknown");
        counted.set(WaitPolicy.CORES);
        assertSame(dedicated, policy.idle());
        counted.set(WaitPolicy.CORES + 1);
        assertSame(oversubscribed, policy.idle());
        assertSame(dedicated, WaitPolicy.defaults().forContenders(1).forContenders(counted::get).idle(),
            "a fixed count is kept");
        assertTrue(policy.toString().contains("for the waiters counted so far"), policy.toString());
    }

    @Test
    void theBackoffSpinsThenYieldsThenParksAndProgressStartsItOver()
    {
        final BoundedWaitTest.SteppingClock clock = new BoundedWaitTest.SteppingClock(1);
        final Backoff b = new Backoff().configure(new WaitPolicy.Idle(2, 3, 0, 1000, 4000, null), clock);
        final List<String> phases = new ArrayList<>();
        for (int i = 0; i < 7; i++)
        {
            phases.add(b.nextPhase());
            b.idle();
        }
        assertEquals(List.of("spin", "spin", "yield", "yield", "yield", "park", "park"), phases);
        b.idle(1); // work seen: start over
        assertEquals("spin", b.nextPhase());
    }

    @Test
    void theYieldPhaseLastsItsTimeBudgetOnThePolicysClock()
    {
        // a 100 ns budget from the first yield, on a clock the test moves by 30 ns per round
        final BoundedWaitTest.SteppingClock clock = new BoundedWaitTest.SteppingClock(0);
        final Backoff b = new Backoff().configure(new WaitPolicy.Idle(0, 0, 100, 1000, 1000, null), clock);
        final List<String> phases = new ArrayList<>();
        for (long t = 0; t <= 150; t += 30)
        {
            clock.now = t;
            phases.add(b.nextPhase());
            b.idle();
        }
        assertEquals(List.of("yield", "yield", "yield", "yield", "park", "park"), phases);
    }

    @Test
    void aYieldBudgetAfterCountedYieldsRunsFromThisWaitsFirstYield()
    {
        // 2 counted yields, then yields while under 100 ns since the first one: the budget must not run from an earlier
        // wait's first yield (the same thread's backoff is re-armed per wait)
        final BoundedWaitTest.SteppingClock clock = new BoundedWaitTest.SteppingClock(0);
        final WaitPolicy.Idle idle = new WaitPolicy.Idle(0, 2, 100, 1000, 1000, null);
        final Backoff b = new Backoff().configure(idle, clock);
        clock.now = 5;
        b.idle(); // an earlier wait's first yield, at 5
        b.configure(idle, clock);
        final List<String> phases = new ArrayList<>();
        for (long t = 1000; t <= 1150; t += 30)
        {
            clock.now = t;
            phases.add(b.nextPhase());
            b.idle();
        }
        assertEquals(List.of("yield", "yield", "yield", "yield", "park", "park"), phases);
    }

    @Test
    void aBackoffWithAYieldBudgetSaysSoAndRejectsANegativeOne()
    {
        final WaitPolicy policy = WaitPolicy.backoff(10, 5, 50_000, 1000, 1_000_000, TimeUnit.SECONDS.toNanos(1));
        assertEquals(50_000, policy.idle().yieldNs);
        assertTrue(policy.toString().contains("or 50000 ns of yields"), policy.toString());
        assertEquals(0, WaitPolicy.backoff(10, 5, 1000, 1_000_000, TimeUnit.SECONDS.toNanos(1)).idle().yieldNs);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> WaitPolicy.backoff(10, 5, -1, 1000, 1_000_000, TimeUnit.SECONDS.toNanos(1)));
        assertTrue(e.getMessage().contains("yield time >= 0"), e.getMessage());
    }

    @Test
    void aWaitReportsProgressToItsBackoff()
    {
        final BoundedWaitTest.SteppingClock clock = new BoundedWaitTest.SteppingClock(1);
        final WaitPolicy policy = WaitPolicy.backoff(1, 1, 1000, 1000, TimeUnit.HOURS.toNanos(1)).withClock(clock);
        final BoundedWait wait = BoundedWait.begin(policy, (c, w) -> new IllegalStateException(), 0);
        wait.idle(); // spin
        wait.idle(); // yield
        final int readsBefore = clock.reads;
        wait.progress();
        wait.idle(); // spins again: no check round while spinning
        assertEquals(readsBefore, clock.reads, "back in the spin phase");
        wait.end();
    }

    @Test
    void theDefaultsAreTheDocumentedFiguresOnTheSystemClock()
    {
        final WaitPolicy d = WaitPolicy.defaults();
        assertEquals(WaitPolicy.DEFAULT_TIMEOUT_NS, d.timeoutNs());
        // 10 s, unless this JVM was started with the override (PIT's minions are)
        assertEquals(TimeUnit.MILLISECONDS.toNanos(MillisProperty.read(WaitPolicy.TIMEOUT_PROPERTY, 10_000)),
            d.timeoutNs());
        final long ms = TimeUnit.NANOSECONDS.toMillis(d.timeoutNs());
        assertSame(SystemNanoClock.INSTANCE, d.clock());
        assertIdle(d.forContenders(1).idle(), 2000, 100, 0, 1000, 1_000_000);
        assertIdle(d.idle(), 0, 5, 50_000, 1000, 1_000_000); // shared processors: no spin, yields as long as a park
        assertEquals("adaptive(<= " + WaitPolicy.CORES + " waiters: 2000 spins, 100 yields; more: 0 spins, 5 yields or " +
            "50 us of yields; park 1 us..1 ms), timeout " + ms + " ms", d.toString());
        assertEquals("adaptive(<= " + WaitPolicy.CORES + " waiters: 2000 spins, 100 yields; more: 0 spins, 5 yields or " +
            "50 us of yields; park 1 us..1 ms) for 3 waiters, timeout " + ms + " ms", d.forContenders(3).toString());
    }

    @Test
    void theFixedPoliciesIdleAsTheirNamesSay()
    {
        final WaitPolicy spin = WaitPolicy.busySpin(5_000_000);
        assertIdle(spin.idle(), Long.MAX_VALUE, 0, 0, 1, 1);
        assertEquals("busy-spin, timeout 5 ms", spin.toString());
        final WaitPolicy yielding = WaitPolicy.yielding(7_000_000);
        assertIdle(yielding.idle(), 0, Long.MAX_VALUE, 0, 1, 1);
        assertEquals("yielding, timeout 7 ms", yielding.toString());
        final WaitPolicy backoff = WaitPolicy.backoff(3, 4, 1000, 8000, 2_000_000);
        assertIdle(backoff.idle(), 3, 4, 0, 1000, 8000);
        assertEquals("backoff(3 spins, 4 yields, park 1000..8000 ns), timeout 2 ms", backoff.toString());
        assertEquals(2_000_000, backoff.timeoutNs());
        assertEquals("backoff(3 spins, 4 yields, park 1000..8000 ns) for 1 waiters, timeout 2 ms",
            backoff.forContenders(1).toString());
        assertSame(backoff.idle(), backoff.forContenders(64).idle());
    }

    @Test
    void aBackoffRejectsEachBadFigureAndAcceptsTheLeastGoodOnes()
    {
        final WaitPolicy least = WaitPolicy.backoff(0, 0, 0, 1, 1, 1);
        assertIdle(least.idle(), 0, 0, 0, 1, 1);
        assertEquals(1, least.timeoutNs());
        for (final long[] bad : new long[][] {{-1, 0, 0, 1, 1}, {0, -1, 0, 1, 1}, {0, 0, -1, 1, 1}, {0, 0, 0, 0, 1},
            {0, 0, 0, 2, 1}})
        {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WaitPolicy.backoff(bad[0], bad[1], bad[2], bad[3], bad[4], 1));
            assertEquals("backoff needs spins >= 0, yields >= 0, yield time >= 0 and 1 <= minPark <= maxPark; got " +
                bad[0] + ", " + bad[1] + ", " + bad[2] + ", " + bad[3] + ", " + bad[4], e.getMessage());
        }
    }

    @Test
    void aTimeoutMustBePositiveAndWithTimeoutKeepsEverythingElse()
    {
        for (final long bad : new long[] {0, -1})
        {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WaitPolicy.defaults().withTimeout(bad));
            assertEquals("wait timeout must be positive, got " + bad + " ns", e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> WaitPolicy.busySpin(0));
        final BoundedWaitTest.SteppingClock clock = new BoundedWaitTest.SteppingClock(1);
        final WaitPolicy p = WaitPolicy.defaults().forContenders(1).withClock(clock).withTimeout(1);
        assertEquals(1, p.timeoutNs());
        assertSame(clock, p.clock(), "the clock kept");
        assertEquals(WaitPolicy.defaults().forContenders(1).idle().spins, p.idle().spins, "the contenders kept");
        assertTrue(p.toString().contains(" for 1 waiters, timeout 0 ms"), p.toString());
        final WaitPolicy q = p.withTimeout(3, TimeUnit.SECONDS);
        assertEquals(3_000_000_000L, q.timeoutNs());
        assertSame(clock, q.clock());
        final WaitPolicy r = q.withClock(SystemNanoClock.INSTANCE);
        assertEquals(3_000_000_000L, r.timeoutNs(), "withClock keeps the bound");
        assertEquals("adaptive(<= " + WaitPolicy.CORES + " waiters: 2000 spins, 100 yields; more: 0 spins, 5 yields or " +
            "50 us of yields; park 1 us..1 ms) for 1 waiters, timeout 3000 ms", r.toString(), "and the name and contenders");
        final AtomicInteger n = new AtomicInteger(1);
        final WaitPolicy dyn = WaitPolicy.defaults().forContenders(n::get).withTimeout(5).withClock(clock);
        assertTrue(dyn.toString().endsWith(" for the waiters counted so far, timeout 0 ms"), dyn.toString());
        assertSame(WaitPolicy.defaults().forContenders(1).idle(), dyn.idle(), "the supplier kept");
        n.set(WaitPolicy.CORES + 1);
        assertSame(WaitPolicy.defaults().idle(), dyn.idle());
    }

    @Test
    void contendersAreSetOnceAndOnlyByAPositiveCount()
    {
        final WaitPolicy d = WaitPolicy.defaults();
        assertSame(d, d.forContenders(0));
        assertSame(d, d.forContenders(-3));
        final WaitPolicy two = d.forContenders(2);
        assertSame(two, two.forContenders(5));
        assertSame(two, two.forContenders(() -> 1));
        final WaitPolicy dyn = d.forContenders(() -> 1);
        assertSame(dyn, dyn.forContenders(() -> 2));
        assertSame(dyn, dyn.forContenders(2));
        final NullPointerException e = assertThrows(NullPointerException.class,
            () -> d.forContenders((java.util.function.IntSupplier)null));
        assertEquals("waitersNow", e.getMessage());
        assertSame(d.idle(), d.forContenders(() -> -1).idle(), "a negative count is unknown: many");
        assertSame(d.forContenders(1).idle(), d.forContenders(() -> 1).idle());
        assertSame(d.forContenders(1).idle(), d.forContenders(WaitPolicy.CORES).idle(), "all the cores: dedicated");
        final WaitPolicy fixed = WaitPolicy.backoff(1, 1, 1, 1, 1).forContenders(() ->
        {
            throw new AssertionError("a policy with one idling must not read the count");
        });
        assertEquals(1, fixed.idle().spins);
        final NullPointerException c = assertThrows(NullPointerException.class, () -> d.withClock(null));
        assertEquals("clock", c.getMessage());
    }

    @Test
    void aCustomPolicyHandsOutTheCallersStrategyBehindAnInterruptCheck()
    {
        final List<String> calls = new ArrayList<>();
        final WaitPolicy p = WaitPolicy.custom("mine", () -> new RecordingIdle(calls, "mine-alias"), 4_000_000);
        assertEquals("mine, timeout 4 ms", p.toString());
        assertEquals(4_000_000, p.timeoutNs());
        final IdleStrategy s = p.newIdleStrategy();
        s.idle(3);
        s.idle();
        s.reset();
        assertEquals("mine-alias", s.alias());
        assertEquals(List.of("idle(3)", "idle", "reset"), calls);
        Thread.currentThread().interrupt();
        try
        {
            final WaitInterruptedException e = assertThrows(WaitInterruptedException.class, s::idle);
            assertEquals("interrupted while waiting (mine, timeout 4 ms)", e.getMessage());
            assertTrue(Thread.currentThread().isInterrupted(), "status kept");
            assertThrows(WaitInterruptedException.class, () -> s.idle(0));
            assertEquals(List.of("idle(3)", "idle", "reset"), calls, "an interrupted round does not idle");
        }
        finally
        {
            Thread.interrupted();
        }
        final NullPointerException e = assertThrows(NullPointerException.class,
            () -> WaitPolicy.custom("x", null, 1));
        assertEquals("strategies", e.getMessage());
    }

    @Test
    void theBuiltInStrategyIsTheBackoffOfTheContendersIdling()
    {
        final BoundedWaitTest.SteppingClock clock = new BoundedWaitTest.SteppingClock(1);
        final IdleStrategy s = WaitPolicy.backoff(1, 1, 1000, 1000, 1_000_000).withClock(clock).newIdleStrategy();
        assertEquals("backoff", s.alias());
        s.idle(); // spin
        s.idle(); // yield
        s.idle(0); // park 1 us
        s.reset();
        s.idle();
        assertEquals(0, clock.reads, "no yield budget: the clock is not read");
        Thread.currentThread().interrupt();
        try
        {
            assertThrows(WaitInterruptedException.class, () -> s.idle(1));
        }
        finally
        {
            Thread.interrupted();
        }
        WaitPolicy.checkInterrupt(WaitPolicy.defaults());
    }

    private static void assertIdle(final WaitPolicy.Idle idle, final long spins, final long yields, final long yieldNs,
        final long minPark, final long maxPark)
    {
        assertEquals(spins, idle.spins, "spins");
        assertEquals(yields, idle.yields, "yields");
        assertEquals(yieldNs, idle.yieldNs, "yield ns");
        assertEquals(minPark, idle.minParkNs, "min park");
        assertEquals(maxPark, idle.maxParkNs, "max park");
        assertEquals(null, idle.custom);
    }

    /**
     * What {@link Backoff#idle()} itself does, not what {@code nextPhase} predicts: a park is seen as time (a lower bound,
     * which load only lengthens), a round that must not park as less time than one park (a bound of seconds).
     */
    private static long msOf(final Runnable rounds)
    {
        // an earlier interrupt of this thread left a park permit: a park would return at once; use it up first
        java.util.concurrent.locks.LockSupport.parkNanos(1);
        final long start = System.nanoTime();
        rounds.run();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static final long PARK_MS = 400;

    @Test
    void theRoundAfterTheLastYieldParksAndNoneBefore()
    {
        final long park = TimeUnit.MILLISECONDS.toNanos(PARK_MS);
        final Backoff b = new Backoff().configure(new WaitPolicy.Idle(2, 3, 0, park, park, null), () -> 0);
        assertTrue(msOf(() ->
        {
            for (int i = 0; i < 5; i++)
            {
                b.idle();
            }
        }) < PARK_MS, "2 spins and 3 yields do not park");
        assertTrue(msOf(b::idle) >= PARK_MS - 1, "the 6th round parks");
        b.reset();
        assertTrue(msOf(() -> b.idle(0)) < PARK_MS, "idle(0) is an idle round: a spin again after the reset");
    }

    @Test
    void idleWithoutWorkIdlesAndWithWorkStartsOver()
    {
        final long park = TimeUnit.MILLISECONDS.toNanos(PARK_MS);
        final Backoff b = new Backoff().configure(new WaitPolicy.Idle(0, 0, 0, park, park, null), () -> 0);
        assertTrue(msOf(() -> b.idle(0)) >= PARK_MS - 1, "no work: a park round");
        final Backoff c = new Backoff().configure(new WaitPolicy.Idle(1, 0, 0, park, park, null), () -> 0);
        c.idle(0); // the spin
        c.idle(1); // work: start over, no park
        assertTrue(msOf(() -> c.idle(0)) < PARK_MS, "after work, a spin again");
        assertEquals("park", c.nextPhase());
    }

    @Test
    void theParksDoubleUpToTheLongestFromTheFirstAfterConfigure()
    {
        final long min = TimeUnit.MILLISECONDS.toNanos(20);
        final long max = TimeUnit.MILLISECONDS.toNanos(80);
        final Backoff b = new Backoff().configure(new WaitPolicy.Idle(0, 0, 0, min, max, null), () -> 0);
        // 20 + 40 + 80 + 80 + 80 = 300 ms; halving instead would take under 40 ms
        assertTrue(msOf(() ->
        {
            for (int i = 0; i < 5; i++)
            {
                b.idle();
            }
        }) >= 299, "parks of 20, 40, 80, 80, 80 ms");
    }

    @Test
    void theYieldBudgetEndsExactlyWhenItIsSpent()
    {
        final long park = TimeUnit.MILLISECONDS.toNanos(PARK_MS);
        final BoundedWaitTest.SteppingClock clock = new BoundedWaitTest.SteppingClock(0);
        final Backoff b = new Backoff().configure(new WaitPolicy.Idle(0, 0, 100, park, park, null), clock);
        assertTrue(msOf(() ->
        {
            for (final long t : new long[] {1000, 1050, 1099})
            {
                clock.now = t;
                b.idle();
            }
        }) < PARK_MS, "yields while less than 100 ns have passed since the first yield");
        clock.now = 1100;
        assertEquals("park", b.nextPhase(), "100 ns passed: the budget is spent");
        assertTrue(msOf(b::idle) >= PARK_MS - 1, "and idle parks");
    }

    @Test
    void nextPhaseReadsTheBudgetFromTheFirstYieldNotFromZero()
    {
        final BoundedWaitTest.SteppingClock clock = new BoundedWaitTest.SteppingClock(0);
        final Backoff b = new Backoff().configure(new WaitPolicy.Idle(0, 0, 100, 1, 1, null), clock);
        final List<String> phases = new ArrayList<>();
        for (final long t : new long[] {1000, 1050, 1099, 1100})
        {
            clock.now = t;
            phases.add(b.nextPhase());
            if (t < 1100)
            {
                b.idle();
            }
        }
        assertEquals(List.of("yield", "yield", "yield", "park"), phases);
    }
}
