package org.smpboot.sim.hw;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The one thread of a bus-mastering device (BDV, DMA): a daemon platform thread named after the device, started at
 * the first job, running jobs one after the other.
 *
 * <p>Why one thread per device and not per transfer: the device's initiator counts its accesses from a single
 * thread ({@link AccessCounts} is single-writer), and a device really does one transfer at a time per engine.
 * {@link #close()} interrupts the running job and waits for it, because the machine frees RAM right after closing
 * the devices and a transfer must not touch freed memory.
 */
final class DeviceWorker implements AutoCloseable
{
    private final String name;
    private final ExecutorService executor;

    /**
     * @param name the thread's name, the device's.
     */
    DeviceWorker(final String name)
    {
        this.name = name;
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
                System.err.println(name + ": device thread did not stop within 5 s");
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
