package org.smpboot.stress.schedule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Bounded-exhaustive schedule checking: runs a {@link Scenario} under every schedule with at most {@code bound}
 * preemptions (a stateless depth-first search over the scheduler's decisions, CHESS style), checks the scenario's
 * invariants after each, and reports the schedules that break them in a form a test can {@link #replay}.
 *
 * <p>The threads of the scenario are real threads of a pool this explorer keeps (one runs at a time); {@link #close()}
 * ends them.
 */
public final class Explorer implements AutoCloseable
{
    /** Violations kept in a report (the count is exact). */
    public static final int KEPT_VIOLATIONS = 5;

    private final Execution.Worker[] pool = new Execution.Worker[Execution.MAX_THREADS];
    private final long stallNs;

    /** An explorer whose executions fail when no decision is taken for {@link Execution#STALL_NS} (60 s). */
    public Explorer()
    {
        this(Execution.STALL_NS);
    }

    /** @param stallNs host time without a decision after which an execution is reported stuck. */
    Explorer(final long stallNs)
    {
        this.stallNs = stallNs;
    }

    /**
     * Explores every schedule of the scenario with at most {@code bound} preemptions.
     *
     * @param scenario    what to check.
     * @param bound       preemptions per schedule.
     * @param stopAtFirst stop at the first violation (a negative control), instead of counting them all.
     * @return the report.
     */
    public Report explore(final Scenario scenario, final int bound, final boolean stopAtFirst)
    {
        return explore(scenario, bound, stopAtFirst, true);
    }

    /**
     * As {@link #explore(Scenario, int, boolean)}, with the pruning of explored states on or off (off: every schedule
     * runs to its end; for showing that pruning loses no end state).
     *
     * @param scenario    what to check.
     * @param bound       preemptions per schedule.
     * @param stopAtFirst stop at the first violation.
     * @param prune       stop a schedule at a state the search already explored (when the scenario allows it).
     * @return the report.
     */
    public Report explore(final Scenario scenario, final int bound, final boolean stopAtFirst, final boolean prune)
    {
        final Execution.Worker[] workers = workers(scenario.threads());
        final long start = System.nanoTime();
        final List<Execution.Decision> path = new ArrayList<>();
        final List<Report.Violation> kept = new ArrayList<>();
        final VisitedStates visited = prune && scenario.sharesOnlyCheckedMemory() ? new VisitedStates() : null;
        final Set<Long> ends = new HashSet<>();
        long executions = 0;
        long pruned = 0;
        long violations = 0;
        long longest = 0;
        long decisions = 0;
        boolean complete = true;
        while (true)
        {
            final Execution ex = new Execution(workers, bound, path, null, null, visited, stallNs);
            final Scenario.Instance instance = scenario.newInstance(ex);
            final Ending ending = run(ex, instance);
            executions++;
            longest = Math.max(longest, ending.steps());
            decisions += ending.steps();
            if (ex.pruned())
            {
                pruned++;
            }
            final String problem = ex.pruned() ? null : problem(instance, ending, ex);
            if (!ex.pruned())
            {
                ends.add(ex.endHash());
            }
            if (problem != null)
            {
                violations++;
                if (kept.size() < KEPT_VIOLATIONS)
                {
                    kept.add(new Report.Violation(problem, ex.schedule(), ex.preemptions()));
                }
                if (stopAtFirst)
                {
                    complete = false;
                    break;
                }
            }
            int i = path.size() - 1;
            while (i >= 0 && !path.get(i).next())
            {
                i--;
            }
            if (i < 0)
            {
                break;
            }
            path.subList(i + 1, path.size()).clear();
        }
        return new Report(scenario.name(), bound, executions, pruned, ends.size(), violations, List.copyOf(kept),
            longest, decisions, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), complete);
    }

    /**
     * Runs the scenario once under {@code schedule}.
     *
     * @param scenario what to run.
     * @param schedule the interleaving, as a report printed it.
     * @param trace    record every event.
     * @return what happened.
     */
    public Replay replay(final Scenario scenario, final Schedule schedule, final boolean trace)
    {
        final List<String> events = trace ? new ArrayList<>() : null;
        final Execution ex = new Execution(workers(scenario.threads()), Integer.MAX_VALUE, null, schedule, events, null,
            stallNs);
        final Scenario.Instance instance = scenario.newInstance(ex);
        final Ending ending = run(ex, instance);
        return new Replay(problem(instance, ending, ex), ending, ex.schedule(), events == null ? List.of() : events);
    }

    /** Runs one execution; if it fails (a stall), the pool's threads may be stuck in it: the next run starts anew. */
    private Ending run(final Execution ex, final Scenario.Instance instance)
    {
        try
        {
            return ex.run(instance);
        }
        catch (final RuntimeException | Error e)
        {
            close();
            Arrays.fill(pool, null);
            throw e;
        }
    }

    private static String problem(final Scenario.Instance instance, final Ending ending, final Execution ex)
    {
        final String cut = ex.cutShort();
        final String problem = instance.check(ending);
        if (problem != null)
        {
            return problem;
        }
        return cut != null && !ending.allFinished() ? cut : null;
    }

    private Execution.Worker[] workers(final int threads)
    {
        if (threads < 1 || threads > Execution.MAX_THREADS)
        {
            throw new IllegalArgumentException("a scenario runs 1 to " + Execution.MAX_THREADS + " threads, not " +
                threads);
        }
        for (int t = 0; t < threads; t++)
        {
            if (pool[t] == null)
            {
                pool[t] = new Execution.Worker(t);
                pool[t].start();
            }
        }
        return Arrays.copyOf(pool, threads);
    }

    @Override
    public void close()
    {
        for (final Execution.Worker w : pool)
        {
            if (w != null)
            {
                w.shutdown();
            }
        }
    }

    /**
     * One replayed execution.
     *
     * @param problem  the broken invariant, or null.
     * @param ending   how the threads ended.
     * @param schedule the schedule followed (with the kills that took effect).
     * @param trace    every event, when asked for.
     */
    public record Replay(String problem, Ending ending, Schedule schedule, List<String> trace)
    {
    }
}
