package org.smpboot.sim.hw;

import java.util.concurrent.TimeUnit;

import org.smpboot.runtime.wait.WaitPolicy;

/**
 * The wait policy of simulated cores at the runtime's barriers. A simulated machine runs far more core threads than
 * the host has CPUs (1024 on 2), and a barrier's waiters poll shared memory: parked for at most 1 ms, as the runtime's
 * default does, a thousand waiters wake a million times a second and starve the cores still working. So the machine's
 * waiters back off to longer parks when the machine is oversubscribed: a release then reaches a parked waiter up to
 * one park later, a few milliseconds per barrier, in exchange for leaving the host's CPUs to the cores with work.
 *
 * <p>The longest park grows with the oversubscription, 20 us per simulated core per host CPU, from 1 ms (the
 * runtime's) to 20 ms: it keeps the waiters' wake-ups to about 50,000 per second per host CPU. Measured on 2 CPUs
 * (PlatformBootBench, 16x16 clusters of 4 cores): parks of at most 1 ms made the boot 4 times slower than 20 ms ones,
 * while 20 ms parks slowed the 4x4 and 8x8 boots, which the scaled bound leaves near 1 ms.
 */
public final class SimulatedWait
{
    private static final int HOST_CPUS = Runtime.getRuntime().availableProcessors();

    private SimulatedWait()
    {
    }

    /**
     * @param machineCores the cores of the simulated machine (its threads).
     * @param parties      the waiters of the barrier.
     * @param timeoutNanos the bound of each wait.
     * @return the runtime's adaptive policy when the machine fits the host, else a backoff to longer parks.
     */
    public static WaitPolicy policy(final int machineCores, final int parties, final long timeoutNanos)
    {
        if (machineCores <= 4 * HOST_CPUS)
        {
            return WaitPolicy.defaults().forContenders(parties).withTimeout(timeoutNanos);
        }
        final long maxParkUs = Math.max(1000, Math.min(20_000, 20L * machineCores / HOST_CPUS));
        return WaitPolicy.backoff(10, 2, TimeUnit.MICROSECONDS.toNanos(20), TimeUnit.MICROSECONDS.toNanos(maxParkUs),
            timeoutNanos);
    }
}
