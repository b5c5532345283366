package org.smpboot.runtime.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.concurrent.locks.LockSupport;

import org.smpboot.runtime.wait.BoundedWait;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * Plays N CPUs with N platform threads released together from a start gate, each after its own random jitter, as
 * cores leaving reset at slightly different times. Used by the {@code race} command and by tests.
 */
public final class ThreadCpus
{
    private ThreadCpus()
    {
    }

    /**
     * What one CPU's body returned or threw.
     *
     * @param cpu   the CPU.
     * @param value what the body returned, or null.
     * @param error what the body threw, or null.
     * @param <T>   the body's result.
     */
    public record Result<T>(int cpu, T value, Throwable error)
    {
    }

    /**
     * The results of one run, in CPU order, and when the gate opened.
     *
     * @param gateNanos {@link System#nanoTime()} when the gate opened.
     * @param results   one per CPU.
     * @param <T>       the body's result.
     */
    public record Run<T>(long gateNanos, List<Result<T>> results)
    {
    }

    /**
     * Runs {@code body(cpu)} on {@code cpus} threads from a common gate and waits for all of them, at most
     * {@code timeoutNs}.
     *
     * @param cpus      number of CPUs, ids 0 to cpus - 1.
     * @param maxJitterNs each CPU waits a random 0..maxJitterNs after the gate.
     * @param seed      seed of the jitter.
     * @param timeoutNs bound on the whole run.
     * @param body      what each CPU runs.
     * @param <T>       its result.
     * @return the results.
     * @throws IllegalStateException naming the CPUs still running when the bound expires (their threads are
     *     interrupted and left as daemons).
     */
    public static <T> Run<T> run(
        final int cpus, final long maxJitterNs, final long seed, final long timeoutNs, final IntFunction<T> body)
    {
        return run(idsUpTo(cpus), maxJitterNs, seed, timeoutNs, body);
    }

    /**
     * As {@link #run(int, long, long, long, IntFunction)}, for a given set of CPU ids.
     *
     * @param ids       the CPU ids.
     * @param maxJitterNs each CPU waits a random 0..maxJitterNs after the gate.
     * @param seed      seed of the jitter.
     * @param timeoutNs bound on the whole run.
     * @param body      what each CPU runs.
     * @param <T>       its result.
     * @return the results, in the order of {@code ids}.
     */
    @SuppressWarnings("unchecked")
    public static <T> Run<T> run(
        final int[] ids, final long maxJitterNs, final long seed, final long timeoutNs, final IntFunction<T> body)
    {
        final int n = ids.length;
        final Result<T>[] results = new Result[n];
        final Thread[] threads = new Thread[n];
        final AtomicInteger ready = new AtomicInteger();
        final long[] gate = {0};
        final SplittableRandom random = new SplittableRandom(seed);
        final Object gateLock = new Object();
        final boolean[] open = {false};
        for (int i = 0; i < n; i++)
        {
            final int slot = i;
            final int cpu = ids[i];
            final long jitter = maxJitterNs > 0 ? random.nextLong(maxJitterNs + 1) : 0;
            threads[i] = new Thread(() ->
            {
                ready.incrementAndGet();
                synchronized (gateLock)
                {
                    while (!open[0])
                    {
                        try
                        {
                            gateLock.wait();
                        }
                        catch (final InterruptedException e)
                        {
                            results[slot] = new Result<>(cpu, null, e);
                            return;
                        }
                    }
                }
                if (jitter > 0)
                {
                    LockSupport.parkNanos(jitter);
                }
                try
                {
                    results[slot] = new Result<>(cpu, body.apply(cpu), null);
                }
                catch (final Throwable t)
                {
                    results[slot] = new Result<>(cpu, null, t);
                }
            }, "cpu-" + cpu);
            threads[i].setDaemon(true);
            threads[i].start();
        }
        final long deadline = System.nanoTime() + timeoutNs;
        BoundedWait.until(WaitPolicy.yielding(timeoutNs), () -> ready.get() >= n, (context, waitedNs) ->
        {
            for (final Thread t : threads)
            {
                t.interrupt(); // those already at the gate leave it instead of waiting on it forever
            }
            return new IllegalStateException("start gate: only " + ready.get() + " of " + n + " CPU threads started");
        });
        synchronized (gateLock)
        {
            gate[0] = System.nanoTime();
            open[0] = true;
            gateLock.notifyAll();
        }
        final List<Integer> stuck = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            try
            {
                threads[i].join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the CPU threads", e);
            }
            if (threads[i].isAlive())
            {
                stuck.add(ids[i]);
            }
        }
        if (!stuck.isEmpty())
        {
            for (final Thread t : threads)
            {
                t.interrupt();
            }
            throw new IllegalStateException("CPUs " + stuck + " still running after " +
                TimeUnit.NANOSECONDS.toMillis(timeoutNs) + " ms");
        }
        return new Run<>(gate[0], List.of(results));
    }

    private static int[] idsUpTo(final int cpus)
    {
        if (cpus < 1)
        {
            throw new IllegalArgumentException("need at least 1 CPU, got " + cpus);
        }
        final int[] ids = new int[cpus];
        for (int i = 0; i < cpus; i++)
        {
            ids[i] = i;
        }
        return ids;
    }
}
