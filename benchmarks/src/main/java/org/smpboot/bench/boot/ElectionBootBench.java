package org.smpboot.bench.boot;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.smpboot.bench.harness.Crew;
import org.smpboot.bench.harness.JvmFlags;
import org.smpboot.runtime.boot.ElectionBoot;
import org.smpboot.runtime.boot.StragglerPolicy;
import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.region.SharedRegion;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * One whole election boot per operation: from the start gate (the crew's round) to every CPU back from its main on a
 * start stack, for {@code cpus} threads; the runtime's {@link ElectionBoot} over a direct region beside its JDK-only
 * on-heap twin {@link HeapElectionBoot}, in the same run.
 *
 * <p>Both seal once all {@code cpus} run (an expected-count straggler policy), so every boot counts every thread and
 * the two do the same work; both wait through {@link WaitPolicy#defaults()}. The runtime runs with usage tracking off.
 * Between boots (not timed) the region is refilled with 0x5a and the twin's words with the same pattern; after each
 * boot (not timed) the sealed count is checked, so a boot that left a CPU out fails the benchmark instead of looking
 * fast.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.IGNORE_UNRECOGNIZED, JvmFlags.UNSAFE_ALLOW, JvmFlags.AGRONA_EXPORT})
public class ElectionBootBench
{
    private static final long PATTERN = 0x5a5a5a5a5a5a5a5aL;

    @Param({"2", "8", "64"})
    public int cpus;

    private SharedRegion region;
    private ElectionBoot boot;
    private HeapElectionBoot twin;
    private Crew crew;

    @Setup(Level.Trial)
    public void setUp()
    {
        final WaitPolicy wait = WaitPolicy.defaults();
        final StragglerPolicy allOfThem = StragglerPolicy.expected(cpus, 10, TimeUnit.SECONDS);
        region = SharedRegion.allocate(ElectionBoot.regionLength(
            cpus, ElectionBoot.DEFAULT_INIT_STACKS, ElectionBoot.DEFAULT_STACK_SIZE));
        boot = ElectionBoot.builder(region.buffer(), 0)
            .waitPolicy(wait)
            .straggler(allOfThem)
            .trackUsage(false)
            .build();
        twin = new HeapElectionBoot(ElectionBoot.DEFAULT_INIT_STACKS, cpus, cpus, wait);
        crew = new Crew(cpus, "cpu");
    }

    @Setup(Level.Invocation)
    public void resetMemory()
    {
        region.fill(Fill.X5A);
        twin.reset(PATTERN);
    }

    @TearDown(Level.Invocation)
    public void checkCount()
    {
        // only the variant that just ran has a sealed count; the other still holds the fill
        final boolean runtimeRan = boot.block().isSealed();
        final boolean twinRan = twin.isSealed();
        final long count = runtimeRan ? boot.block().cpuCount() : twin.cpuCount();
        if (runtimeRan == twinRan || count != cpus)
        {
            throw new IllegalStateException("boot of " + cpus + " cpus ended with runtime sealed=" + runtimeRan +
                ", twin sealed=" + twinRan + ", count " + count);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        crew.close();
        region.close();
    }

    @Benchmark
    public void electionBoot()
    {
        final ElectionBoot b = boot;
        crew.run(b::run);
    }

    @Benchmark
    public void baselineHeapTwin()
    {
        final HeapElectionBoot t = twin;
        crew.run(t::run);
    }
}
