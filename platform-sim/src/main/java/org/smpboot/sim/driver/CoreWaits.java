package org.smpboot.sim.driver;

import org.agrona.concurrent.IdleStrategy;
import org.smpboot.runtime.wait.WaitPolicy;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.hw.SimulatedWait;

/**
 * How a core of the simulated software waits: at the runtime's barriers, the election and the stack pools
 * ({@link #policy}), and in its own polls ({@link #idle}). The bound of every wait is measured on the machine's time
 * base ({@link Processor#time()}). The software does not know how many cores the simulator runs on how many
 * host CPUs (no software can), so it always asks for the idling of a machine that oversubscribes its host: a couple
 * of yields, no spin, then a park until a word it read is written ({@link SimulatedWait}).
 */
public final class CoreWaits
{
    private CoreWaits()
    {
    }

    /**
     * @param core         the waiting core.
     * @param parties      the waiters of what is awaited (a barrier's parties, a pool's users).
     * @param timeoutNanos the bound of each wait, in nanoseconds of the machine's time.
     * @return the policy for the runtime's flyweights.
     */
    public static WaitPolicy policy(final Processor core, final int parties, final long timeoutNanos)
    {
        return SimulatedWait.policy(core, Integer.MAX_VALUE, parties, timeoutNanos);
    }

    /**
     * @param core    the polling core.
     * @param parties how many cores may poll the same words.
     * @return an idle strategy for one poll loop.
     */
    public static IdleStrategy idle(final Processor core, final int parties)
    {
        return policy(core, parties, Long.MAX_VALUE).newIdleStrategy();
    }
}
