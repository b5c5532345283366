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
 * A/B harness for developing a wait policy (not JMH): the election boot and its on-heap twin, alternated in one JVM on
 * one crew, per-cycle time ratios. Args: CPUS CYCLES BOOTS_PER_SLICE [POLICY as {@link Interleaved#policy(String)}].
 */
public final class InterleavedBoot
{
    public static void main(final String[] args)
    {
        final int cpus = Integer.parseInt(args[0]);
        final int cycles = Integer.parseInt(args[1]);
        final int boots = Integer.parseInt(args[2]);
        final WaitPolicy wait = args.length > 3 ? Interleaved.policy(args[3]) : WaitPolicy.defaults();
        final SharedRegion region = SharedRegion.allocate(ElectionBoot.regionLength(cpus, 4, 4096));
        final ElectionBoot boot = ElectionBoot.builder(region.buffer(), 0).waitPolicy(wait)
            .straggler(StragglerPolicy.expected(cpus, 10, TimeUnit.SECONDS)).trackUsage(false).build();
        final HeapElectionBoot twin = new HeapElectionBoot(4, cpus, cpus, wait);
        final double[][] t = new double[2][cycles];
        final double[] ratio = new double[cycles];
        try (Crew crew = new Crew(cpus, "cpu"))
        {
            for (int c = -2; c < cycles; c++)
            {
                for (int k = 0; k < 2; k++)
                {
                    final int v = (k + Math.max(0, c)) % 2;
                    long total = 0;
                    for (int b = 0; b < boots; b++)
                    {
                        region.fill(Fill.X5A);
                        twin.reset(0x5a5a5a5a5a5a5a5aL);
                        final long s = System.nanoTime();
                        if (v == 0)
                        {
                            crew.run(boot::run);
                        }
                        else
                        {
                            crew.run(twin::run);
                        }
                        total += System.nanoTime() - s;
                    }
                    if (c >= 0)
                    {
                        t[v][c] = (double)total / boots;
                    }
                }
                if (c >= 0)
                {
                    ratio[c] = t[0][c] / t[1][c];
                }
            }
        }
        Arrays.sort(ratio);
        final double[] a = t[0].clone();
        final double[] b = t[1].clone();
        Arrays.sort(a);
        Arrays.sort(b);
        System.out.printf(Locale.ROOT, "%d cpus: runtime p50 %.2f us, twin p50 %.2f us, ratio p10 %.2f p50 %.2f p90 %.2f " +
            "(%d cycles x %d boots), load %s%n", cpus, a[cycles / 2] / 1e3, b[cycles / 2] / 1e3, ratio[cycles / 10],
            ratio[cycles / 2], ratio[cycles * 9 / 10], cycles, boots, Interleaved.load());
        region.close();
        System.exit(0);
    }
}
