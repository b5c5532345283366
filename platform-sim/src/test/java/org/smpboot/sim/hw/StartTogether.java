package org.smpboot.sim.hw;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Test support: threads released at once by one latch, joined within a bound that names what is still running; what a
 * thread throws (a failed assertion) fails the caller.
 */
final class StartTogether
{
    private StartTogether()
    {
    }

    /**
     * Runs {@code body.accept(t)} for t = 0 .. threads - 1, each on a thread of its own, all released together, and
     * waits for every one of them.
     *
     * @param threads how many.
     * @param seconds the bound of the wait for each.
     * @param body    what thread t does.
     */
    static void run(final int threads, final long seconds, final IntConsumer body) throws InterruptedException
    {
        final CountDownLatch go = new CountDownLatch(1);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            final int me = t;
            ts[t] = new Thread(() ->
            {
                try
                {
                    go.await();
                }
                catch (final InterruptedException e)
                {
                    return;
                }
                try
                {
                    body.accept(me);
                }
                catch (final Throwable e)
                {
                    failure.compareAndSet(null, e);
                }
            }, "together-" + t);
            ts[t].start();
        }
        go.countDown();
        for (final Thread t : ts)
        {
            t.join(TimeUnit.SECONDS.toMillis(seconds));
            assertFalse(t.isAlive(), t.getName() + " still running after " + seconds + " s");
        }
        if (failure.get() != null)
        {
            throw new AssertionError("a thread started together failed", failure.get());
        }
    }
}
