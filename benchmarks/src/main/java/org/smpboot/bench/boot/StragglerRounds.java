package org.smpboot.bench.boot;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.smpboot.bench.harness.Interleaved;
import org.smpboot.runtime.boot.ElectionBoot;
import org.smpboot.runtime.boot.Role;
import org.smpboot.runtime.boot.StragglerPolicy;
import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.region.SharedRegion;

/**
 * How many CPUs a straggler policy leaves LATE when 1 to 256 threads of one JVM are started together, one after the
 * other by one thread as a user's code does (not JMH: it counts outcomes, it does not time). Round r starts
 * {@code 1 + (r * 37) % 256} threads on a fresh block. Args: ROUNDS POLICY (as {@link StragglerPolicy#parse}, or
 * {@code default}: the builder's).
 */
public final class StragglerRounds
{
    public static void main(final String[] args) throws InterruptedException
    {
        final int rounds = Integer.parseInt(args[0]);
        final String spec = args[1];
        final int max = 256;
        final SharedRegion region = SharedRegion.allocate(ElectionBoot.regionLength(max, 4, 4096));
        final ElectionBoot.Builder builder = ElectionBoot.builder(region.buffer(), 0).trackUsage(false);
        if (!spec.equals("default"))
        {
            builder.straggler(StragglerPolicy.parse(spec, max));
        }
        long cpus = 0;
        long late = 0;
        long failed = 0;
        int roundsWithLate = 0;
        final long start = System.nanoTime();
        for (int r = 0; r < rounds; r++)
        {
            final int n = 1 + (r * 37) % max;
            region.fill(Fill.X5A);
            final ElectionBoot boot = builder.build();
            final AtomicInteger lateNow = new AtomicInteger();
            final AtomicInteger failedNow = new AtomicInteger();
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
                        failedNow.incrementAndGet(); // e.g. started after the boot was over: the block is stale
                    }
                }, "cpu-" + i);
            }
            for (final Thread t : threads)
            {
                t.start();
            }
            for (final Thread t : threads)
            {
                t.join(TimeUnit.SECONDS.toMillis(60));
                if (t.isAlive())
                {
                    throw new IllegalStateException("round " + r + ": " + t.getName() + " still running after 60 s");
                }
            }
            cpus += n;
            late += lateNow.get();
            failed += failedNow.get();
            roundsWithLate += lateNow.get() > 0 ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "straggler %s: %d rounds of 1..%d threads, %d CPUs, %d LATE (%d rounds with " +
            "LATE), %d failed, %.1f s, load %s%n", spec, rounds, max, cpus, late, roundsWithLate, failed,
            (System.nanoTime() - start) / 1e9, Interleaved.load());
        region.close();
    }
}
