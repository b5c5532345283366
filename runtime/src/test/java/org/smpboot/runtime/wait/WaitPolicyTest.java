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
}
