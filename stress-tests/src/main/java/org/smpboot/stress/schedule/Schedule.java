package org.smpboot.stress.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One interleaving, as the decisions that differ from the default, so that a test can replay it.
 *
 * <p>Decisions are numbered from 0 in the order the scheduler makes them: one before every memory access of a checked
 * thread, one when a thread starts, blocks, ends or returns from a wait. The default at each decision is to let the
 * thread that ran last go on, or when it cannot (it ended, or waits for a word nobody wrote), the lowest-numbered
 * thread that can run. The text form lists the other decisions:
 * <pre>
 *   "12:1 40:0"     at decision 12 thread 1 runs (a preemption if the thread before could go on), at 40 thread 0
 *   "25:!0"         at decision 25 thread 0 is killed: it never runs again (a crash, CHESS style)
 *   "-"             the default schedule
 * </pre>
 * Given the same scenario, a schedule replays exactly: the code under check is deterministic but for its
 * interleaving (fills are seeded, clocks are virtual).
 */
public final class Schedule
{
    /** The default schedule. */
    public static final Schedule DEFAULT = new Schedule(new TreeMap<>(), new TreeMap<>());

    private final TreeMap<Long, Integer> runs;
    private final TreeMap<Long, List<Integer>> kills;

    private Schedule(final TreeMap<Long, Integer> runs, final TreeMap<Long, List<Integer>> kills)
    {
        this.runs = runs;
        this.kills = kills;
    }

    /**
     * @param text the form {@link #toString()} gives ("12:1 40:0", "25:!0", "-").
     * @return the schedule.
     * @throws IllegalArgumentException naming the token that is not {@code STEP:THREAD} or {@code STEP:!THREAD}.
     */
    public static Schedule parse(final String text)
    {
        final TreeMap<Long, Integer> runs = new TreeMap<>();
        final TreeMap<Long, List<Integer>> kills = new TreeMap<>();
        final String trimmed = text.trim();
        if (trimmed.isEmpty() || trimmed.equals("-"))
        {
            return DEFAULT;
        }
        for (final String token : trimmed.split("[\\s,]+"))
        {
            final int colon = token.indexOf(':');
            try
            {
                final long step = Long.parseLong(token.substring(0, colon));
                final String who = token.substring(colon + 1);
                if (who.startsWith("!"))
                {
                    kills.computeIfAbsent(step, s -> new ArrayList<>()).add(Integer.parseInt(who.substring(1)));
                }
                else if (runs.put(step, Integer.parseInt(who)) != null)
                {
                    throw new IllegalArgumentException("schedule '" + text + "': decision " + step + " given twice");
                }
            }
            catch (final NumberFormatException | StringIndexOutOfBoundsException e)
            {
                throw new IllegalArgumentException("schedule '" + text + "': token '" + token +
                    "' is not STEP:THREAD or STEP:!THREAD");
            }
        }
        return new Schedule(runs, kills);
    }

    /**
     * @param step   a decision.
     * @param thread a thread.
     * @return this schedule with thread killed at that decision.
     */
    public Schedule withKill(final long step, final int thread)
    {
        final TreeMap<Long, List<Integer>> k = new TreeMap<>(kills);
        k.computeIfAbsent(step, s -> new ArrayList<>());
        final List<Integer> list = new ArrayList<>(k.get(step));
        list.add(thread);
        k.put(step, list);
        return new Schedule(new TreeMap<>(runs), k);
    }

    static Schedule of(final Map<Long, Integer> runs, final Map<Long, List<Integer>> kills)
    {
        return new Schedule(new TreeMap<>(runs), new TreeMap<>(kills));
    }

    /** @return the thread this schedule runs at {@code step}, or null for the default. */
    Integer runAt(final long step)
    {
        return runs.get(step);
    }

    /** @return the threads this schedule kills at {@code step}, or null. */
    List<Integer> killsAt(final long step)
    {
        return kills.get(step);
    }

    /** @return the last decision this schedule names, or -1. */
    long lastStep()
    {
        return Math.max(runs.isEmpty() ? -1 : runs.lastKey(), kills.isEmpty() ? -1 : kills.lastKey());
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof Schedule s && s.runs.equals(runs) && s.kills.equals(kills);
    }

    @Override
    public int hashCode()
    {
        return runs.hashCode() * 31 + kills.hashCode();
    }

    @Override
    public String toString()
    {
        final TreeMap<Long, List<String>> tokens = new TreeMap<>();
        kills.forEach((step, threads) -> threads.forEach(t -> tokens.computeIfAbsent(step, s -> new ArrayList<>())
            .add(step + ":!" + t)));
        runs.forEach((step, t) -> tokens.computeIfAbsent(step, s -> new ArrayList<>()).add(step + ":" + t));
        final StringBuilder sb = new StringBuilder();
        tokens.values().forEach(list -> list.forEach(tok -> sb.append(sb.length() == 0 ? "" : " ").append(tok)));
        return sb.length() == 0 ? "-" : sb.toString();
    }
}
