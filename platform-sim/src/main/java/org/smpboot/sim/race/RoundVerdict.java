package org.smpboot.sim.race;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import org.smpboot.runtime.boot.BootOutcome;

/**
 * Checks one round of the election boot as a whole: exactly one leader, every CPU either counted and released or LATE,
 * cpu_count equal to the CPUs counted, every CPU agreeing on bs_cpuid, no error. The first problem found names the
 * stage that failed.
 *
 * @param round          the round number, from 1.
 * @param reports        one per CPU, in CPU order.
 * @param gateNanos      {@link System#nanoTime()} when the CPUs were let go.
 * @param problems       what is wrong, empty when the round is correct.
 */
public record RoundVerdict(int round, List<CpuReport> reports, long gateNanos, List<String> problems)
{
    /**
     * @param round     the round number.
     * @param reports   one per CPU.
     * @param gateNanos when the CPUs were let go.
     * @return the verdict.
     */
    public static RoundVerdict judge(final int round, final List<CpuReport> reports, final long gateNanos)
    {
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
        return new RoundVerdict(round, List.copyOf(reports), gateNanos, List.copyOf(problems));
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
        return new RoundVerdict(round, reports, gateNanos, List.of(String.format("late: %d of %d CPUs arrived after " +
            "cpu_count was sealed at %d and were not counted %s (--require-all)", late.size(), reports.size(),
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
        final CpuReport leader = leader();
        if (!correct() || leader == null)
        {
            return "round " + round + ": FAILED: " + problems.get(0) +
                (problems.size() > 1 ? " (+" + (problems.size() - 1) + " more)" : "");
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
