package org.smpboot.runtime.wait;

import java.util.function.BooleanSupplier;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;

/**
 * The one bounded wait of the runtime: every wait of the election, the stack pools and the barriers goes through it,
 * and so can a simulated core's. It keeps a deadline on the policy's clock, idles as the {@link WaitPolicy} says, runs
 * the waiter's liveness check, and at the deadline throws the error the waiter's {@link Awaited} names (a
 * {@link WaitTimeoutException} naming the stage, the word, the value seen and the value awaited).
 *
 * <h2>Two forms</h2>
 * <pre>{@code
 * // a condition: a word and a value, or any BooleanSupplier; returns at once, allocating nothing, when it holds
 * BoundedWait.untilWord(policy, buffer, offset, 1L, Awaited.word("cpu 3: await start_bar", "start_bar @128", 1L, Long::toString));
 * BoundedWait.until(policy, () -> pool.free() > 0, (context, waitedNs) -> new WaitTimeoutException(...));
 *
 * // a loop, for a waiter whose test is its own (several words, a value to return); begin only after a miss
 * if (!done())
 * {
 *     final BoundedWait wait = BoundedWait.begin(policy, awaited, context);
 *     while (!done())
 *     {
 *         wait.idle();
 *     }
 *     wait.end();
 * }
 * }</pre>
 *
 * <h2>Rounds, checks and the clock</h2>
 * The deadline starts at {@link #begin} (the first miss), at {@code policy.clock().nanoTime()}. Each {@link #idle()}
 * first checks the thread's interrupt status ({@link WaitInterruptedException}), then, on a check round, asks a policy
 * whose idling follows a count read at each wait ({@link WaitPolicy#forContenders(java.util.function.IntSupplier)}) for
 * the count again (from the 256th round on) and restarts its idling when the count moved across the cores, reads the
 * clock, calls {@link Awaited#checkLiveness} with the time waited, and throws {@link Awaited#timedOut} once the bound
 * has passed; then it idles once. Check rounds are every 16th round while the wait still spins (a clock read costs
 * 20 to 150 ns here, a spin round tens), and every round once it yields or parks; under a custom strategy, whose
 * rounds this class cannot tell apart, every 16th round and every round after 256: a wait may overrun
 * its bound by at most one idle round of the policy (one longest park). Idling is the policy's spin, yield, park
 * backoff, run inline (a yield round's time budget takes the check round's read: one clock read a round), or the
 * policy's own Agrona strategy ({@link WaitPolicy#custom}). A waiter that judges by time what changes only by time
 * reads {@link #checkedNs()} instead of a clock of its own.
 *
 * <h2>Deadlines</h2>
 * A strategy that is {@link DeadlineAware} (a simulated core in virtual time) is told before each round by when its
 * waiter must look again even if nothing it reads is written: the bound; {@link Awaited#lookEveryNs()} after the
 * last check when the {@link Awaited} watches the passing of time; or the waiter's own deadline ({@link #lookBy}). Once that time has come, the round is a check round whatever its number.
 *
 * <h2>Allocation</h2>
 * None when the condition already holds. On the slow path each thread reuses one {@code BoundedWait} (a thread-local,
 * armed by {@link #begin} and released by {@link #end}); a wait begun while the thread's instance is still armed (a
 * wait inside a liveness check, or after an earlier wait ended by an exception) gets a fresh one. Only a
 * {@link WaitPolicy#custom} policy allocates, its strategy, on each begin. An instance belongs to its thread: never
 * hand it to another.
 */
public final class BoundedWait
{
    /** While spinning, a check round every 16 rounds. */
    static final int CHECK_MASK = 15;
    /** Past this many rounds every round of a custom strategy is a check round. */
    static final int CHECK_EVERY_ROUND_AFTER = 256;

    private static final ThreadLocal<BoundedWait> PER_THREAD = ThreadLocal.withInitial(BoundedWait::new);

    private WaitPolicy policy;
    private Awaited awaited;
    private long context;
    private long timeoutNs;
    private NanoClock clock;
    private long start;
    private long waitedNs;
    private long rounds;
    private boolean armed;
    /** The policy's count of contenders is read again at check rounds ({@link WaitPolicy#recounts()}). */
    private boolean recount;
    /** The strategy, when it can use deadlines; else null. */
    private DeadlineAware deadlines;
    /** The time of the last check round, on the wait's clock. */
    private long lastCheck;
    /** The waiter's own next deadline for this round ({@link #lookBy}), or {@link Long#MAX_VALUE}. */
    private long ownLookBy = Long.MAX_VALUE;

    /** This thread's built-in idling, re-armed by each wait of a built-in policy. */
    private final Backoff backoff = new Backoff();
    private IdleStrategy strategy;

    private BoundedWait()
    {
    }

    /**
     * Starts a wait bounded by the policy's timeout: call after the condition was found false.
     *
     * @param policy  how to idle, the bound and the clock.
     * @param awaited what is awaited: its liveness check and its error.
     * @param context passed to {@code awaited}; change it with {@link #context(long)}, or move the wait to another step with {@link #step(long)}.
     * @return the calling thread's wait, armed.
     */
    public static BoundedWait begin(final WaitPolicy policy, final Awaited awaited, final long context)
    {
        return begin(policy, policy.timeoutNs(), awaited, context);
    }

    /**
     * Starts a wait with its own bound: call after the condition was found false.
     *
     * @param policy    how to idle, and the clock.
     * @param timeoutNs the bound, on the policy's clock (zero or less: the wait ends at its first check round).
     * @param awaited   what is awaited: its liveness check and its error.
     * @param context   passed to {@code awaited}; change it with {@link #context(long)}, or move the wait to another step with {@link #step(long)}.
     * @return the calling thread's wait, armed.
     */
    public static BoundedWait begin(
        final WaitPolicy policy, final long timeoutNs, final Awaited awaited, final long context)
    {
        BoundedWait wait = PER_THREAD.get();
        if (wait.armed)
        {
            wait = new BoundedWait();
            PER_THREAD.set(wait);
        }
        wait.arm(policy, timeoutNs, awaited, context);
        return wait;
    }

    /**
     * Waits until {@code condition} holds.
     *
     * @param policy    how to idle, the bound and the clock.
     * @param condition tested before every idle round, and first of all.
     * @param awaited   the liveness check and the error (context 0).
     */
    public static void until(final WaitPolicy policy, final BooleanSupplier condition, final Awaited awaited)
    {
        if (condition.getAsBoolean())
        {
            return;
        }
        final BoundedWait wait = begin(policy, awaited, 0);
        do
        {
            wait.idle();
        }
        while (!condition.getAsBoolean());
        wait.end();
    }

    /**
     * Waits until the 64-bit word at {@code index} holds {@code expected}, read with volatile (acquire) loads: what the
     * writer wrote before its release store of that value is visible on return.
     *
     * @param policy   how to idle, the bound and the clock.
     * @param buffer   the memory.
     * @param index    the word's offset.
     * @param expected the value awaited.
     * @param awaited  the liveness check and the error; their context is the value last seen.
     * @return {@code expected}, once read.
     */
    public static long untilWord(
        final WaitPolicy policy, final AtomicBuffer buffer, final int index, final long expected, final Awaited awaited)
    {
        long seen = buffer.getLongVolatile(index);
        if (seen == expected)
        {
            return seen;
        }
        final BoundedWait wait = begin(policy, awaited, seen);
        do
        {
            wait.idle();
            wait.context = seen = buffer.getLongVolatile(index);
        }
        while (seen != expected);
        wait.end();
        return seen;
    }

    private void arm(final WaitPolicy policy, final long timeoutNs, final Awaited awaited, final long context)
    {
        this.policy = policy;
        this.awaited = awaited;
        this.context = context;
        this.timeoutNs = timeoutNs;
        this.clock = policy.clock();
        this.rounds = 0;
        this.waitedNs = 0;
        final WaitPolicy.Idle idle = policy.idle();
        if (idle.custom != null)
        {
            this.strategy = idle.custom.get();
            this.strategy.reset();
        }
        else
        {
            this.strategy = backoff.configure(idle, clock);
        }
        this.deadlines = strategy instanceof DeadlineAware ? (DeadlineAware)strategy : null;
        this.recount = strategy == backoff && policy.recounts();
        this.ownLookBy = Long.MAX_VALUE;
        this.armed = true;
        this.start = clock.nanoTime();
        this.lastCheck = start;
    }

    /**
     * One idle round: the interrupt check, on a check round the clock, the liveness check and the deadline, then one
     * round of the policy's idling.
     *
     * @throws WaitInterruptedException when the thread is interrupted (status kept).
     * @throws RuntimeException         what {@link Awaited#checkLiveness} throws, or {@link Awaited#timedOut} once
     *                                  the bound has passed.
     */
    public void idle()
    {
        if (Thread.currentThread().isInterrupted())
        {
            armed = false;
            throw new WaitInterruptedException(policy.toString());
        }
        final DeadlineAware d = deadlines;
        // a built-in policy's spins: every 16th round only, however long they last (a 2-CPU election's waits spin for
        // hundreds of rounds while the other thread is scheduled, and a check each round read two clocks a round)
        boolean checked = false;
        if ((++rounds & CHECK_MASK) == 0 || (strategy == backoff ? !backoff.spinning() :
            rounds > CHECK_EVERY_ROUND_AFTER) ||
            d != null && clock.nanoTime() >= checkBy())
        {
            check();
            checked = true;
        }
        if (d != null)
        {
            d.lookBy(Math.min(checkBy(), ownLookBy));
            ownLookBy = Long.MAX_VALUE;
        }
        if (strategy == backoff)
        {
            // a yield round is a check round: the backoff's yield budget takes the time the check just read
            backoff.idle(checked ? lastCheck : Backoff.NO_TIME);
        }
        else
        {
            strategy.idle();
        }
    }

    /**
     * A deadline of the waiter's own protocol for the next idle round (the end of a quiet period, the next heartbeat
     * it must write): a {@link DeadlineAware} strategy hears of it, with the wait's own bound and liveness look; any
     * other ignores it. Applies to the next {@link #idle()} only.
     *
     * @param nanoTime a time on the wait's clock.
     */
    public void lookBy(final long nanoTime)
    {
        ownLookBy = Math.min(ownLookBy, nanoTime);
    }

    /** @return when a check round is due by time alone: the bound, or the next look of a check that watches time. */
    private long checkBy()
    {
        final long bound = start + timeoutNs < start ? Long.MAX_VALUE : start + timeoutNs; // saturated
        final long every = awaited.lookEveryNs();
        return every > 0 && lastCheck + every > lastCheck ? Math.min(bound, lastCheck + every) : bound;
    }

    /**
     * Whether the next idle round only spins: a built-in policy still in its spins, and no deadline-aware strategy
     * (whose one round may be a whole period of a simulated core's time). A waiter that judges by time what changes
     * only by time needs no clock of its own: {@link #checkedNs()} gives the wait's reading.
     *
     * @return true while the wait spins.
     */
    public boolean spinning()
    {
        return deadlines == null && strategy == backoff && backoff.spinning();
    }

    /**
     * The wait's clock for a waiter that judges by time what changes only by time (a heartbeat's period, a quiet
     * period), read again only when it may have moved by more than a few rounds of spins or one yield: while a built-in
     * policy spins or yields, the time its last check round read (check rounds come every 16th round while it spins,
     * every round once it yields); after a park, or under a policy's own strategy (whose one round may be a whole
     * period of a simulated core's time, or a test's jump of a virtual clock), the clock itself.
     *
     * @return a time on the wait's clock.
     */
    public long checkedNs()
    {
        // the built-in backoff is never DeadlineAware: its rounds are spins, yields and parks of real time
        return strategy == backoff && !backoff.parked() ? lastCheck : clock.nanoTime();
    }

    /** @return the phase of the next idle round: "spin", "yield", "park", or "custom" for a policy's own (tests). */
    String nextPhase()
    {
        return strategy == backoff ? backoff.nextPhase() : "custom";
    }

    private void check()
    {
        if (recount && rounds >= CHECK_EVERY_ROUND_AFTER)
        {
            // from the 256th round only: a short wait (a 2-CPU boot's waits spin 30 to 50 rounds a boot in all) never
            // reads the count's line, which the CPUs it waits for write
            final WaitPolicy.Idle now = policy.idle();
            if (now != backoff.phases())
            {
                backoff.configure(now, clock); // the count crossed the cores: idle for the new count, from its start
            }
        }
        final long now = clock.nanoTime();
        final long waited = now - start;
        waitedNs = waited;
        lastCheck = now;
        try
        {
            awaited.checkLiveness(context, waited);
        }
        catch (final RuntimeException | Error e)
        {
            armed = false;
            throw e;
        }
        if (waited >= timeoutNs)
        {
            armed = false;
            throw awaited.timedOut(context, waited);
        }
    }

    /**
     * Reports progress towards the condition (another participant arrived, a round completed): the idling starts over
     * from its first phase, as Phaser recharges its spins at each arrival, so a waiter that sees others still arriving
     * keeps spinning or yielding instead of parking. No effect on a {@link WaitPolicy#custom} policy's strategy.
     */
    public void progress()
    {
        if (strategy == backoff)
        {
            backoff.reset();
        }
    }

    /**
     * Sets the context passed to the {@link Awaited} from now on (a new step of the same wait, the value last seen).
     *
     * @param context the new context.
     */
    public void context(final long context)
    {
        this.context = context;
    }

    /**
     * Moves the wait to a new step that waits on another word (a dissemination barrier's next round), the bound still
     * counting from {@link #begin}: sets the context, and a custom idle strategy starts afresh, as at a wait's first
     * round. A simulated core's timed idle rewinds each failed poll to the mark its first round took; without the
     * reset, a later step's failed polls would rewind the core to the first step's mark, erasing what it did between
     * the steps (the signal it stored) and, since its clock then never passes that mark, the bound itself.
     *
     * @param context the new step's context.
     */
    public void step(final long context)
    {
        this.context = context;
        if (strategy != null)
        {
            strategy.reset();
        }
    }

    /** @return time waited as of the last check round, on the policy's clock. */
    public long waitedNs()
    {
        return waitedNs;
    }

    /** @return the policy of the wait. */
    public WaitPolicy policy()
    {
        return policy;
    }

    /** Ends the wait (its condition held): the thread's next {@link #begin} reuses this instance. */
    public void end()
    {
        armed = false;
        awaited = null;
        strategy = null;
        deadlines = null;
    }
}
