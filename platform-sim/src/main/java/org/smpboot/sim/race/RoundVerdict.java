package org.smpboot.sim.race;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import org.smpboot.runtime.boot.BootOutcome;
import org.smpboot.runtime.boot.ElectionException;

/**
 * Checks one round of the election boot as a whole: exactly one leader, every CPU either counted and released or LATE,
 * cpu_count equal to the CPUs counted, every CPU agreeing on bs_cpuid, no error. The first problem found names the
 * stage that failed.
 *
 * <p>A chaos round (one process killed, {@link Kill}) is judged by what the survivors made of it: never two leaders;
 * each survivor either completes (the leader's sealed count then lies between the CPUs that survived counted and those
 * plus the killed ones) or ends with a named failure ({@link ElectionException}: the leader dead, a counted CPU dead,
 * the boot given up, or over when it arrived) within {@link #livenessBoundNanos} of the kill (or of its own start, when
 * later); a survivor that waited out a plain timeout, or that never reported, is a problem.
 *
 * @param round          the round number, from 1.
 * @param reports        one per CPU, in CPU order.
 * @param gateNanos      {@link System#nanoTime()} when the CPUs were let go.
 * @param kill           the chaos round's kill, or null.
 * @param problems       what is wrong, empty when the round is correct.
 */
public record RoundVerdict(int round, List<CpuReport> reports, long gateNanos, Kill kill, List<String> problems)
{
    /** Slack over the liveness timeout for a survivor to name a death: check cadence, scheduling, a loaded machine. */
    public static final long LIVENESS_MARGIN_MS = 1000;

    /**
     * @param round     the round number.
     * @param reports   one per CPU.
     * @param gateNanos when the CPUs were let go.
     * @return the verdict.
     */
    public static RoundVerdict judge(final int round, final List<CpuReport> reports, final long gateNanos)
    {
        return judge(round, reports, gateNanos, null, 0);
    }

    /**
     * How long after a death a survivor may take to name it: the liveness timeout (a heartbeat older than that is
     * dead) plus {@link #LIVENESS_MARGIN_MS}. A leader that gives the boot up publishes it at once, so the followers
     * waiting on it end within the same bound.
     *
     * @param livenessMs the liveness timeout.
     * @return the bound, in nanoseconds.
     */
    public static long livenessBoundNanos(final long livenessMs)
    {
        return java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(livenessMs + LIVENESS_MARGIN_MS);
    }

    /**
     * @param round      the round number.
     * @param reports    one per CPU.
     * @param gateNanos  when the CPUs were let go.
     * @param kill       the chaos round's kill, or null.
     * @param livenessMs the liveness timeout of the round.
     * @return the verdict.
     */
    public static RoundVerdict judge(final int round, final List<CpuReport> reports, final long gateNanos,
        final Kill kill, final long livenessMs)
    {
        if (kill != null && kill.wasAlive() && reports.stream().anyMatch(CpuReport::killed))
        {
            return new RoundVerdict(round, List.copyOf(reports), gateNanos, kill,
                List.copyOf(judgeChaos(reports, kill, livenessMs)));
        }
        final List<String> problems = new ArrayList<>();
        // what the CPUs diagnosed about the protocol first, then processes that died without a word
        reports.stream().filter(r -> r.failed() && !"process".equals(r.errorKind()))
            .forEach(r -> problems.add(r.errorKind() + ": " + r.error()));
        reports.stream().filter(r -> r.failed() && "process".equals(r.errorKind()))
            .forEach(r -> problems.add(r.errorKind() + ": " + r.error()));
        final List<CpuReport> leaders = reports.stream().filter(r -> "LEADER".equals(r.role())).toList();
        if (leaders.size() != 1 && problems.isEmpty())
        {
            problems.add("election: " + leaders.size() + " leaders " +
                leaders.stream().map(r -> "cpu " + r.cpu()).toList());
        }
        if (leaders.size() == 1)
        {
            final CpuReport leader = leaders.get(0);
            final long counted = reports.stream().filter(r -> !"LATE".equals(r.role()) && !r.failed()).count();
            if (problems.isEmpty() && leader.leader().sealedCount() != counted)
            {
                problems.add("count: cpu_count sealed at " + leader.leader().sealedCount() + " but " + counted +
                    " CPUs were counted and released");
            }
            reports.stream().filter(r -> !r.failed() && r.bsCpuid() != leader.cpu()).findFirst().ifPresent(r ->
                problems.add("publication: cpu " + r.cpu() + " saw bs_cpuid " + r.bsCpuid() + ", the leader is cpu " +
                    leader.cpu()));
            reports.stream().filter(r -> !r.failed() && !"LATE".equals(r.role()) && r.releasedNanos() < 0)
                .findFirst().ifPresent(r -> problems.add("release: cpu " + r.cpu() + " was counted but never released"));
        }
        return new RoundVerdict(round, List.copyOf(reports), gateNanos, kill, List.copyOf(problems));
    }

    private static List<String> judgeChaos(final List<CpuReport> reports, final Kill kill, final long livenessMs)
    {
        final List<String> problems = new ArrayList<>();
        final long bound = livenessBoundNanos(livenessMs);
        final List<CpuReport> leaders = reports.stream().filter(r -> "LEADER".equals(r.role())).toList();
        if (leaders.size() > 1)
        {
            problems.add("election: " + leaders.size() + " leaders " + leaders.stream().map(r -> "cpu " + r.cpu()).toList());
        }
        final long killed = reports.stream().filter(CpuReport::killed).count();
        for (final CpuReport r : reports)
        {
            if (r.killed())
            {
                continue;
            }
            if (r.failed())
            {
                if (!named(r.errorKind()))
                {
                    problems.add("survivor cpu " + r.cpu() + " did not name the death: " + r.errorKind() + ": " +
                        r.error());
                }
                else if (r.endedNanos() - Math.max(kill.killNanos(), r.startedNanos()) > bound)
                {
                    problems.add(String.format("survivor cpu %d named it (%s) %.0f ms after the kill (or its own " +
                        "start, when later), past the bound of %d ms", r.cpu(), r.errorKind(),
                        (r.endedNanos() - Math.max(kill.killNanos(), r.startedNanos())) / 1e6, bound / 1_000_000));
                }
            }
        }
        if (leaders.size() == 1)
        {
            final CpuReport leader = leaders.get(0);
            final long followers = reports.stream().filter(r -> "FOLLOWER".equals(r.role())).count();
            final long sealed = leader.leader().sealedCount();
            if (sealed < 1 + followers || sealed > 1 + followers + killed)
            {
                problems.add("count: cpu_count sealed at " + sealed + " with " + followers + " surviving followers " +
                    "released and " + killed + " CPUs killed");
            }
            reports.stream().filter(r -> "FOLLOWER".equals(r.role()) && (r.bsCpuid() != leader.cpu() ||
                r.releasedNanos() < 0)).findFirst().ifPresent(r -> problems.add("publication: cpu " + r.cpu() +
                " saw bs_cpuid " + r.bsCpuid() + " or was never released; the leader is cpu " + leader.cpu()));
        }
        return problems;
    }

    /** @return true for the failures a survivor may name after a death. */
    private static boolean named(final String kind)
    {
        for (final ElectionException.Case c : ElectionException.Case.values())
        {
            if (c.name().equals(kind))
            {
                // STALE_BOOT: a survivor that arrived once the dead leader's heartbeat was already stale
                return c != ElectionException.Case.MAGIC2_WITHOUT_LEADER;
            }
        }
        return false;
    }

    /**
     * The round under {@code --require-all}: every CPU must be counted; a CPU that arrived after the seal (LATE, as the
     * seed's literal {@code none} policy allows) makes the round a failure.
     *
     * @return this verdict, or one that fails naming the LATE CPUs.
     */
    public RoundVerdict requireAll()
    {
        final List<Integer> late = lateCpus();
        if (late.isEmpty() || !problems.isEmpty())
        {
            return this;
        }
        final CpuReport leader = leader();
        return new RoundVerdict(round, reports, gateNanos, kill, List.of(String.format("late: %d of %d CPUs arrived " +
            "after cpu_count was sealed at %d and were not counted %s (--require-all)", late.size(), reports.size(),
            leader == null ? -1 : leader.leader().sealedCount(), cpus(late))));
    }

    private static String cpus(final List<Integer> cpus)
    {
        return cpus.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
    }

    /** @return true when nothing is wrong. */
    public boolean correct()
    {
        return problems.isEmpty();
    }

    /** @return the leader's report, or null. */
    public CpuReport leader()
    {
        return reports.stream().filter(r -> "LEADER".equals(r.role())).findFirst().orElse(null);
    }

    /** @return how the survivors of a chaos round ended, as counts per outcome, and the latest end after the kill. */
    public String survivors()
    {
        final java.util.Map<String, Long> ends = new java.util.TreeMap<>();
        long latest = 0;
        for (final CpuReport r : reports)
        {
            if (!r.killed())
            {
                ends.merge(r.failed() ? r.errorKind() : r.role(), 1L, Long::sum);
                if (r.failed())
                {
                    latest = Math.max(latest, r.endedNanos() - kill.killNanos());
                }
            }
        }
        final CpuReport leader = leader();
        return "survivors " + ends + (leader != null && leader.leader() != null ? ", cpu_count " +
            leader.leader().sealedCount() + " sealed by cpu " + leader.cpu() : "") +
            (latest > 0 ? String.format(", last failure named %.0f ms after the kill", latest / 1e6) : "");
    }

    /**
     * @return true when the chaos killed the leader's process: a survivor saw a killed CPU's id in bs_cpuid, or none
     *     became leader and one named a dead leader.
     */
    public boolean leaderKilled()
    {
        if (kill == null || leader() != null)
        {
            return false;
        }
        return reports.stream().anyMatch(r -> !r.killed() && (kill.cpus().contains((int)r.bsCpuid()) ||
            "LEADER_DEAD".equals(r.errorKind()) || "MAGIC1_WITHOUT_LEADER".equals(r.errorKind())));
    }

    /** @return the CPUs that arrived after the seal. */
    public List<Integer> lateCpus()
    {
        return reports.stream().filter(r -> "LATE".equals(r.role())).map(CpuReport::cpu).toList();
    }

    /** @return nanoseconds from the gate to the last CPU entering its main, or -1 when none was released. */
    public long allReleasedNanos()
    {
        return reports.stream().filter(r -> r.releasedNanos() > 0).map(CpuReport::releasedNanos)
            .max(Comparator.naturalOrder()).map(t -> t - gateNanos).orElse(-1L);
    }

    /** @return one line describing the round. */
    public String describe()
    {
        final String killed = kill == null ? "" : String.format("%s process %d (cpus %s) %s at %.1f ms; ",
            kill.wasAlive() ? "killed" : "would have killed", kill.process(), kill.cpus(),
            kill.wasAlive() ? "by SIGKILL" : "but it had exited", kill.delayNanos() / 1e6);
        if (!correct())
        {
            return "round " + round + ": " + killed + "FAILED: " + problems.get(0) +
                (problems.size() > 1 ? " (+" + (problems.size() - 1) + " more)" : "");
        }
        final CpuReport leader = leader();
        if (kill != null && kill.wasAlive() && reports.stream().anyMatch(CpuReport::killed))
        {
            return "round " + round + ": " + killed + survivors();
        }
        if (leader == null)
        {
            return "round " + round + ": FAILED: no leader";
        }
        final BootOutcome.LeaderReport l = leader.leader();
        final List<Integer> late = lateCpus();
        // LATE CPUs are a correct outcome of the protocol, but never a quiet one: the line says how many and which
        return String.format("round %d: leader cpu %d (replaced %s), cpu_count %d sealed%s, %s, " +
            "arch_init stacks high-water %d, start stacks %d, all released in %.3f ms",
            round, leader.cpu(), org.smpboot.runtime.boot.Magic.describe(l.replaced()), l.sealedCount(),
            l.expectedCpus() > 0 && l.expectedCpus() != l.sealedCount() ? " (expected " + l.expectedCpus() + ")" : "",
            late.isEmpty() ? "no CPU late" : String.format("%d of %d CPUs LATE %s (arrived after the seal: not " +
            "counted, no stack)", late.size(), reports.size(), cpus(late)),
            l.initHighWater(), l.startStacks(), allReleasedNanos() / 1e6);
    }
}
