package org.smpboot.bench.boot;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.smpboot.bench.harness.Crew;
import org.smpboot.bench.harness.Interleaved;
import org.smpboot.runtime.boot.ElectionBoot;
import org.smpboot.runtime.boot.StragglerPolicy;
import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.region.SharedRegion;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * A/B harness for developing a wait policy (not JMH): the election boot, the same boot on clocks that cost nothing,
 * and its on-heap twin, round robin in one JVM on one crew, per-cycle time ratios to the twin. The second variant
 * tells how much of the runtime's price is its clock reads (heartbeat, bounds, arrival; 25 to 150 ns each on this VM):
 * its nano clock moves 1 us per read and its epoch clock stands still, which keeps every heartbeat fresh. A slice
 * counts its median boot. Args: CPUS CYCLES BOOTS_PER_SLICE [POLICY as {@link Interleaved#policy(String)}].
 */
public final class InterleavedBoot
{
    private static final String[] NAMES = {"runtime", "runtime, free clocks", "twin"};

    public static void main(final String[] args)
    {
        final int cpus = Integer.parseInt(args[0]);
        final int cycles = Integer.parseInt(args[1]);
        final int boots = Integer.parseInt(args[2]);
        final WaitPolicy wait = args.length > 3 ? Interleaved.policy(args[3]) : WaitPolicy.defaults();
        final SharedRegion region = SharedRegion.allocate(ElectionBoot.regionLength(cpus, 4, 4096));
        final SharedRegion freeRegion = SharedRegion.allocate(ElectionBoot.regionLength(cpus, 4, 4096));
        final StragglerPolicy all = StragglerPolicy.expected(cpus, 10, TimeUnit.SECONDS);
        final ElectionBoot boot = ElectionBoot.builder(region.buffer(), 0).waitPolicy(wait).straggler(all)
            .trackUsage(false).build();
        final long[] nanos = {0};
        final long epochMs = System.currentTimeMillis();
        final ElectionBoot free = ElectionBoot.builder(freeRegion.buffer(), 0).waitPolicy(wait).straggler(all)
            .trackUsage(false).clocks(() -> nanos[0] += 1000, () -> epochMs).build();
        final HeapElectionBoot twin = new HeapElectionBoot(4, cpus, cpus, wait);
        final double[][] t = new double[NAMES.length][cycles];
        final long[] each = new long[boots];
        try (Crew crew = new Crew(cpus, "cpu"))
        {
            for (int c = -2; c < cycles; c++)
            {
                for (int k = 0; k < NAMES.length; k++)
                {
                    final int v = (k + Math.max(0, c)) % NAMES.length;
                    for (int b = 0; b < boots; b++)
                    {
                        region.fill(Fill.X5A);
                        freeRegion.fill(Fill.X5A);
                        twin.reset(0x5a5a5a5a5a5a5a5aL);
                        final long s = System.nanoTime();
                        crew.run(v == 0 ? boot::run : v == 1 ? free::run : twin::run);
                        each[b] = System.nanoTime() - s;
                    }
                    if (c >= 0)
                    {
                        // the slice's median boot: a boot that met a preemption or a park (tens of us, a few in a
                        // thousand) moves a mean by more than the differences looked for
                        Arrays.sort(each);
                        t[v][c] = each[boots / 2];
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d cpus, %d cycles x %d boots, load %s%n", cpus, cycles, boots, Interleaved.load());
        for (int v = 0; v < NAMES.length; v++)
        {
            final double[] time = t[v].clone();
            final double[] ratio = new double[cycles];
            for (int c = 0; c < cycles; c++)
            {
                ratio[c] = t[v][c] / t[NAMES.length - 1][c];
            }
            Arrays.sort(time);
            Arrays.sort(ratio);
            System.out.printf(Locale.ROOT, "%-22s p50 %9.2f us, min %9.2f us; / twin p10 %.2f p50 %.2f p90 %.2f%n",
                NAMES[v], time[cycles / 2] / 1e3, time[0] / 1e3, ratio[cycles / 10], ratio[cycles / 2],
                ratio[cycles * 9 / 10]);
        }
        region.close();
        freeRegion.close();
        System.exit(0);
    }
}
