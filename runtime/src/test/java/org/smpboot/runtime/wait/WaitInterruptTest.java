package org.smpboot.runtime.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.barrier.CentralizedBarrier;

class WaitInterruptTest
{
    @Test
    void anInterruptedWaiterLeavesAtItsNextIdleRoundWithItsStatusKept() throws Exception
    {
        for (final WaitPolicy policy : new WaitPolicy[] {WaitPolicy.defaults().forContenders(2),
            WaitPolicy.defaults().forContenders(64), WaitPolicy.backoff(10, 2, 1000, 50_000_000, Long.MAX_VALUE / 4)})
        {
            final UnsafeBuffer b = new UnsafeBuffer(new byte[CentralizedBarrier.footprint(2)]);
            final CentralizedBarrier barrier = new CentralizedBarrier(policy, "global_barrier").initialize(b, 0, 2);
            final AtomicReference<Throwable> thrown = new AtomicReference<>();
            final AtomicBoolean flagged = new AtomicBoolean();
            final Thread t = new Thread(() ->
            {
                try
                {
                    barrier.await(0, 1, TimeUnit.HOURS);
                }
                catch (final Throwable e)
                {
                    thrown.set(e);
                    flagged.set(Thread.currentThread().isInterrupted());
                }
            });
            t.start();
            // interrupt it once it waits: its arrival is recorded before its wait begins
            BoundedWait.until(WaitPolicy.yielding(TimeUnit.SECONDS.toNanos(10)), () -> barrier.arrivedEpisode(0) == 0,
                (context, waitedNs) -> new WaitTimeoutException("test", "arrival record of 0", "-1", "0", waitedNs));
            t.interrupt();
            t.join(TimeUnit.SECONDS.toMillis(10));
            assertFalse(t.isAlive(), "still waiting after the interrupt: " + policy);
            assertTrue(thrown.get() instanceof WaitInterruptedException, String.valueOf(thrown.get()));
            assertTrue(thrown.get().getMessage().startsWith("interrupted while waiting ("), thrown.get().getMessage());
            assertTrue(flagged.get(), "interrupt status kept");
            assertEquals(false, barrier.isBroken());
        }
    }
}
