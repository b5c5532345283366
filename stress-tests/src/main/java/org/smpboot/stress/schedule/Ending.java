package org.smpboot.stress.schedule;

import java.util.Arrays;

/**
 * How one execution ended.
 *
 * @param errors   what each thread threw, null for a thread that returned (or never ran, or was killed).
 * @param finished per thread: true when it returned or threw; false when it was killed, or still waiting when the
 *                 execution was cut short.
 * @param killed   per thread: true when the schedule killed it.
 * @param jumps    times the virtual clock jumped because every live thread waited.
 * @param hung     true when every live thread waited and no timeout ended any wait (the execution was cut short).
 * @param steps    decisions made.
 */
public record Ending(Throwable[] errors, boolean[] finished, boolean[] killed, int jumps, boolean hung, long steps)
{
    /** @return true when no thread threw, none hung or was killed and no wait had to time out. */
    public boolean clean()
    {
        return !hung && jumps == 0 && Arrays.stream(errors).allMatch(e -> e == null) && allFinished();
    }

    /** @return true when every thread returned or threw. */
    public boolean allFinished()
    {
        for (final boolean f : finished)
        {
            if (!f)
            {
                return false;
            }
        }
        return true;
    }

    /** @return null when {@link #clean()}, else one line saying why not. */
    public String problem()
    {
        if (hung)
        {
            return "hang: every live thread waits and no wait can end";
        }
        for (int t = 0; t < errors.length; t++)
        {
            if (errors[t] != null)
            {
                return "thread " + t + " threw " + errors[t];
            }
        }
        if (jumps > 0)
        {
            return "every thread waited until the clock jumped (a hang that only a timeout ended)";
        }
        return allFinished() ? null : "a thread did not finish";
    }
}
