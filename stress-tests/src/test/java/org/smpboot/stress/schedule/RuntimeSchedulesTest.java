package org.smpboot.stress.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

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
 *
 * <p>A factory's scenarios are explored at once, one {@link Explorer} per host core, each scenario whole on one of them
 * (so each report, its schedule count included, is the one a lone explorer gives: the search and its pruning are
 * per scenario), the costliest first: an explorer runs one scenario thread at a time, so it keeps one core busy.
 */
class RuntimeSchedulesTest
{
    private static final Explorer EXPLORER = new Explorer();
    /** Explorers at once: one per host core, at most one per scenario. */
    private static final int EXPLORERS = Runtime.getRuntime().availableProcessors();
    /** Bound of the wait for one scenario's report: far above the slowest (under 3 min alone on this 2-core host). */
    private static final long REPORT_TIMEOUT_MINUTES = 30;

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

    /**
     * Starts exploring every scenario, costliest first, on {@link #EXPLORERS} threads with an explorer each, and returns
     * one test per scenario, in the list's order, that waits (bounded) for its report and checks it.
     */
    private static List<DynamicTest> check(final List<Scenario> scenarios, final int bound)
    {
        final int threads = Math.min(EXPLORERS, scenarios.size());
        final AtomicInteger ids = new AtomicInteger();
        final ExecutorService explorers = Executors.newFixedThreadPool(threads, task ->
        {
            final Thread t = new Thread(task, "explorer-" + ids.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
        final List<Future<Report>> reports = new ArrayList<>();
        for (int i = 0; i < scenarios.size(); i++)
        {
            reports.add(null);
        }
        final List<Integer> costliestFirst = new ArrayList<>();
        for (int i = 0; i < scenarios.size(); i++)
        {
            costliestFirst.add(i);
        }
        costliestFirst.sort(Comparator.comparingInt(i -> -cost(scenarios.get(i))));
        for (final int i : costliestFirst)
        {
            final Scenario s = scenarios.get(i);
            reports.set(i, explorers.submit(() ->
            {
                try (Explorer explorer = new Explorer())
                {
                    return explorer.explore(s, bound, false);
                }
            }));
        }
        explorers.shutdown();
        final List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < scenarios.size(); i++)
        {
            final Scenario s = scenarios.get(i);
            final Future<Report> report = reports.get(i);
            tests.add(DynamicTest.dynamicTest(s.name() + ", bound " + bound, () ->
            {
                final Report r = await(report, s, bound);
                System.out.println("schedules: " + r.summary());
                assertEquals(0, r.violations(), r.summary());
                assertTrue(r.complete() && r.executions() > 1, r.summary());
            }));
        }
        return tests;
    }

    /**
     * The order in which to start the explorations, so that the explorers end together: the barriers whose every
     * arrival order is a distinct state first (3 threads, 2 preemptions: dissemination and centralized take 1.5 to 3 min
     * each alone, every other scenario under 15 s), then the rest. A wrong guess costs time only, never coverage.
     */
    private static int cost(final Scenario s)
    {
        if (s instanceof BarrierScenario b)
        {
            return switch (b.kind())
            {
                case DISSEMINATION -> 4;
                case CENTRALIZED -> 3;
                default -> 1;
            };
        }
        return s instanceof ElectionScenario ? 2 : 0;
    }

    private static Report await(final Future<Report> report, final Scenario s, final int bound) throws Exception
    {
        try
        {
            return report.get(REPORT_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        }
        catch (final TimeoutException e)
        {
            report.cancel(true);
            throw new AssertionError("the exploration of '" + s.name() + "' at bound " + bound + " gave no report " +
                "within " + REPORT_TIMEOUT_MINUTES + " min", e);
        }
        catch (final ExecutionException e)
        {
            if (e.getCause() instanceof Exception x)
            {
                throw x;
            }
            throw new AssertionError("the exploration of '" + s.name() + "' failed", e.getCause());
        }
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
