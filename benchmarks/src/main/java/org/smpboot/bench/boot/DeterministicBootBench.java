package org.smpboot.bench.boot;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.smpboot.bench.harness.JvmFlags;
import org.smpboot.runtime.region.Fill;
import org.smpboot.sim.boot.BootFlavor;
import org.smpboot.sim.boot.BootOptions;
import org.smpboot.sim.hw.CoreThreads;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;
import org.smpboot.sim.run.BootResult;
import org.smpboot.sim.run.PlatformBoot;

/**
 * The deterministic mode ({@code boot --seed S}: one core at a time, the token handed on at every scheduling point)
 * beside the parallel mode of the same platform, in the same run: one whole elected boot per operation of 4x4 and
 * 16x16 clusters of 4 cores ({@code clusters} = 16, 256), {@code mode} = {@code parallel} or {@code seed} (seed 1).
 * The score is {@link PlatformBoot#run(String)} as in {@link PlatformBootBench} (disk, machine, boot, shutdown); the
 * ratio seed / parallel at the same size is what issue 23 bounds (within 3x at 4x4x4), and the seed boot of 16x16x4
 * under 10 s.
 *
 * <p>The secondary metric {@code virtualCores} is 1 when the run's core threads were virtual threads
 * ({@link CoreThreads}: JDK 24 or later, in either mode), 0 when they were platform threads: run the jar on both JDKs
 * to compare the cost of a hand-off. {@code steps} is the deterministic run's scheduling points (0 in parallel).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, batchSize = 1)
@Measurement(iterations = 3, batchSize = 1)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.IGNORE_UNRECOGNIZED, JvmFlags.UNSAFE_ALLOW, JvmFlags.AGRONA_EXPORT,
    JvmFlags.CORE_CARRIER, "-Xmx2g"})
public class DeterministicBootBench
{
    /** Seeds the deterministic boots. */
    public static final long SEED = 1;

    @Param({"16", "256"})
    public int clusters;

    @Param({"parallel", "seed"})
    public String mode;

    private Platform platform;

    /** What one boot measured beside JMH's own time. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Run
    {
        /** The deterministic boot's scheduling points (0 in parallel). */
        public double steps;
        /** 1 when the deterministic boot's cores were virtual threads. */
        public double virtualCores;

        /** Cleared before each iteration. */
        @Setup(Level.Iteration)
        public void clear()
        {
            steps = 0;
            virtualCores = 0;
        }
    }

    /** Builds the platform once per size. */
    @Setup(Level.Trial)
    public void setUp()
    {
        final int x = PlatformBootBench.side(clusters);
        final PlatformSpec d = PlatformSpec.defaults();
        platform = PlatformBuilder.build(new PlatformSpec(x, clusters / x, PlatformBootBench.CORES, d.ttys(), d.ioc(),
            d.fbfSize(), d.nics(), 0, 0, d.xWidth(), d.yWidth(), d.pWidth(), List.of()));
    }

    /**
     * @param run where the secondary metrics go.
     * @return the boot's result (consumed by JMH).
     * @throws IOException when the disk image cannot be written.
     */
    @Benchmark
    public BootResult boot(final Run run) throws IOException
    {
        final MachineConfig config = MachineConfig.defaults().withFill(Fill.parse(PlatformBootBench.FILL, 1))
            .withConsole(new PrintStream(OutputStream.nullOutputStream()));
        final PlatformBoot boot = new PlatformBoot(platform, new BootOptions(PlatformBootBench.LAYOUT,
            Duration.ofSeconds(600), false, BootFlavor.ELECTED), config);
        if (mode.equals("seed"))
        {
            boot.seed(SEED);
        }
        final BootResult r = boot.run(PlatformBootBench.FILL);
        if (!r.complete())
        {
            throw new IllegalStateException(mode + " boot of " + clusters + " clusters incomplete: " + r.faults());
        }
        run.steps = boot.steps();
        run.virtualCores = CoreThreads.virtualAvailable() ? 1 : 0;
        return r;
    }
}
