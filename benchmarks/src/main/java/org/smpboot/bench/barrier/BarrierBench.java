package org.smpboot.bench.barrier;

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

/**
 * Barrier episodes: {@code parties} threads (a {@link Crew}) each pass {@value #EPISODES} episodes in a row per
 * benchmark call; score = ns per episode. The JDK barriers a user would pick, {@link CyclicBarrier} and
 * {@link Phaser}, are the baselines, measured in the same run as the runtime's barriers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.IGNORE_UNRECOGNIZED, JvmFlags.UNSAFE_ALLOW, JvmFlags.AGRONA_EXPORT})
public class BarrierBench
{
    /** Episodes per call: amortises the crew's round start; 64 CyclicBarrier episodes of 64 threads take ~0.1 s here. */
    static final int EPISODES = 256;

    @Param({"2", "8", "64"})
    public int parties;

    private Crew crew;
    private CyclicBarrier cyclicBarrier;
    private Phaser phaser;

    @Setup(Level.Trial)
    public void setUp()
    {
        crew = new Crew(parties, "party");
        cyclicBarrier = new CyclicBarrier(parties);
        phaser = new Phaser(parties);
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        crew.close();
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
