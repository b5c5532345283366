package org.smpboot.stress.schedule;

import java.util.List;
import java.util.Locale;

/**
 * What a bounded-exhaustive exploration found.
 *
 * @param scenario   the scenario's name.
 * @param bound      preemptions per schedule.
 * @param executions schedules run (each to its end, or to a state an earlier one explored).
 * @param pruned     of those, the ones stopped at an explored state.
 * @param ends       distinct ends of the schedules run to their end: the memory, and every value each thread read
 *                   and wrote.
 * @param violations schedules that broke an invariant.
 * @param examples   the first few of them, each replayable.
 * @param longest    decisions of the longest execution.
 * @param decisions  decisions over all executions.
 * @param millis     wall time.
 * @param complete   false when the search stopped at the first violation.
 */
public record Report(String scenario, int bound, long executions, long pruned, int ends, long violations, List<Violation> examples,
    long longest, long decisions, long millis, boolean complete)
{
    /**
     * A schedule that broke an invariant.
     *
     * @param problem     what broke.
     * @param schedule    the schedule, replayable by {@link Explorer#replay}.
     * @param preemptions preemptions it makes.
     */
    public record Violation(String problem, Schedule schedule, int preemptions)
    {
        @Override
        public String toString()
        {
            return problem + " [schedule \"" + schedule + "\", " + preemptions + " preemption" +
                (preemptions == 1 ? "" : "s") + "]";
        }
    }

    /** @return one line: the scenario, schedules, violations, time. */
    public String summary()
    {
        return String.format(Locale.ROOT, "%s: %,d schedule%s (at most %d preemption%s, %,d ending at an explored " +
            "state, longest %,d decisions, %,d distinct ends), %s, %.1f s", scenario, executions,
            executions == 1 ? "" : "s", bound, bound == 1 ? "" : "s", pruned, longest, ends,
            violations == 0 ? "no violation" : (complete ? violations + " violating" : "stopped at the first violation") +
            ": " + examples.get(0), millis / 1000.0);
    }
}
