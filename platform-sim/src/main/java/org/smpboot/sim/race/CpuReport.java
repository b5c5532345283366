package org.smpboot.sim.race;

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
 * @param leader         the leader's report, or null.
 * @param errorKind      for ERROR: the election case, "timeout", or the exception class.
 * @param error          for ERROR: the one-line message.
 */
public record CpuReport(
    int cpu,
    String role,
    long countPosition,
    long bsCpuid,
    long releasedNanos,
    BootOutcome.LeaderReport leader,
    String errorKind,
    String error)
{
    /** Role of a CPU whose run threw. */
    public static final String ERROR = "ERROR";

    /**
     * @param outcome what the CPU became.
     * @return its report.
     */
    public static CpuReport of(final BootOutcome outcome)
    {
        return new CpuReport(outcome.cpu(), outcome.role().name(), outcome.countPosition(), outcome.bsCpuid(),
            outcome.releasedNanos(), outcome.leader(), null, null);
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
        return new CpuReport(cpu, ERROR, -1, -1, -1, null, kind, String.valueOf(error.getMessage()));
    }

    /** @return true for an ERROR report. */
    public boolean failed()
    {
        return ERROR.equals(role);
    }
}
