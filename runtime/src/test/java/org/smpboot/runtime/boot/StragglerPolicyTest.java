package org.smpboot.runtime.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.region.SharedRegion;

/**
 * The builder's default straggler policy is a quiet period that leaves no thread of one JVM, started with the others,
 * LATE; the seed's {@code none} stays selectable. With {@code none} as the default, the rounds below leave most CPUs
 * LATE (12,265 of 12,498 over 100 rounds of 1 to 256 threads on this project's 2-vCPU machine).
 */
class StragglerPolicyTest
{
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void theDefaultIsAQuietPeriodThatSealsOnlyOnceTheCountHasSettled()
    {
        final StragglerPolicy d = StragglerPolicy.defaults();
        assertFalse(d.maySeal(4, 10_000 * MS, (StragglerPolicy.DEFAULT_QUIET_MS - 1) * MS), "count still moving");
        assertTrue(d.maySeal(4, 0, StragglerPolicy.DEFAULT_QUIET_MS * MS));
        assertEquals(0, d.expectedCpus());
        assertTrue(StragglerPolicy.none().maySeal(1, 0, 0), "the seed's rule: seal at once");
        assertEquals(StragglerPolicy.parse("quiet:" + StragglerPolicy.DEFAULT_QUIET_MS, 1).toString(), d.toString());
        assertThrows(IllegalArgumentException.class, () -> StragglerPolicy.parse("quiet", 1));
    }

    /** The builder untouched; a few sizes, threads started one after the other by this thread: none LATE (about 4 s). */
    @Test
    void threadsStartedTogetherAreNeverLeftLateByTheDefault() throws InterruptedException
    {
        assertEquals(0, lateOver(new int[] {1, 3, 17, 128}));
    }

    /**
     * 40 rounds of 1 to 256 threads (about 45 s; benchmarks/README.md's table, from {@code StragglerRounds}, holds the
     * longer series): none LATE. A wall-clock check: at load averages far above the cores (100+) the starter thread
     * can stay off the processors past the period.
     */
    @Tag("slow")
    @Test
    void threadsStartedTogetherAreNeverLeftLateOver40Rounds() throws InterruptedException
    {
        final int[] sizes = new int[40];
        for (int r = 0; r < sizes.length; r++)
        {
            sizes[r] = 1 + (r * 37) % 256;
        }
        assertEquals(0, lateOver(sizes));
    }

    private static int lateOver(final int[] sizes) throws InterruptedException
    {
        int late = 0;
        try (SharedRegion region = SharedRegion.allocate(ElectionBoot.regionLength(256, 4, 512)))
        {
            for (final int n : sizes)
            {
                region.fill(Fill.X5A);
                final ElectionBoot boot = ElectionBoot.builder(region.buffer(), 0).stacks(4, 512).trackUsage(false)
                    .build();
                final AtomicInteger lateNow = new AtomicInteger();
                final AtomicInteger failed = new AtomicInteger();
                final Thread[] threads = new Thread[n];
                for (int i = 0; i < n; i++)
                {
                    final int cpu = i;
                    threads[i] = new Thread(() ->
                    {
                        try
                        {
                            if (boot.run(cpu).role() == Role.LATE)
                            {
                                lateNow.incrementAndGet();
                            }
                        }
                        catch (final RuntimeException e)
                        {
                            failed.incrementAndGet();
                        }
                    }, "cpu-" + i);
                }
                for (final Thread t : threads)
                {
                    t.start(); // one after the other, as a user's code starts them
                }
                for (final Thread t : threads)
                {
                    t.join(TimeUnit.SECONDS.toMillis(60));
                    assertFalse(t.isAlive(), () -> t.getName() + " of " + n + " still running after 60 s");
                }
                assertEquals(0, failed.get(), "boots that failed among " + n);
                late += lateNow.get();
            }
        }
        return late;
    }
}
