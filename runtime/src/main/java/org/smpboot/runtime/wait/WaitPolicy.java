package org.smpboot.runtime.wait;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * How every wait of the runtime spends its time, and how long it may last: an Agrona {@link IdleStrategy} factory (one
 * strategy per waiting thread, because strategies keep per-thread state) plus the default bound of a wait.
 *
 * <p>The default spins briefly, then yields, then parks with exponential backoff. Pure spinning is a cliff when threads
 * outnumber cores (one scheduler tick per queued thread per episode: 129 ms for 64 threads on 2 cores, measured), and a
 * park costs at least the 50 us timer slack, so the spin and yield phases are what keep 2 threads on 2 cores fast.
 *
 * <p>The default (20 spins, 2 yields, park 1 us to 1 ms) was chosen by measurement on the 2-vCPU dev VM with the
 * centralized barrier, interleaved in one JVM with Phaser, while other jobs kept the load average at 28-47 (so absolute
 * numbers are pessimistic): 64 threads 111-198 us per episode against Phaser's 645-814 us and 383-549 us for the former
 * 100 spins / 10 yields (every extra spin or yield is paid by 64 waiters); 2 threads 2.6-3.0 us against Phaser's
 * 19-21 us and a CAS ping-pong round trip of 1.0-1.6 us measured in the same runs.
 */
public final class WaitPolicy
{
    /** Default bound of a wait: long enough for 256 threads on 2 cores, short enough for a test to fail promptly. */
    public static final long DEFAULT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    /** Spins before yielding, in the default policy (about half a microsecond of {@code onSpinWait}). */
    public static final long DEFAULT_MAX_SPINS = 20;
    /** Yields before parking, in the default policy: with many runnable threads each yield is a context switch. */
    public static final long DEFAULT_MAX_YIELDS = 2;
    /** First park, in the default policy (the OS rounds it up to its timer slack, about 50 us on Linux). */
    public static final long DEFAULT_MIN_PARK_NS = TimeUnit.MICROSECONDS.toNanos(1);
    /** Longest park, in the default policy: the worst extra latency a backed-off waiter adds. */
    public static final long DEFAULT_MAX_PARK_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private static final WaitPolicy DEFAULT = backoff(
        DEFAULT_MAX_SPINS, DEFAULT_MAX_YIELDS, DEFAULT_MIN_PARK_NS, DEFAULT_MAX_PARK_NS, DEFAULT_TIMEOUT_NS);

    private final String name;
    private final Supplier<IdleStrategy> strategies;
    private final long timeoutNs;

    private WaitPolicy(final String name, final Supplier<IdleStrategy> strategies, final long timeoutNs)
    {
        if (timeoutNs <= 0)
        {
            throw new IllegalArgumentException("wait timeout must be positive, got " + timeoutNs + " ns");
        }
        this.name = name;
        this.strategies = strategies;
        this.timeoutNs = timeoutNs;
    }

    /** @return spin, yield, then park with backoff, bounded by {@link #DEFAULT_TIMEOUT_NS}. */
    public static WaitPolicy defaults()
    {
        return DEFAULT;
    }

    /**
     * @param maxSpins    spins before yielding.
     * @param maxYields   yields before parking.
     * @param minParkNs   first park.
     * @param maxParkNs   longest park.
     * @param timeoutNs   bound of each wait.
     * @return a spin, yield, park policy.
     */
    public static WaitPolicy backoff(
        final long maxSpins, final long maxYields, final long minParkNs, final long maxParkNs, final long timeoutNs)
    {
        return new WaitPolicy(
            "backoff(" + maxSpins + " spins, " + maxYields + " yields, park " + minParkNs + ".." + maxParkNs + " ns)",
            () -> new BackoffIdleStrategy(maxSpins, maxYields, minParkNs, maxParkNs), timeoutNs);
    }

    /**
     * @param timeoutNs bound of each wait.
     * @return pure spinning: fastest with a core per thread, a cliff when threads outnumber cores.
     */
    public static WaitPolicy busySpin(final long timeoutNs)
    {
        return new WaitPolicy("busy-spin", BusySpinIdleStrategy::new, timeoutNs);
    }

    /**
     * @param timeoutNs bound of each wait.
     * @return yield on every idle round.
     */
    public static WaitPolicy yielding(final long timeoutNs)
    {
        return new WaitPolicy("yielding", YieldingIdleStrategy::new, timeoutNs);
    }

    /**
     * @param timeoutNs the new bound.
     * @return the same strategies with another bound.
     */
    public WaitPolicy withTimeout(final long timeoutNs)
    {
        return new WaitPolicy(name, strategies, timeoutNs);
    }

    /**
     * @param timeout the new bound.
     * @param unit    its unit.
     * @return the same strategies with another bound.
     */
    public WaitPolicy withTimeout(final long timeout, final TimeUnit unit)
    {
        return withTimeout(unit.toNanos(timeout));
    }

    /** @return a fresh strategy for one waiting thread. */
    public IdleStrategy newIdleStrategy()
    {
        return strategies.get();
    }

    /** @return bound of each wait, in nanoseconds. */
    public long timeoutNs()
    {
        return timeoutNs;
    }

    @Override
    public String toString()
    {
        return name + ", timeout " + TimeUnit.NANOSECONDS.toMillis(timeoutNs) + " ms";
    }
}
