package org.smpboot.bench.harness;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed crew of threads that run one task together per round: member 0 is the caller (the JMH benchmark thread),
 * members 1..n-1 are daemon threads started once per trial.
 *
 * <p>Why not JMH's own {@code @Threads}: a barrier or a boot needs every participant in every episode, and JMH stops
 * its threads one by one at the end of an iteration, which would leave the last ones waiting forever for peers that
 * already left. Here a round always has all members, and the caller's timed call covers the gate opening to the last
 * member's return.
 *
 * <p>Idle members spin, then yield (so a round's start never costs a futex wake, 50 us or more on this VM), and only
 * after {@link #PARK_AFTER_NS} without a round do they park in short naps, so that the crew does not burn the machine
 * between JMH iterations. A crew that fits the cores spins for {@link #SPIN_NS} before yielding: a yield on a loaded
 * machine hands the core to another process and was measured to add ~8 us to a 2-member round (0.2 us spinning). An
 * oversubscribed crew yields after a few spins, as Phaser and libgomp do, so that members done early do not steal
 * the cores from members still working in the timed round.
 */
public final class Crew implements AutoCloseable
{
    /** Work of one member in one round. */
    @FunctionalInterface
    public interface Task
    {
        /**
         * @param member 0 for the caller, 1..n-1 for the crew threads.
         * @throws Exception anything; the round then fails on the caller.
         */
        void run(int member) throws Exception;
    }

    /** Idle time after which a member naps instead of yielding (between JMH iterations, not between rounds). */
    static final long PARK_AFTER_NS = TimeUnit.MILLISECONDS.toNanos(20);
    /** Bound of a round: a hung barrier fails the benchmark instead of hanging the run. */
    static final long ROUND_LIMIT_NS = TimeUnit.SECONDS.toNanos(120);
    /** Spin budget before yielding when the crew fits the cores. */
    static final long SPIN_NS = TimeUnit.MICROSECONDS.toNanos(200);
    private static final int SPINS = 100;

    private final int members;
    private final long spinNs;
    private final Thread[] threads;
    private final AtomicLong round = new AtomicLong();
    private final AtomicInteger finished = new AtomicInteger();
    private volatile Task task;
    private volatile Throwable failure;
    private volatile boolean closed;

    /**
     * @param members threads per round, the caller included (at least 1).
     * @param name    prefix of the thread names.
     */
    public Crew(final int members, final String name)
    {
        if (members < 1)
        {
            throw new IllegalArgumentException("a crew needs at least one member, got " + members);
        }
        this.members = members;
        this.spinNs = members <= Runtime.getRuntime().availableProcessors() ? SPIN_NS : 0;
        this.threads = new Thread[members - 1];
        for (int i = 1; i < members; i++)
        {
            final int member = i;
            final Thread t = new Thread(() -> serve(member), name + "-" + member);
            t.setDaemon(true);
            threads[i - 1] = t;
            t.start();
        }
    }

    /** @return members per round, the caller included. */
    public int members()
    {
        return members;
    }

    /**
     * Runs {@code task} on every member, the caller as member 0, and returns when all have returned.
     *
     * @param task the work of one round.
     * @throws IllegalStateException carrying the first member's failure, or when the round outlives its bound.
     */
    public void run(final Task task)
    {
        this.task = task;
        finished.set(0); // every worker counted itself in the previous round before it returned
        round.incrementAndGet(); // volatile write: publishes task and the reset count to the crew
        runOwnPart(task);
        final long start = System.nanoTime();
        int idle = 0;
        while (finished.get() != members - 1)
        {
            if (++idle > SPINS && System.nanoTime() - start > spinNs)
            {
                Thread.yield();
                if (System.nanoTime() - start > ROUND_LIMIT_NS)
                {
                    throw new IllegalStateException("crew round " + round.get() + ": only " + finished.get() + " of " +
                        (members - 1) + " crew threads finished within " + TimeUnit.NANOSECONDS.toSeconds(ROUND_LIMIT_NS) +
                        " s (a participant hung)", failure);
                }
            }
            else
            {
                Thread.onSpinWait();
            }
        }
        final Throwable f = failure;
        if (f != null)
        {
            failure = null;
            throw new IllegalStateException("crew member failed: " + f, f);
        }
    }

    private void runOwnPart(final Task task)
    {
        try
        {
            task.run(0);
        }
        catch (final Exception e)
        {
            failure = e;
        }
    }

    private void serve(final int member)
    {
        long seen = 0;
        while (true)
        {
            long now;
            long idleSince = 0;
            int idle = 0;
            while ((now = round.get()) == seen)
            {
                if (closed)
                {
                    return;
                }
                if (++idle <= SPINS)
                {
                    Thread.onSpinWait();
                }
                else if (idleSince == 0)
                {
                    idleSince = System.nanoTime();
                }
                else if (System.nanoTime() - idleSince < spinNs)
                {
                    Thread.onSpinWait();
                }
                else if (System.nanoTime() - idleSince < PARK_AFTER_NS)
                {
                    Thread.yield();
                }
                else
                {
                    LockSupport.parkNanos(100_000);
                }
            }
            seen = now;
            try
            {
                task.run(member);
            }
            catch (final Throwable t)
            {
                failure = t;
            }
            finished.incrementAndGet();
        }
    }

    /** Stops the crew threads (they are daemons, so a forgotten crew never keeps a fork alive). */
    @Override
    public void close()
    {
        closed = true;
        for (final Thread t : threads)
        {
            LockSupport.unpark(t);
        }
        for (final Thread t : threads)
        {
            try
            {
                t.join(TimeUnit.SECONDS.toMillis(5));
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
