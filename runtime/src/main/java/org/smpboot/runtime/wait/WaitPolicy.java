package org.smpboot.runtime.wait;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * How every wait of the runtime spends its time, and how long it may last: an Agrona {@link IdleStrategy} factory (one
 * strategy per waiting call, because strategies keep per-thread state) plus the default bound of a wait.
 *
 * <p>The default policy depends on how many threads may wait at once ({@link #forContenders(int)}), because the best
 * way to wait differs on each side of the core count (measured on this project's 2-vCPU machines,
 * {@code ../shared/reference/perf-anchors.md} B2, B3, and the benchmarks in README):
 * <ul>
 *   <li>contenders &lt;= cores: spin long ({@value #DEDICATED_SPINS} spins, {@value #DEDICATED_YIELDS} yields), then
 *       park. The partner is running and arrives within a cache-line transfer or two; a park costs at least the 50 us
 *       timer slack, so running out of spins turned a ~0.1 us 2-party barrier episode into ~23 us;</li>
 *   <li>contenders &gt; cores, or unknown: Agrona's backoff defaults ({@value #OVERSUBSCRIBED_SPINS} spins,
 *       {@value #OVERSUBSCRIBED_YIELDS} yields, park 1 us to 1 ms). Pure spinning is a cliff there (one scheduler tick
 *       per queued thread per episode: 129 ms for 64 threads on 2 cores) and parked waiters leave the run queue to the
 *       threads still to arrive.</li>
 * </ul>
 * This is what Phaser (spins only while unarrived &lt; NCPU) and libgomp (100 spins when oversubscribed) do.
 *
 * <p>Every strategy a policy gives checks its thread's interrupt status each time it idles and ends the wait with a
 * {@link WaitInterruptedException} (status kept): a thread told to stop stops at its next idle round instead of
 * spinning out its bound, as a parked waiter would otherwise do once interrupted (a park returns at once then).
 */
public final class WaitPolicy
{
    /** Default bound of a wait: long enough for 256 threads on 2 cores, short enough for a test to fail promptly. */
    public static final long DEFAULT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    /** Spins before yielding when the waiters fit the cores. */
    public static final long DEDICATED_SPINS = 2000;
    /** Yields before parking when the waiters fit the cores. */
    public static final long DEDICATED_YIELDS = 100;
    /** Spins before yielding when waiters outnumber cores (Agrona's default). */
    public static final long OVERSUBSCRIBED_SPINS = 10;
    /** Yields before parking when waiters outnumber cores (Agrona's default). */
    public static final long OVERSUBSCRIBED_YIELDS = 5;
    /** First park (the OS rounds it up to its timer slack, about 50 us on Linux). */
    public static final long MIN_PARK_NS = TimeUnit.MICROSECONDS.toNanos(1);
    /** Longest park: the worst extra latency a backed-off waiter adds. */
    public static final long MAX_PARK_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private static final WaitPolicy DEFAULT = new WaitPolicy(
        "adaptive(<= " + CORES + " waiters: " + DEDICATED_SPINS + " spins, " + DEDICATED_YIELDS + " yields; more: " +
        OVERSUBSCRIBED_SPINS + " spins, " + OVERSUBSCRIBED_YIELDS + " yields; park 1 us..1 ms)",
        () -> new BackoffIdleStrategy(DEDICATED_SPINS, DEDICATED_YIELDS, MIN_PARK_NS, MAX_PARK_NS),
        () -> new BackoffIdleStrategy(OVERSUBSCRIBED_SPINS, OVERSUBSCRIBED_YIELDS, MIN_PARK_NS, MAX_PARK_NS),
        0, DEFAULT_TIMEOUT_NS);

    private final String name;
    private final Supplier<IdleStrategy> dedicated;
    private final Supplier<IdleStrategy> oversubscribed;
    private final int contenders;
    private final long timeoutNs;

    private WaitPolicy(
        final String name, final Supplier<IdleStrategy> dedicated, final Supplier<IdleStrategy> oversubscribed,
        final int contenders, final long timeoutNs)
    {
        if (timeoutNs <= 0)
        {
            throw new IllegalArgumentException("wait timeout must be positive, got " + timeoutNs + " ns");
        }
        this.name = name;
        this.dedicated = dedicated;
        this.oversubscribed = oversubscribed;
        this.contenders = contenders;
        this.timeoutNs = timeoutNs;
    }

    private WaitPolicy(final String name, final Supplier<IdleStrategy> strategies, final long timeoutNs)
    {
        this(name, strategies, strategies, 0, timeoutNs);
    }

    /** @return the adaptive spin, yield, park policy, bounded by {@link #DEFAULT_TIMEOUT_NS}. */
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
     * @return a fixed spin, yield, park policy, whatever the number of contenders.
     */
    public static WaitPolicy backoff(
        final long maxSpins, final long maxYields, final long minParkNs, final long maxParkNs, final long timeoutNs)
    {
        return new WaitPolicy(
            "backoff(" + maxSpins + " spins, " + maxYields + " yields, park " + minParkNs + ".." + maxParkNs + " ns)",
            () -> new BackoffIdleStrategy(maxSpins, maxYields, minParkNs, maxParkNs), timeoutNs);
    }

    /**
     * A policy over the caller's own idle strategies, for waiters that know better than spinning and parking blindly
     * (a simulator whose waiters can be woken when the word they read is written, say). Each strategy is still made
     * interruptible.
     *
     * @param name       how the policy is named in errors.
     * @param strategies a fresh strategy per waiting call.
     * @param timeoutNs  bound of each wait.
     * @return the policy.
     */
    public static WaitPolicy custom(final String name, final Supplier<IdleStrategy> strategies, final long timeoutNs)
    {
        return new WaitPolicy(name, strategies, timeoutNs);
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
     * Tells the policy how many threads may wait at once on what it is used for (a barrier's parties). The first call
     * wins, so a composite (a hierarchical barrier) can give its total before its pieces give their own sizes.
     *
     * @param waiters threads that may wait at once.
     * @return a policy that picks its strategy for that many waiters.
     */
    public WaitPolicy forContenders(final int waiters)
    {
        if (contenders != 0 || waiters < 1)
        {
            return this;
        }
        return new WaitPolicy(name, dedicated, oversubscribed, waiters, timeoutNs);
    }

    /**
     * @param timeoutNs the new bound.
     * @return the same strategies with another bound.
     */
    public WaitPolicy withTimeout(final long timeoutNs)
    {
        return new WaitPolicy(name, dedicated, oversubscribed, contenders, timeoutNs);
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

    /**
     * @return a fresh strategy for one waiting call: the dedicated one when the contenders are known and fit the
     *     cores, the oversubscribed one otherwise (an unknown count is treated as many).
     */
    public IdleStrategy newIdleStrategy()
    {
        final IdleStrategy s = contenders > 0 && contenders <= CORES ? dedicated.get() : oversubscribed.get();
        return new Interruptible(s, this);
    }

    /** An idle strategy that ends the wait when its thread is interrupted. */
    private static final class Interruptible implements IdleStrategy
    {
        private final IdleStrategy delegate;
        private final WaitPolicy policy;

        Interruptible(final IdleStrategy delegate, final WaitPolicy policy)
        {
            this.delegate = delegate;
            this.policy = policy;
        }

        @Override
        public void idle(final int workCount)
        {
            check();
            delegate.idle(workCount);
        }

        @Override
        public void idle()
        {
            check();
            delegate.idle();
        }

        @Override
        public void reset()
        {
            delegate.reset();
        }

        @Override
        public String alias()
        {
            return delegate.alias();
        }

        private void check()
        {
            if (Thread.currentThread().isInterrupted())
            {
                throw new WaitInterruptedException(policy.toString());
            }
        }
    }

    /** @return bound of each wait, in nanoseconds. */
    public long timeoutNs()
    {
        return timeoutNs;
    }

    @Override
    public String toString()
    {
        return name + (contenders > 0 ? " for " + contenders + " waiters" : "") + ", timeout " +
            TimeUnit.NANOSECONDS.toMillis(timeoutNs) + " ms";
    }
}
