package org.smpboot.stress.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.smpboot.runtime.region.Fill;

/**
 * The runtime's classes, unchanged, under every schedule with at most 2 preemptions: the election boot of 2 and 3 CPUs,
 * the stack pool with 2 and 3 threads drawing and giving back, each barrier with 2 and 3 parties over 3 episodes.
 * Two threads at 2 preemptions run in the fast tier; three threads at 2 preemptions take minutes and are tagged slow
 * (three at 1 preemption for the election and the pools stay fast).
 */
class RuntimeSchedulesTest
{
    private static final Explorer EXPLORER = new Explorer();

    @AfterAll
    static void close()
    {
        EXPLORER.close();
    }

    static List<Scenario> scenarios(final int threads)
    {
        final List<Scenario> all = new ArrayList<>();
        all.add(new ElectionScenario(threads, Fill.X5A, 1));
        all.add(new ElectionScenario(threads, Fill.random(7), org.smpboot.runtime.boot.ElectionBoot.DEFAULT_INIT_STACKS));
        all.add(new StackPoolScenario(threads, threads - 1, 2, StackPoolScenario.Script.DRAW_RELEASE));
        all.add(new StackPoolScenario(threads, 1, 1, StackPoolScenario.Script.TERMINATE_CALL));
        for (final BarrierScenario.Kind kind : BarrierScenario.Kind.values())
        {
            all.add(new BarrierScenario(kind, threads, 3));
        }
        return all;
    }

    private static List<DynamicTest> check(final List<Scenario> scenarios, final int bound)
    {
        final List<DynamicTest> tests = new ArrayList<>();
        for (final Scenario s : scenarios)
        {
            tests.add(DynamicTest.dynamicTest(s.name() + ", bound " + bound, () ->
            {
                final Report r = EXPLORER.explore(s, bound, false);
                System.out.println("schedules: " + r.summary());
                assertEquals(0, r.violations(), r.summary());
                assertTrue(r.complete() && r.executions() > 1, r.summary());
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> twoThreadsUnderEveryScheduleWithTwoPreemptions()
    {
        return check(scenarios(2), 2);
    }

    @TestFactory
    List<DynamicTest> threeCpusAndThreeStackPoolThreadsWithOnePreemption()
    {
        return check(scenarios(3).subList(0, 4), 1);
    }

    @Tag("slow")
    @TestFactory
    List<DynamicTest> threeThreadsUnderEveryScheduleWithTwoPreemptions()
    {
        return check(scenarios(3), 2);
    }

    @Test
    void pruningExploredStatesLosesNoEndState()
    {
        final List<Scenario> all = scenarios(2);
        for (final Scenario s : List.of(all.get(0), all.get(3), all.get(4)))
        {
            final Report pruned = EXPLORER.explore(s, 2, false, true);
            final Report full = EXPLORER.explore(s, 2, false, false);
            assertEquals(full.ends(), pruned.ends(), pruned.summary() + " / " + full.summary());
            assertEquals(0, full.pruned());
            assertTrue(pruned.executions() <= full.executions(), pruned.summary() + " / " + full.summary());
        }
    }
}
