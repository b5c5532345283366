package org.smpboot.sim.hw;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread of a bus-mastering device (BDV, DMA): a daemon platform thread named after the device, started at
 * the first job, running jobs one after the other.
 *
 * <p>Why one thread per device and not per transfer: the device's initiator counts its accesses from a single
 * thread ({@link AccessCounts} is single-writer), and a device really does one transfer at a time per engine.
 * Under a deterministic {@link Schedule} there is no thread: a job runs at once, on the submitting core's thread.
 * {@link #close()} interrupts the running job and waits for it, because the machine frees RAM right after closing
 * the devices and a transfer must not touch freed memory.
 */
final class DeviceWorker implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(DeviceWorker.class);

    private final String name;
    private final ExecutorService executor;
    private final DeviceContext ctx;

    /**
     * @param name the thread's name, the device's.
     * @param ctx  the machine: under a deterministic schedule, jobs run at once on the caller's thread.
     */
    DeviceWorker(final String name, final DeviceContext ctx)
    {
        this.name = name;
        this.ctx = ctx;
        this.executor = Executors.newSingleThreadExecutor(r ->
        {
            final Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * @param job what to run on the device thread.
     * @return false when the worker is closed and the job will never run.
     */
    boolean submit(final Runnable job)
    {
        if (ctx.schedule().deterministic())
        {
            // one core runs at a time: the transfer is done before the register write that started it returns, on
            // the token holder's thread (the only thread running, so the initiator's counts keep a single writer)
            job.run();
            return true;
        }
        try
        {
            executor.execute(job);
            return true;
        }
        catch (final RejectedExecutionException e)
        {
            return false;
        }
    }

    /** Interrupts the running job, drops queued ones, and waits up to 5 s for the thread to end. */
    @Override
    public void close()
    {
        executor.shutdownNow();
        try
        {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS))
            {
                LOG.warn("{}: device thread did not stop within 5 s", name);
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
