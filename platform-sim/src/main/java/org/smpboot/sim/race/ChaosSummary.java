package org.smpboot.sim.race;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the kills of a chaos race came to, over its rounds.
 *
 * @param rounds        rounds run.
 * @param kills         rounds whose kill took a process that had not yet exited.
 * @param leaderKilled  of those, rounds where the leader's process died.
 * @param completed     of those, rounds where every survivor completed (no survivor failed).
 * @param outcomes      every survivor's end over the killing rounds: role, or the failure it named.
 * @param latestNanos   the longest time from a kill to a survivor naming a failure.
 * @param correct       rounds the verdict found correct.
 */
public record ChaosSummary(int rounds, int kills, int leaderKilled, int completed, Map<String, Long> outcomes,
    long latestNanos, int correct)
{
    /**
     * @param verdicts every round.
     * @return the summary.
     */
    public static ChaosSummary of(final List<RoundVerdict> verdicts)
    {
        int kills = 0;
        int leaderKilled = 0;
        int completed = 0;
        int correct = 0;
        long latest = 0;
        final Map<String, Long> outcomes = new TreeMap<>();
        for (final RoundVerdict v : verdicts)
        {
            if (v.correct())
            {
                correct++;
            }
            if (v.kill() == null || v.reports().stream().noneMatch(CpuReport::killed))
            {
                continue;
            }
            kills++;
            if (v.leaderKilled())
            {
                leaderKilled++;
            }
            boolean anyFailed = false;
            for (final CpuReport r : v.reports())
            {
                if (r.killed())
                {
                    continue;
                }
                outcomes.merge(r.failed() ? r.errorKind() : r.role(), 1L, Long::sum);
                if (r.failed())
                {
                    anyFailed = true;
                    latest = Math.max(latest, r.endedNanos() - v.kill().killNanos());
                }
            }
            if (!anyFailed)
            {
                completed++;
            }
        }
        return new ChaosSummary(verdicts.size(), kills, leaderKilled, completed, outcomes, latest, correct);
    }

    /** @return one line. */
    public String describe()
    {
        return String.format("chaos: %d of %d rounds killed a live process (%d the leader's); %d of those ended with " +
            "every survivor complete; survivors' ends %s; longest from a kill to a named failure %.0f ms; %d of %d " +
            "rounds correct", kills, rounds, leaderKilled, completed, outcomes, latestNanos / 1e6, correct, rounds);
    }
}
