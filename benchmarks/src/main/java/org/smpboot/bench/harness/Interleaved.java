package org.smpboot.bench.harness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;

import org.smpboot.runtime.barrier.Barrier;
import org.smpboot.runtime.barrier.CentralizedBarrier;
import org.smpboot.runtime.barrier.ClusterTopology;
import org.smpboot.runtime.barrier.CombiningTreeBarrier;
import org.smpboot.runtime.barrier.DisseminationBarrier;
import org.smpboot.runtime.barrier.HierarchicalBarrier;
import org.smpboot.runtime.region.SharedRegion;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * A/B harness for developing a wait policy (not JMH): barrier variants round-robin in one JVM on one crew, per-cycle ratios to
 * the first variant. Usage: Interleaved PARTIES CYCLES SLICE_MS VARIANT... with VARIANT = phaser | cyclic |
 * KIND:POLICY, KIND = central|tree|diss|hier, POLICY as {@link #policy(String)}.
 */
public final class Interleaved
{
    interface Episode
    {
        void await(int member) throws Exception;
    }

    public static void main(final String[] args) throws Exception
    {
        final int parties = Integer.parseInt(args[0]);
        final int cycles = Integer.parseInt(args[1]);
        final long sliceNs = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[2]));
        final List<String> names = new ArrayList<>(Arrays.asList(args).subList(3, args.length));
        final List<Episode> variants = new ArrayList<>();
        final SharedRegion region = SharedRegion.allocate(1 << 22);
        int at = 0;
        for (final String v : names)
        {
            if (v.equals("phaser"))
            {
                final Phaser p = new Phaser(parties);
                variants.add(m -> p.arriveAndAwaitAdvance());
                continue;
            }
            if (v.equals("cyclic"))
            {
                final CyclicBarrier c = new CyclicBarrier(parties);
                variants.add(m -> c.await());
                continue;
            }
            final String[] kp = v.split(":");
            final WaitPolicy policy = policy(kp[1]);
            final Barrier b;
            switch (kp[0])
            {
                case "central":
                    b = new CentralizedBarrier(policy, v).initialize(region.buffer(), at, parties);
                    at += CentralizedBarrier.footprint(parties);
                    break;
                case "tree":
                    b = new CombiningTreeBarrier(policy, v).initialize(region.buffer(), at, parties, 4);
                    at += CombiningTreeBarrier.footprint(parties, 4);
                    break;
                case "diss":
                    b = new DisseminationBarrier(policy, v).initialize(region.buffer(), at, parties);
                    at += DisseminationBarrier.footprint(parties);
                    break;
                case "hier":
                    final int[] sizes = new int[Math.max(1, parties / 4)];
                    Arrays.fill(sizes, Math.min(4, parties));
                    final ClusterTopology t = ClusterTopology.ofSizes(sizes);
                    b = new HierarchicalBarrier(policy, v).initialize(region.buffer(), at, t);
                    at += HierarchicalBarrier.footprint(t);
                    break;
                default:
                    throw new IllegalArgumentException(v);
            }
            variants.add(b::await);
        }
        final int n = variants.size();
        final double[][] nsPerEpisode = new double[n][cycles];
        final double[][] ratio = new double[n][cycles];
        final int batch = 64;
        try (Crew crew = new Crew(parties, "m"))
        {
            for (int cycle = -1; cycle < cycles; cycle++) // cycle -1: warm-up
            {
                for (int k = 0; k < n; k++)
                {
                    final int v = (k + Math.max(0, cycle)) % n;
                    final Episode e = variants.get(v);
                    long episodes = 0;
                    final long start = System.nanoTime();
                    long now;
                    do
                    {
                        crew.run(member ->
                        {
                            for (int i = 0; i < batch; i++)
                            {
                                e.await(member);
                            }
                        });
                        episodes += batch;
                    }
                    while ((now = System.nanoTime()) - start < sliceNs);
                    if (cycle >= 0)
                    {
                        nsPerEpisode[v][cycle] = (double)(now - start) / episodes;
                    }
                }
                if (cycle >= 0)
                {
                    for (int v = 0; v < n; v++)
                    {
                        ratio[v][cycle] = nsPerEpisode[v][cycle] / nsPerEpisode[0][cycle];
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d parties, %d cycles of %d ms, load %s%n", parties, cycles,
            TimeUnit.NANOSECONDS.toMillis(sliceNs), load());
        System.out.printf(Locale.ROOT, "%-40s %12s %12s %8s %8s %8s%n", "variant", "ns/ep p50", "ns/ep min", "ratio p10",
            "p50", "p90");
        for (int v = 0; v < n; v++)
        {
            final double[] t = nsPerEpisode[v].clone();
            final double[] r = ratio[v].clone();
            Arrays.sort(t);
            Arrays.sort(r);
            System.out.printf(Locale.ROOT, "%-40s %12.0f %12.0f %8.3f %8.3f %8.3f%n", names.get(v), t[cycles / 2], t[0],
                r[cycles / 10], r[cycles / 2], r[cycles * 9 / 10]);
        }
        region.close();
        System.exit(0);
    }

    /**
     * @param spec {@code default}, {@code b/SPINS/YIELDS/MINPARK/MAXPARK} or {@code b/SPINS/YIELDS/YIELD_NS/MINPARK/MAXPARK}.
     * @return the policy, bounded by 60 s.
     */
    public static WaitPolicy policy(final String spec)
    {
        if (spec.equals("default"))
        {
            return WaitPolicy.defaults();
        }
        final String[] p = spec.split("/");
        final long timeout = TimeUnit.SECONDS.toNanos(60);
        if (p.length == 5)
        {
            return WaitPolicy.backoff(Long.parseLong(p[1]), Long.parseLong(p[2]), Long.parseLong(p[3]),
                Long.parseLong(p[4]), timeout);
        }
        if (p.length == 6)
        {
            return WaitPolicy.backoff(Long.parseLong(p[1]), Long.parseLong(p[2]), Long.parseLong(p[3]),
                Long.parseLong(p[4]), Long.parseLong(p[5]), timeout);
        }
        throw new IllegalArgumentException("policy: default, b/S/Y/MIN/MAX or b/S/Y/YNS/MIN/MAX; got " + spec);
    }

    /** @return the load average line. */
    public static String load()
    {
        try
        {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        }
        catch (final java.io.IOException e)
        {
            return "n/a";
        }
    }
}
