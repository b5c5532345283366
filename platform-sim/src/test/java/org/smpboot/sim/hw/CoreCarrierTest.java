package org.smpboot.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The carrier of a deterministic run's virtual cores: it runs what it is given, in order, and wakes when idle. */
class CoreCarrierTest
{
    @Test
    void runsTasksInOrderAndWakesFromIdle() throws InterruptedException
    {
        final CoreCarrier carrier = new CoreCarrier("test carrier");
        try
        {
            final List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
            final CountDownLatch first = new CountDownLatch(3);
            for (int i = 0; i < 3; i++)
            {
                final int n = i;
                carrier.execute(() ->
                {
                    seen.add(n);
                    first.countDown();
                });
            }
            assertTrue(first.await(10, TimeUnit.SECONDS), "the first three tasks ran");
            // the carrier drained its queue and parks; a task offered from another thread wakes it
            final CountDownLatch later = new CountDownLatch(1);
            final Thread producer = new Thread(() -> carrier.execute(() ->
            {
                seen.add(3);
                later.countDown();
            }));
            producer.start();
            assertTrue(later.await(10, TimeUnit.SECONDS), "a task offered to an idle carrier ran");
            assertEquals(List.of(0, 1, 2, 3), seen);
        }
        finally
        {
            carrier.close();
        }
        carrier.thread().join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(carrier.thread().isAlive(), "a closed carrier ends");
    }

    @Test
    void aFailingTaskDoesNotEndTheCarrier() throws InterruptedException
    {
        final CoreCarrier carrier = new CoreCarrier("test carrier");
        carrier.thread().setUncaughtExceptionHandler((t, e) -> { });
        try
        {
            carrier.execute(() ->
            {
                throw new IllegalStateException("expected by the test");
            });
            final CountDownLatch after = new CountDownLatch(1);
            carrier.execute(after::countDown);
            assertTrue(after.await(10, TimeUnit.SECONDS), "the carrier ran the task after a failing one");
        }
        finally
        {
            carrier.close();
        }
    }

    @Test
    void virtualCoresRunOnTheirRunsCarrier() throws InterruptedException
    {
        assumeTrue(CoreThreads.virtualAvailable(), "virtual core threads need JDK 24 or later");
        assertTrue(CoreThreads.carrierAvailable(), "the build's JVM flags open java.lang (" + CoreThreads.OPEN_FLAG +
            ")");
        final CoreCarrier carrier = CoreThreads.carrier("carrier of the test");
        try
        {
            // a mounted virtual thread names its carrier: VirtualThread[#n,core[test]]/runnable@carrier of the test
            final String who = whereItRan("core[test]", carrier);
            assertTrue(who.endsWith("@carrier of the test"), who);
        }
        finally
        {
            carrier.close();
        }
    }

    /** A parallel run's cores are virtual threads too, on the JDK's scheduler: as many carriers as host CPUs. */
    @Test
    void parallelCoresAreVirtualThreadsOnTheJdksScheduler() throws InterruptedException
    {
        assumeTrue(CoreThreads.virtualAvailable(), "virtual core threads need JDK 24 or later");
        // VirtualThread[#n,core[parallel]]/runnable@ForkJoinPool-1-worker-1
        final String who = whereItRan("core[parallel]", null);
        assertTrue(who.startsWith("VirtualThread[") && who.contains("@ForkJoinPool"), who);
    }

    /** @return how a core thread made on that carrier (null: the JDK's scheduler) named itself while it ran. */
    private static String whereItRan(final String name, final Executor carrier) throws InterruptedException
    {
        final String[] who = new String[1];
        final Thread t = CoreThreads.unstarted(name, () -> who[0] = Thread.currentThread().toString(), carrier);
        t.start();
        t.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(t.isAlive(), "the virtual core ended within 10 s");
        return who[0];
    }
}
