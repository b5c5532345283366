package org.smpboot.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

/** The CPU-thread harness: one thread per id behind one gate, results in id order, errors kept, a hang named. */
class ThreadCpusTest
{
    private static final long BOUND = TimeUnit.SECONDS.toNanos(30);

    @Test
    void everyIdRunsOnItsOwnNamedThreadAfterTheGateAndResultsKeepTheIdsOrder()
    {
        final long before = System.nanoTime();
        final ThreadCpus.Run<String> run = ThreadCpus.run(new int[] {5, 2, 9}, 1000, 1, BOUND,
            cpu -> cpu + "@" + Thread.currentThread().getName() + (Thread.currentThread().isDaemon() ? " daemon" : ""));
        assertTrue(run.gateNanos() >= before && run.gateNanos() <= System.nanoTime(), "the gate opened during the run");
        assertEquals(List.of(new ThreadCpus.Result<>(5, "5@cpu-5 daemon", null),
            new ThreadCpus.Result<>(2, "2@cpu-2 daemon", null), new ThreadCpus.Result<>(9, "9@cpu-9 daemon", null)),
            run.results());
        assertEquals(List.of(0, 1, 2, 3), ThreadCpus.run(4, 0, 1, BOUND, cpu -> cpu).results().stream()
            .map(ThreadCpus.Result::value).toList(), "ids 0..n-1");
    }

    @Test
    void whatABodyThrowsIsItsResult()
    {
        final IllegalStateException boom = new IllegalStateException("boom");
        final List<ThreadCpus.Result<Integer>> r = ThreadCpus.run(2, 0, 1, BOUND, cpu ->
        {
            if (cpu == 1)
            {
                throw boom;
            }
            return 7;
        }).results();
        assertEquals(7, r.get(0).value());
        assertNull(r.get(0).error());
        assertNull(r.get(1).value());
        assertSame(boom, r.get(1).error());
    }

    @Test
    void aThreadStillRunningAtTheBoundIsNamedAndInterrupted() throws InterruptedException
    {
        final CountDownLatch interrupted = new CountDownLatch(1);
        final IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> ThreadCpus.run(new int[] {0, 3}, 0, 1, TimeUnit.MILLISECONDS.toNanos(300), cpu ->
            {
                if (cpu == 3)
                {
                    while (!Thread.currentThread().isInterrupted())
                    {
                        LockSupport.park(); // the hang under test, ended only by the interrupt
                    }
                    interrupted.countDown();
                }
                return cpu;
            }));
        assertEquals("CPUs [3] still running after 300 ms", e.getMessage());
        assertTrue(interrupted.await(30, TimeUnit.SECONDS), "the stuck thread was interrupted");
    }

    @Test
    void atLeastOneCpu()
    {
        assertEquals("need at least 1 CPU, got 0", assertThrows(IllegalArgumentException.class,
            () -> ThreadCpus.run(0, 0, 1, BOUND, cpu -> cpu)).getMessage());
        assertEquals(1, ThreadCpus.run(1, 0, 1, BOUND, cpu -> cpu).results().size());
    }
}
