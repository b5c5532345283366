package org.smpboot.sim.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Independent boots on several host threads, their results told in the order they were asked for: what `explore`
 * and `soak` run. Each boot is its own machine and, in a deterministic run, depends on its seed only, never on which
 * worker ran it or what ran beside it. At most two boots a worker run ahead of the one told next, so memory stays
 * bounded and a stop wastes little.
 */
public final class BootWorkers
{
    /** One boot of a campaign. */
    @FunctionalInterface
    public interface Task<T>
    {
        /**
         * @param index the boot's index in the campaign.
         * @return its result.
         * @throws IOException when its disk cannot be written.
         */
        T run(long index) throws IOException;
    }

    /** A boot's bound in host time, far above its own safety net: a boot that passes it is a defect. */
    private static final long HOST_BOUND_HOURS = 1;

    private BootWorkers()
    {
    }

    /**
     * Runs boots {@code first} to {@code first + count - 1} on {@code workers} threads and tells each result in index
     * order, on the calling thread, until {@code tell} answers true (stop) or every boot is told.
     *
     * @param workers host threads, at least 1; 1 runs every boot on the calling thread.
     * @param name    the threads' name.
     * @param first   the first index.
     * @param count   how many boots.
     * @param task    one boot.
     * @param tell    told each result in order; true to stop.
     * @param <T>     a result.
     * @throws IOException when a boot's disk cannot be written.
     */
    public static <T> void inOrder(final int workers, final String name, final long first, final long count,
        final Task<T> task, final Predicate<T> tell) throws IOException
    {
        if (workers < 1)
        {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        final long end = first + count;
        if (workers == 1)
        {
            for (long i = first; i < end; i++)
            {
                if (tell.test(task.run(i)))
                {
                    return;
                }
            }
            return;
        }
        final ExecutorService pool = Executors.newFixedThreadPool(workers, job ->
        {
            final Thread t = new Thread(job, name);
            t.setDaemon(true);
            return t;
        });
        final Deque<Future<T>> ahead = new ArrayDeque<>();
        try
        {
            long next = first;
            while (next < end || !ahead.isEmpty())
            {
                while (next < end && ahead.size() < 2 * workers)
                {
                    final long i = next++;
                    ahead.add(pool.submit(() -> unchecked(task, i)));
                }
                if (tell.test(await(ahead.poll())))
                {
                    break;
                }
            }
        }
        finally
        {
            ahead.forEach(f -> f.cancel(true));
            pool.shutdownNow();
        }
    }

    private static <T> T unchecked(final Task<T> task, final long i)
    {
        try
        {
            return task.run(i);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T await(final Future<T> f) throws IOException
    {
        try
        {
            return f.get(HOST_BOUND_HOURS, TimeUnit.HOURS);
        }
        catch (final ExecutionException e)
        {
            if (e.getCause() instanceof UncheckedIOException io)
            {
                throw io.getCause();
            }
            if (e.getCause() instanceof RuntimeException r)
            {
                throw r;
            }
            throw new IllegalStateException("a boot failed", e.getCause());
        }
        catch (final TimeoutException e)
        {
            throw new IllegalStateException("a boot did not end within " + HOST_BOUND_HOURS + " hour (its safety " +
                "net failed)", e);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while awaiting a boot", e);
        }
    }
}
