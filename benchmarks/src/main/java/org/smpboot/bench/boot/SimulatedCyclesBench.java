package org.smpboot.bench.boot;

import java.io.IOException;
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
import org.smpboot.sim.boot.BootFlavor;
import org.smpboot.sim.driver.BarrierKind;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.run.PlatformBoot;
import org.smpboot.sim.scale.Scale;
import org.smpboot.sim.trace.BootPhase;

/**
 * The simulated machine's cycles beside the wall time it takes to simulate them (issue 20.5): one seeded boot per
 * operation, exactly as {@code smpboot scale} runs it ({@link Scale}: a square mesh of {@code clusters} clusters of
 * {@value #CORES} cores, flavor elected, layout almos-mkh, seed {@value #SEED}, the default cycle bound), with the
 * barrier class {@code barrier} behind {@code global_barrier} and {@code local_barrier}. The score is the host's time
 * for the boot; the secondary metrics ({@link AuxCounters}) are the virtual time it counted, the numbers
 * {@code scale.csv} holds for the same row: the cycles of each phase (from the previous phase's end to its own;
 * {@code kernelCycles} ends at the cycle the simulated kernel printed), the cycle the last phase ended, and the mean
 * span (first arrival to last release) of kernel_init's {@code global_barrier} episodes. A seeded boot replays
 * exactly, so every iteration reports the same cycles; only the wall time varies. On this 2-core host the cycles go to
 * 1024 cores ({@code -p clusters=256}); add {@code -p barrier=centralized,tree,dissemination,hierarchical} to compare
 * the barriers' episodes on the mesh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, batchSize = 1)
@Measurement(iterations = 2, batchSize = 1)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.IGNORE_UNRECOGNIZED, JvmFlags.UNSAFE_ALLOW, JvmFlags.AGRONA_EXPORT,
    JvmFlags.CORE_CARRIER, "-Xmx2g"})
public class SimulatedCyclesBench
{
    /** Cores per cluster, as {@code smpboot scale}'s default. */
    static final int CORES = 4;
    /** Seeds every boot, as {@code smpboot scale}'s default. */
    static final long SEED = 1;

    @Param({"1", "4", "16", "64", "256"})
    public int clusters;

    @Param({"centralized"})
    public String barrier;

    private int side;
    private BarrierKind kind;

    /** The virtual time one boot counted, read beside JMH's wall time. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Cycles
    {
        /** Phase 1: the preloader. */
        public double preloaderCycles;
        /** Phase 2: the boot-loader on the bootstrap core alone. */
        public double sequentialCycles;
        /** Phase 3: the CP0s, partially parallel. */
        public double partialCycles;
        /** Phase 4: every core, fully parallel. */
        public double parallelCycles;
        /** kernel_init, D1 to D7, to the cycle the simulated kernel printed. */
        public double kernelCycles;
        /** The cycle the last phase ended. */
        public double totalCycles;
        /** Mean span of kernel_init's global_barrier episodes, first arrival to last release. */
        public double globalBarrierSpan;

        /** Cleared before each iteration: a single shot reports its own boot's cycles. */
        @Setup(Level.Iteration)
        public void clear()
        {
            preloaderCycles = 0;
            sequentialCycles = 0;
            partialCycles = 0;
            parallelCycles = 0;
            kernelCycles = 0;
            totalCycles = 0;
            globalBarrierSpan = 0;
        }
    }

    /** Checks the parameters once. */
    @Setup(Level.Trial)
    public void setUp()
    {
        side = PlatformBootBench.side(clusters);
        if (side * side != clusters)
        {
            throw new IllegalArgumentException("clusters must be a square mesh (1, 4, 16, 64, 256), got " + clusters);
        }
        kind = BarrierKind.of(barrier);
    }

    /**
     * @param cycles where the virtual time goes.
     * @return the boot's row (consumed by JMH).
     * @throws IOException when the disk image cannot be written.
     */
    @Benchmark
    public Scale.Point boot(final Cycles cycles) throws IOException
    {
        final Scale.Point p = new Scale(CORES, BootLayout.ALMOS_MKH, SEED, Duration.ofSeconds(120),
            PlatformBoot.DEFAULT_MAX_CYCLES).run(List.of(side), List.of(BootFlavor.ELECTED), List.of(kind), r -> { })
            .get(0);
        if (!p.complete())
        {
            throw new IllegalStateException("seeded boot of " + p.platform() + " with the " + barrier +
                " barrier incomplete");
        }
        cycles.preloaderCycles = p.phaseCycles().getOrDefault(BootPhase.PRELOADER, 0L);
        cycles.sequentialCycles = p.phaseCycles().getOrDefault(BootPhase.SEQUENTIAL, 0L);
        cycles.partialCycles = p.phaseCycles().getOrDefault(BootPhase.PARTIAL, 0L);
        cycles.parallelCycles = p.phaseCycles().getOrDefault(BootPhase.PARALLEL, 0L);
        cycles.kernelCycles = p.phaseCycles().getOrDefault(BootPhase.KERNEL, 0L);
        cycles.totalCycles = p.totalCycles();
        cycles.globalBarrierSpan = p.barrierSpans().getOrDefault("kernel global_barrier", 0.0);
        return p;
    }
}
