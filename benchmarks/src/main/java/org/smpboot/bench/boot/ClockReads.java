package org.smpboot.bench.boot;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.smpboot.bench.harness.Crew;
import org.smpboot.runtime.boot.ElectionBoot;
import org.smpboot.runtime.boot.StragglerPolicy;
import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.region.SharedRegion;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * Not a timing but a count: how often one election boot reads its clocks (the nano clock of its waits and the epoch
 * clock of its heartbeats and liveness looks), each read 20 to 150 ns on this VM, on the set-up of
 * {@link InterleavedBoot} (the default wait policy, a straggler policy expecting every CPU, one crew). Each thread
 * counts its own reads (no shared counter whose line would cross the cores and change what is counted); the first
 * half of the boots warms up. Args: CPUS BOOTS.
 */
public final class ClockReads
{
    private static final List<long[]> COUNTERS = new CopyOnWriteArrayList<>();
    private static final ThreadLocal<long[]> MINE = ThreadLocal.withInitial(() ->
    {
        final long[] c = new long[2];
        COUNTERS.add(c);
        return c;
    });

    private ClockReads()
    {
    }

    public static void main(final String[] args)
    {
        final int cpus = Integer.parseInt(args[0]);
        final int boots = Integer.parseInt(args[1]);
        final SharedRegion region = SharedRegion.allocate(ElectionBoot.regionLength(cpus, 4, 4096));
        final ElectionBoot boot = ElectionBoot.builder(region.buffer(), 0).waitPolicy(WaitPolicy.defaults())
            .straggler(StragglerPolicy.expected(cpus, 10, TimeUnit.SECONDS)).trackUsage(false)
            .clocks(() ->
            {
                MINE.get()[0]++;
                return System.nanoTime();
            }, () ->
            {
                MINE.get()[1]++;
                return System.currentTimeMillis();
            }).build();
        final long[] before = new long[2];
        try (Crew crew = new Crew(cpus, "cpu"))
        {
            for (int b = 0; b < boots; b++)
            {
                if (b == boots / 2)
                {
                    sum(before);
                }
                region.fill(Fill.X5A);
                crew.run(boot::run);
            }
        }
        final long[] after = new long[2];
        sum(after);
        final double counted = boots - boots / 2;
        System.out.printf(Locale.ROOT, "%d cpus, %d boots counted: a boot reads the nano clock %.1f times, the epoch " +
            "clock %.1f times%n", cpus, (int)counted, (after[0] - before[0]) / counted, (after[1] - before[1]) / counted);
        region.close();
        System.exit(0);
    }

    // a plain read of other threads' counters: between boots every thread is back at the crew's gate, which the
    // crew's round ordered after its last count
    private static void sum(final long[] into)
    {
        for (final long[] c : COUNTERS)
        {
            into[0] += c[0];
            into[1] += c[1];
        }
    }
}
