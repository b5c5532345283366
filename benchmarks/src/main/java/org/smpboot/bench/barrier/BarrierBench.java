package org.smpboot.bench.barrier;

import java.util.Arrays;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.smpboot.bench.harness.Crew;
import org.smpboot.bench.harness.JvmFlags;
import org.smpboot.runtime.barrier.Barrier;
import org.smpboot.runtime.barrier.CentralizedBarrier;
import org.smpboot.runtime.barrier.ClusterTopology;
import org.smpboot.runtime.barrier.CombiningTreeBarrier;
import org.smpboot.runtime.barrier.DisseminationBarrier;
import org.smpboot.runtime.barrier.HierarchicalBarrier;
import org.smpboot.runtime.region.SharedRegion;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * Barrier episodes: {@code parties} threads (a {@link Crew}) each pass {@value #EPISODES} episodes in a row per
 * benchmark call; score = ns per episode. The JDK barriers a user would pick, {@link CyclicBarrier} and
 * {@link Phaser}, are the baselines, measured in the same run as the runtime's barriers: centralized (count and sense
 * in one word), combining tree (fan-in {@value #FAN_IN}), dissemination, and hierarchical (clusters of
 * {@value #CLUSTER_SIZE}, TSAR's cores per cluster), all in one direct region, all waiting through
 * {@link WaitPolicy#defaults()}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.IGNORE_UNRECOGNIZED, JvmFlags.UNSAFE_ALLOW, JvmFlags.AGRONA_EXPORT})
public class BarrierBench
{
    /** Episodes per call: amortises the crew's round start; 64 CyclicBarrier episodes of 64 threads take ~0.1 s here. */
    static final int EPISODES = 256;

    /** Children per node of the combining tree (Mellor-Crummey and Scott's 4-ary arrival tree). */
    static final int FAN_IN = 4;
    /** Participants per cluster of the hierarchical barrier. */
    static final int CLUSTER_SIZE = 4;

    @Param({"2", "8", "64"})
    public int parties;

    private Crew crew;
    private CyclicBarrier cyclicBarrier;
    private Phaser phaser;
    private SharedRegion region;
    private Barrier centralized;
    private Barrier combiningTree;
    private Barrier dissemination;
    private Barrier hierarchical;

    @Setup(Level.Trial)
    public void setUp()
    {
        crew = new Crew(parties, "party");
        cyclicBarrier = new CyclicBarrier(parties);
        phaser = new Phaser(parties);

        final WaitPolicy wait = WaitPolicy.defaults();
        final int[] sizes = new int[Math.max(1, parties / CLUSTER_SIZE)];
        Arrays.fill(sizes, Math.min(CLUSTER_SIZE, parties));
        final ClusterTopology topology = ClusterTopology.ofSizes(sizes);
        final int c = CentralizedBarrier.footprint(parties);
        final int t = CombiningTreeBarrier.footprint(parties, FAN_IN);
        final int d = DisseminationBarrier.footprint(parties);
        final int h = HierarchicalBarrier.footprint(topology);
        region = SharedRegion.allocate(c + t + d + h);
        centralized = new CentralizedBarrier(wait, "centralized").initialize(region.buffer(), 0, parties);
        combiningTree = new CombiningTreeBarrier(wait, "combining_tree").initialize(region.buffer(), c, parties, FAN_IN);
        dissemination = new DisseminationBarrier(wait, "dissemination").initialize(region.buffer(), c + t, parties);
        hierarchical = new HierarchicalBarrier(wait, "hierarchical").initialize(region.buffer(), c + t + d, topology);
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        crew.close();
        region.close();
    }

    private void episodes(final Barrier barrier)
    {
        crew.run(member ->
        {
            for (int i = 0; i < EPISODES; i++)
            {
                barrier.await(member);
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(EPISODES)
    public void centralized()
    {
        episodes(centralized);
    }

    @Benchmark
    @OperationsPerInvocation(EPISODES)
    public void combiningTree()
    {
        episodes(combiningTree);
    }

    @Benchmark
    @OperationsPerInvocation(EPISODES)
    public void dissemination()
    {
        episodes(dissemination);
    }

    @Benchmark
    @OperationsPerInvocation(EPISODES)
    public void hierarchical()
    {
        episodes(hierarchical);
    }

    @Benchmark
    @OperationsPerInvocation(EPISODES)
    public void baselineCyclicBarrier()
    {
        final CyclicBarrier b = cyclicBarrier;
        crew.run(member ->
        {
            for (int i = 0; i < EPISODES; i++)
            {
                b.await();
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(EPISODES)
    public void baselinePhaser()
    {
        final Phaser p = phaser;
        crew.run(member ->
        {
            for (int i = 0; i < EPISODES; i++)
            {
                p.arriveAndAwaitAdvance();
            }
        });
    }
}
