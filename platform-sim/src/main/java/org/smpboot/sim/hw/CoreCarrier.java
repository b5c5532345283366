package org.smpboot.sim.hw;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;

/**
 * The one host thread that runs every virtual core thread of a deterministic run, in turn: the scheduler of their
 * continuations. A deterministic run lets one core run at a time; on the JDK's default scheduler (a fork-join pool of
 * one carrier per host CPU) each hand-off of the token wakes another carrier through the kernel (a futex, tens of
 * microseconds on this VM), while on a single carrier it is a queue offer, the holder's continuation yielding, and
 * the carrier's loop taking the next one: no system call. Each deterministic run has its own carrier, so independent
 * runs ({@code soak}, {@code explore} workers) still use every host CPU.
 *
 * <p>The queue is multi-producer (a virtual thread unparked by a timer, an interrupt or a platform thread), single
 * consumer (the carrier). The carrier parks when the queue is empty: it raises {@code idle}, re-checks the queue and
 * parks; a producer offers, then unparks the carrier if it reads {@code idle} raised. Both are volatile accesses
 * after a write of each side, so either the carrier sees the task or the producer sees it idle: no task is lost, and
 * a hand-off between two cores on the carrier makes no system call.
 */
final class CoreCarrier implements Executor
{
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean closed;
    /** Set by the carrier before it re-checks an empty queue and parks: only then must a producer unpark it. */
    private volatile boolean idle;

    /**
     * @param name the carrier thread's name.
     */
    CoreCarrier(final String name)
    {
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void execute(final Runnable task)
    {
        tasks.offer(task);
        // (a core handing the token on runs on the carrier, which takes the task as soon as the core yields)
        if (idle)
        {
            LockSupport.unpark(thread);
        }
    }

    /** Stops the carrier once its queue is empty: call when no core thread will run again. */
    void close()
    {
        closed = true;
        LockSupport.unpark(thread);
    }

    /** @return the carrier's thread (tests). */
    Thread thread()
    {
        return thread;
    }

    private void loop()
    {
        while (true)
        {
            final Runnable task = tasks.poll();
            if (task != null)
            {
                try
                {
                    task.run();
                }
                catch (final RuntimeException | Error e)
                {
                    // a continuation's own failure ends its virtual thread, not the carrier the others need
                    final Thread.UncaughtExceptionHandler h = thread.getUncaughtExceptionHandler();
                    h.uncaughtException(thread, e);
                }
            }
            else if (closed)
            {
                return;
            }
            else
            {
                idle = true; // volatile, then the queue re-read: an offer either is seen or sees idle and unparks
                if (tasks.isEmpty() && !closed)
                {
                    LockSupport.park(this);
                }
                idle = false;
            }
        }
    }
}
