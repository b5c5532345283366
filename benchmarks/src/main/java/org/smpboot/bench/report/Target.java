package org.smpboot.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One of issue 5's targets, checked against the rows of one run: the time of a variant over the time of a reference
 * must stay at or below {@code maxTimeRatio}.
 *
 * @param what         the target in words.
 * @param variant      the runtime's row, if measured.
 * @param reference    the reference row, if measured.
 * @param maxTimeRatio largest acceptable variant/reference time ratio.
 */
public record Target(String what, Optional<JmhResult> variant, Optional<JmhResult> reference, double maxTimeRatio)
{
    /** @return variant / reference time, NaN when either is missing. */
    public double timeRatio()
    {
        return variant.isPresent() && reference.isPresent() ? variant.get().score() / reference.get().score() : Double.NaN;
    }

    /** @return "met", "missed" or "not measured". */
    public String status()
    {
        final double r = timeRatio();
        if (Double.isNaN(r))
        {
            return "not measured";
        }
        return r <= maxTimeRatio ? "met" : "missed";
    }

    /**
     * The targets of issue 5 for every barrier algorithm found, the stack pool and the election boot.
     *
     * @param results rows of one run.
     * @return the targets, measured or not.
     */
    public static List<Target> of(final List<JmhResult> results)
    {
        final List<Target> out = new ArrayList<>();
        final List<String> barriers = results.stream()
            .filter(r -> r.className().equals("BarrierBench") && !r.isBaseline())
            .map(JmhResult::method).distinct().toList();
        if (barriers.isEmpty())
        {
            out.add(new Target("barrier, 2 threads: <= 1.5x the ping-pong floor (no runtime barrier measured)",
                Optional.empty(), Optional.empty(), 1.5));
        }
        for (final String b : barriers)
        {
            out.add(new Target(b + " barrier, 2 threads: episode <= 1.5x the off-heap ping-pong round trip",
                Ratios.find(results, "BarrierBench", b, 2),
                Ratios.find(results, "PingPongBench", "agronaOffHeap", 1), 1.5));
            out.add(new Target(b + " barrier, 2 threads: <= 0.8x Phaser",
                Ratios.find(results, "BarrierBench", b, 2),
                Ratios.find(results, "BarrierBench", "baselinePhaser", 2), 0.8));
            for (final int n : new int[] {8, 64})
            {
                out.add(new Target(b + " barrier, " + n + " threads on 2 cores: >= 5x faster than Phaser",
                    Ratios.find(results, "BarrierBench", b, n),
                    Ratios.find(results, "BarrierBench", "baselinePhaser", n), 1 / 5.0));
            }
        }
        out.add(new Target("stack pool, 2 threads: >= 1.5x faster than MpmcArrayQueue",
            Ratios.find(results, "StackPoolBench", "stackPool", 2),
            Ratios.find(results, "StackPoolBench", "baselineMpmcArrayQueue", 2), 1 / 1.5));
        out.add(new Target("stack pool, 2 threads: >= 2.5x faster than ConcurrentLinkedDeque",
            Ratios.find(results, "StackPoolBench", "stackPool", 2),
            Ratios.find(results, "StackPoolBench", "baselineConcurrentLinkedDeque", 2), 1 / 2.5));
        for (final int n : new int[] {2, 64})
        {
            out.add(new Target("election boot, " + n + " threads: <= 1.1x the on-heap twin",
                Ratios.find(results, "ElectionBootBench", "electionBoot", n),
                Ratios.find(results, "ElectionBootBench", "baselineHeapTwin", n), 1.1));
        }
        return out;
    }
}
