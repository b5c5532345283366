package org.smpboot.sim.race;

import java.util.List;

import org.smpboot.runtime.boot.BootOutcome;
import org.smpboot.runtime.boot.ElectionException;
import org.smpboot.runtime.wait.WaitTimeoutException;

/**
 * One CPU's result in a race round, in a form that crosses process boundaries as one JSON line.
 *
 * @param cpu            the CPU.
 * @param role           LEADER, FOLLOWER, LATE or ERROR.
 * @param countPosition  the cpu_count its increment produced (1 for the leader), -1 otherwise.
 * @param bsCpuid        bs_cpuid as it saw it, -1 on error.
 * @param releasedNanos  {@link System#nanoTime()} at entry to its main, -1 when not released.
 * @param startedNanos   {@link System#nanoTime()} when its run began, -1 when it never reported.
 * @param endedNanos     {@link System#nanoTime()} when its run returned or threw, -1 when it never reported.
 * @param leader         the leader's report, or null.
 * @param errorKind      for ERROR: the election case, "timeout", "process" (its process died without a word), or the
 *                       exception class; for KILLED: "killed".
 * @param error          for ERROR: the one-line message.
 * @param named          for ERROR: the CPUs the failure names (the dead leader, the dead counted CPUs), else empty.
 */
public record CpuReport(
    int cpu,
    String role,
    long countPosition,
    long bsCpuid,
    long releasedNanos,
    long startedNanos,
    long endedNanos,
    BootOutcome.LeaderReport leader,
    String errorKind,
    String error,
    List<Integer> named)
{
    /** Role of a CPU whose run threw. */
    public static final String ERROR = "ERROR";
    /** Role of a CPU whose process the chaos killed. */
    public static final String KILLED = "KILLED";

    /**
     * @param outcome what the CPU became.
     * @return its report.
     */
    public static CpuReport of(final BootOutcome outcome)
    {
        return new CpuReport(outcome.cpu(), outcome.role().name(), outcome.countPosition(), outcome.bsCpuid(),
            outcome.releasedNanos(), -1, System.nanoTime(), outcome.leader(), null, null, List.of());
    }

    /**
     * Runs one CPU and reports how it ended, either way.
     *
     * @param cpu  the CPU.
     * @param boot what it runs.
     * @return its report.
     */
    public static CpuReport run(final int cpu, final java.util.function.IntFunction<BootOutcome> boot)
    {
        final long started = System.nanoTime();
        CpuReport r;
        try
        {
            r = of(boot.apply(cpu));
        }
        catch (final RuntimeException | Error e)
        {
            r = of(cpu, e);
        }
        return new CpuReport(r.cpu, r.role, r.countPosition, r.bsCpuid, r.releasedNanos, started, r.endedNanos,
            r.leader, r.errorKind, r.error, r.named);
    }

    /**
     * @param cpu     a CPU of a process the chaos killed.
     * @param process the process.
     * @return its report.
     */
    public static CpuReport killed(final int cpu, final int process)
    {
        return new CpuReport(cpu, KILLED, -1, -1, -1, -1, -1, null, "killed",
            "cpu " + cpu + ": its process " + process + " was killed by SIGKILL (chaos)", List.of());
    }

    /**
     * @param cpu   the CPU.
     * @param error what its run threw.
     * @return its report.
     */
    public static CpuReport of(final int cpu, final Throwable error)
    {
        final String kind;
        if (error instanceof ElectionException e)
        {
            kind = e.reason().name();
        }
        else if (error instanceof WaitTimeoutException)
        {
            kind = "timeout";
        }
        else
        {
            kind = error.getClass().getSimpleName();
        }
        return new CpuReport(cpu, ERROR, -1, -1, -1, -1, System.nanoTime(), null, kind, String.valueOf(error.getMessage()),
            error instanceof ElectionException e ? e.cpus() : List.of());
    }

    /** @return true for an ERROR report. */
    public boolean failed()
    {
        return ERROR.equals(role);
    }

    /** @return true for a CPU the chaos killed. */
    public boolean killed()
    {
        return KILLED.equals(role);
    }
}
