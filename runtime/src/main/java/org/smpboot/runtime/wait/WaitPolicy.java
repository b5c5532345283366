package org.smpboot.runtime.wait;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * How every wait of the runtime spends its time, how long it may last, and which clock measures it. Every wait goes
 * through {@link BoundedWait}, which reads this policy: its idle rounds (spin, yield, park, or the caller's own Agrona
 * {@link IdleStrategy}), its bound ({@link #timeoutNs()}) and its clock ({@link #clock()}, {@code System.nanoTime()} by
 * default; a simulator gives its own, so that a seeded replay never reads host time).
 *
 * <p>The default policy depends on how many threads may wait at once ({@link #forContenders(int)}), because the best
 * way to wait differs on each side of the core count (measured on this project's 2-vCPU machines; README, "Benchmarks"):
 * <ul>
 *   <li>contenders &lt;= cores: spin long ({@value #DEDICATED_SPINS} spins, {@value #DEDICATED_YIELDS} yields), then
 *       park. The partner is running and arrives within a cache-line transfer or two; a park costs at least the 50 us
 *       timer slack, so running out of spins turned a ~0.1 us 2-party barrier episode into ~23 us;</li>
 *   <li>contenders &gt; cores, or unknown: the waiters share the processors, so a waiter does not spin at all
 *       ({@value #OVERSUBSCRIBED_SPINS} spins): every spin holds a processor that a thread still to arrive needs. It
 *       yields instead, at least {@value #OVERSUBSCRIBED_YIELDS} times and for up to {@link #OVERSUBSCRIBED_YIELD_NS}
 *       (50 us, what the shortest park costs: the timer slack; the classic spin-then-block rule, idle as long as
 *       blocking would cost), then parks 1 us to 1 ms. Pure spinning is a cliff there (one scheduler tick per queued
 *       thread per episode: 129 ms for 64 threads on 2 cores) and parked waiters leave the run queue to the threads
 *       still to arrive.</li>
 * </ul>
 * This is Phaser's rule (it spins only while there are processors to spare, unarrived &lt; NCPU); libgomp spins 100
 * times when oversubscribed.
 *
 * <p>Every wait checks its thread's interrupt status at each idle round and ends with a
 * {@link WaitInterruptedException} (status kept): a thread told to stop stops at its next idle round instead of
 * spinning out its bound, as a parked waiter would otherwise do once interrupted (a park returns at once then).
 *
 * <p>Immutable; one policy may be shared by every thread.
 */
public final class WaitPolicy
{
    /**
     * System property that overrides {@link #DEFAULT_TIMEOUT_NS}: a positive whole number of milliseconds. Meant for
     * mutation testing (the runtime's {@code pitest} profile sets it for PIT's minions), where a mutant that makes a
     * wait never end should fail its test by a {@link WaitTimeoutException} in well under a second instead of by PIT's
     * own timeout and a new minion JVM. Unset, the default is 10 s; a value that is not a positive number of
     * milliseconds stops this class from loading with an {@link IllegalArgumentException} naming the property.
     */
    public static final String TIMEOUT_PROPERTY = "smpboot.wait.timeoutMs";

    /**
     * Default bound of a wait: long enough for 256 threads on 2 cores, short enough for a test to fail promptly. 10 s,
     * unless {@value #TIMEOUT_PROPERTY} says otherwise.
     */
    public static final long DEFAULT_TIMEOUT_NS =
        TimeUnit.MILLISECONDS.toNanos(MillisProperty.read(TIMEOUT_PROPERTY, TimeUnit.SECONDS.toMillis(10)));

    /** Spins before yielding when the waiters fit the cores. */
    public static final long DEDICATED_SPINS = 2000;
    /** Yields before parking when the waiters fit the cores. */
    public static final long DEDICATED_YIELDS = 100;
    /** Spins before yielding when waiters outnumber cores: none, the processors are shared. */
    public static final long OVERSUBSCRIBED_SPINS = 0;
    /** Yields before parking when waiters outnumber cores, at least (Agrona's default count). */
    public static final long OVERSUBSCRIBED_YIELDS = 5;
    /**
     * Time to keep yielding before parking when waiters outnumber cores: a park costs at least the timer slack (50 us
     * on Linux) before the waiter can look again, so a waiter yields about that long first (spin-then-block: idle as
     * long as blocking would cost). What it changes on 2 cores: README, "Benchmarks".
     */
    public static final long OVERSUBSCRIBED_YIELD_NS = TimeUnit.MICROSECONDS.toNanos(50);
    /** First park (the OS rounds it up to its timer slack, about 50 us on Linux). */
    public static final long MIN_PARK_NS = TimeUnit.MICROSECONDS.toNanos(1);
    /** Longest park: the worst extra latency a backed-off waiter adds. */
    public static final long MAX_PARK_NS = TimeUnit.MILLISECONDS.toNanos(1);

    static final int CORES = Runtime.getRuntime().availableProcessors();

    private static final WaitPolicy DEFAULT = new WaitPolicy(
        "adaptive(<= " + CORES + " waiters: " + DEDICATED_SPINS + " spins, " + DEDICATED_YIELDS + " yields; more: " +
        OVERSUBSCRIBED_SPINS + " spins, " + OVERSUBSCRIBED_YIELDS + " yields or " +
        TimeUnit.NANOSECONDS.toMicros(OVERSUBSCRIBED_YIELD_NS) + " us of yields; park 1 us..1 ms)",
        new Idle(DEDICATED_SPINS, DEDICATED_YIELDS, 0, MIN_PARK_NS, MAX_PARK_NS, null),
        new Idle(OVERSUBSCRIBED_SPINS, OVERSUBSCRIBED_YIELDS, OVERSUBSCRIBED_YIELD_NS, MIN_PARK_NS, MAX_PARK_NS, null),
        0, null, DEFAULT_TIMEOUT_NS, SystemNanoClock.INSTANCE);

    private final String name;
    private final Idle dedicated;
    private final Idle oversubscribed;
    private final int contenders;
    private final IntSupplier contendersNow;
    private final long timeoutNs;
    private final NanoClock clock;

    /**
     * How a wait idles: a spin, yield, park backoff that {@link BoundedWait} runs inline (no strategy object), or the
     * caller's own strategies.
     */
    static final class Idle
    {
        final long spins;
        final long yields;
        final long yieldNs;
        final long minParkNs;
        final long maxParkNs;
        final Supplier<IdleStrategy> custom;

        Idle(final long spins, final long yields, final long yieldNs, final long minParkNs, final long maxParkNs,
            final Supplier<IdleStrategy> custom)
        {
            this.spins = spins;
            this.yields = yields;
            this.yieldNs = yieldNs;
            this.minParkNs = minParkNs;
            this.maxParkNs = maxParkNs;
            this.custom = custom;
        }

        IdleStrategy newStrategy(final NanoClock clock)
        {
            return custom != null ? custom.get() : new Backoff().configure(this, clock);
        }
    }

    private WaitPolicy(
        final String name, final Idle dedicated, final Idle oversubscribed, final int contenders,
        final IntSupplier contendersNow, final long timeoutNs, final NanoClock clock)
    {
        if (timeoutNs <= 0)
        {
            throw new IllegalArgumentException("wait timeout must be positive, got " + timeoutNs + " ns");
        }
        this.name = name;
        this.dedicated = dedicated;
        this.oversubscribed = oversubscribed;
        this.contenders = contenders;
        this.contendersNow = contendersNow;
        this.timeoutNs = timeoutNs;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private WaitPolicy(final String name, final Idle idle, final long timeoutNs)
    {
        this(name, idle, idle, 0, null, timeoutNs, SystemNanoClock.INSTANCE);
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
        return backoff(maxSpins, maxYields, 0, minParkNs, maxParkNs, timeoutNs);
    }

    /**
     * A spin, yield, park policy whose yield phase may also last for a time: the waiter yields while it has yielded
     * fewer than {@code maxYields} times <em>or</em> less than {@code yieldNs} has passed (on the policy's clock) since
     * its first yield. How many yields cover a wait depends on how many threads share the processors (a yield returns
     * at once on an idle core, after a time slice on a busy one); a time budget does not.
     *
     * @param maxSpins    spins before yielding.
     * @param maxYields   yields before parking (at least).
     * @param yieldNs     time to keep yielding before parking (at least; 0: count only).
     * @param minParkNs   first park.
     * @param maxParkNs   longest park.
     * @param timeoutNs   bound of each wait.
     * @return a fixed spin, yield, park policy, whatever the number of contenders.
     */
    public static WaitPolicy backoff(
        final long maxSpins, final long maxYields, final long yieldNs, final long minParkNs, final long maxParkNs,
        final long timeoutNs)
    {
        if (maxSpins < 0 || maxYields < 0 || yieldNs < 0 || minParkNs < 1 || maxParkNs < minParkNs)
        {
            throw new IllegalArgumentException("backoff needs spins >= 0, yields >= 0, yield time >= 0 and " +
                "1 <= minPark <= maxPark; got " + maxSpins + ", " + maxYields + ", " + yieldNs + ", " + minParkNs +
                ", " + maxParkNs);
        }
        return new WaitPolicy(
            "backoff(" + maxSpins + " spins, " + maxYields + " yields" + (yieldNs > 0 ? " or " + yieldNs +
            " ns of yields" : "") + ", park " + minParkNs + ".." + maxParkNs + " ns)",
            new Idle(maxSpins, maxYields, yieldNs, minParkNs, maxParkNs, null), timeoutNs);
    }

    /**
     * A policy over the caller's own idle strategies, for waiters that know better than spinning and parking blindly
     * (a simulator whose waiters can be woken when the word they read is written, say). The strategy is reset, never
     * shared between threads, and every wait still checks the interrupt status.
     *
     * @param name       how the policy is named in errors.
     * @param strategies a fresh strategy per waiting call.
     * @param timeoutNs  bound of each wait.
     * @return the policy.
     */
    public static WaitPolicy custom(final String name, final Supplier<IdleStrategy> strategies, final long timeoutNs)
    {
        return new WaitPolicy(name, new Idle(0, 0, 0, 1, 1, Objects.requireNonNull(strategies, "strategies")),
            timeoutNs);
    }

    /**
     * @param timeoutNs bound of each wait.
     * @return pure spinning: fastest with a core per thread, a cliff when threads outnumber cores.
     */
    public static WaitPolicy busySpin(final long timeoutNs)
    {
        return new WaitPolicy("busy-spin", new Idle(Long.MAX_VALUE, 0, 0, 1, 1, null), timeoutNs);
    }

    /**
     * @param timeoutNs bound of each wait.
     * @return yield on every idle round.
     */
    public static WaitPolicy yielding(final long timeoutNs)
    {
        return new WaitPolicy("yielding", new Idle(0, Long.MAX_VALUE, 0, 1, 1, null), timeoutNs);
    }

    /**
     * Tells the policy how many threads may wait at once on what it is used for (a barrier's parties). The first call
     * wins, so a composite (a hierarchical barrier) can give its total before its pieces give their own sizes.
     *
     * @param waiters threads that may wait at once.
     * @return a policy that picks its idling for that many waiters.
     */
    public WaitPolicy forContenders(final int waiters)
    {
        if (contenders != 0 || contendersNow != null || waiters < 1)
        {
            return this;
        }
        return new WaitPolicy(name, dedicated, oversubscribed, waiters, null, timeoutNs, clock);
    }

    /**
     * For waiters whose number is known only as they arrive (the CPUs of an election): the policy asks, at the start of
     * each wait, how many threads may wait at once, and picks its idling for that many (0 or less: unknown, idled as
     * many); a {@link BoundedWait} asks again at each of its check rounds from its 256th round on and changes its
     * idling, starting its phases over, when the answer moves across the core count (a leader that began to wait with
     * one CPU counted while sixty more arrive stops spinning and holding a processor they need). Ignored, like
     * {@link #forContenders(int)}, when the contenders are already set.
     *
     * @param waitersNow how many threads may wait at once now; called on the slow path only.
     * @return a policy that picks its idling at each wait.
     */
    public WaitPolicy forContenders(final IntSupplier waitersNow)
    {
        if (contenders != 0 || contendersNow != null)
        {
            return this;
        }
        return new WaitPolicy(name, dedicated, oversubscribed, 0, Objects.requireNonNull(waitersNow, "waitersNow"),
            timeoutNs, clock);
    }

    /**
     * @param timeoutNs the new bound.
     * @return the same idling with another bound.
     */
    public WaitPolicy withTimeout(final long timeoutNs)
    {
        return new WaitPolicy(name, dedicated, oversubscribed, contenders, contendersNow, timeoutNs, clock);
    }

    /**
     * @param timeout the new bound.
     * @param unit    its unit.
     * @return the same idling with another bound.
     */
    public WaitPolicy withTimeout(final long timeout, final TimeUnit unit)
    {
        return withTimeout(unit.toNanos(timeout));
    }

    /**
     * The clock every wait of this policy measures its bound with (and reads once per check round, see
     * {@link BoundedWait}). A deterministic simulator gives a clock of its own steps, so that a replay never depends
     * on the host's speed.
     *
     * @param clock elapsed nanoseconds, monotonic.
     * @return the same idling and bound on that clock.
     */
    public WaitPolicy withClock(final NanoClock clock)
    {
        return new WaitPolicy(name, dedicated, oversubscribed, contenders, contendersNow, timeoutNs, clock);
    }

    /** @return the clock of this policy's bounds ({@code System.nanoTime()} unless {@link #withClock} changed it). */
    public NanoClock clock()
    {
        return clock;
    }

    /**
     * @return true when the idling depends on a count read at each wait ({@link #forContenders(IntSupplier)}): a
     *     {@link BoundedWait} then asks again at its check rounds from its 256th round on, since the count may grow
     *     while it waits.
     */
    boolean recounts()
    {
        return dedicated != oversubscribed && contenders == 0 && contendersNow != null;
    }

    /** @return how a wait idles for this policy's contenders: dedicated when known and fitting the cores. */
    Idle idle()
    {
        if (dedicated == oversubscribed)
        {
            return dedicated; // one idling whatever the count: do not ask (a simulator's count read is an access)
        }
        final int waiters = contenders > 0 ? contenders : contendersNow != null ? contendersNow.getAsInt() : 0;
        return waiters > 0 && waiters <= CORES ? dedicated : oversubscribed;
    }

    /**
     * For a caller that runs its own loop instead of {@link BoundedWait}: a fresh Agrona strategy of this policy
     * (interrupt-aware), the dedicated one when the contenders are known and fit the cores, the oversubscribed one
     * otherwise (an unknown count is treated as many). Prefer {@link BoundedWait}, which also keeps the bound.
     *
     * @return a fresh strategy for one waiting call.
     */
    public IdleStrategy newIdleStrategy()
    {
        return new Interruptible(idle().newStrategy(clock), this);
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
            checkInterrupt(policy);
            delegate.idle(workCount);
        }

        @Override
        public void idle()
        {
            checkInterrupt(policy);
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
    }

    /** Ends the wait, status kept, when the current thread is interrupted. */
    static void checkInterrupt(final WaitPolicy policy)
    {
        if (Thread.currentThread().isInterrupted())
        {
            throw new WaitInterruptedException(policy.toString());
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
        return name + (contenders > 0 ? " for " + contenders + " waiters" : contendersNow != null ?
            " for the waiters counted so far" : "") + ", timeout " +
            TimeUnit.NANOSECONDS.toMillis(timeoutNs) + " ms";
    }
}
