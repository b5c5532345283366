package org.smpboot.bench.boot;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
import org.smpboot.sim.boot.BootOptions;
import org.smpboot.sim.boot.BootResult;
import org.smpboot.sim.boot.PlatformBoot;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;

/**
 * One whole TSAR platform boot per operation, for {@code clusters} = 1, 4, 16, 64, 256 clusters of 4 cores (square
 * meshes 1x1 to 16x16, I/O in cluster (0,0) as the CLI's default platform): how the boot's cost grows with the
 * platform, the question of the platform-boot issue.
 *
 * <p>The timed operation is {@link PlatformBoot#run(String)} as a user calls it: the boot disk written (FAT32 with
 * arch_info.bin and kernel.elf, boot.elf raw), the machine built, every core started at the reset address, the
 * preloader and the boot-loader's four phases (almos-mkh layout, RAM filled with 0x5a, TXT0 to nowhere), until every
 * core has entered kernel_init, then the machine closed and the disk deleted. {@link PlatformBoot} has no hook before
 * the cores start, so the boot itself is measured beside it, not instead of it, as the secondary metric
 * {@code bootMs} (milliseconds per boot): from the preloader's first line on TXT0 (core 0 of cluster 0 right after
 * its reset, the first thing the boot does) to the last kernel_init entry, both stamped on the core threads
 * themselves. It leaves out the disk, the machine's construction and teardown, and the start of core 0's thread; the
 * other cores' threads start while the boot runs, as on hardware all cores leave reset together. TXT0 still goes
 * nowhere: the console only notes when its first byte arrives and drops it.
 *
 * <p>There is no other program to compare a boot with, so the baseline is the same benchmark at its smallest size:
 * the report writes time(N) / time(1 cluster) and the time per core, all from the same run (its scaling section).
 *
 * <p>Every core's kernel_init entry is recorded here (and the core halted, as {@link PlatformBoot} does without a
 * kernel), so after each boot the benchmark checks what {@link BootResult#complete()} checks: no fault, and every
 * core of the platform entered kernel_init exactly once; otherwise it throws, and {@code -foe true} fails the run
 * rather than report a fast failed boot.
 *
 * <p>A boot takes 0.1 s to about 20 s on two cores, so the mode is single-shot: one boot per iteration, 1 warm-up and 3
 * measured iterations when the jar is run directly ({@code benchmarks/run.sh} passes its own {@code -wi}/{@code -i}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, batchSize = 1)
@Measurement(iterations = 3, batchSize = 1)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.IGNORE_UNRECOGNIZED, JvmFlags.UNSAFE_ALLOW, JvmFlags.AGRONA_EXPORT})
public class PlatformBootBench
{
    /** The layout preset of every boot. */
    public static final BootLayout LAYOUT = BootLayout.ALMOS_MKH;
    /** The reset fill of RAM, as the CLI names it. */
    public static final String FILL = "5a";
    /** Cores per cluster. */
    public static final int CORES = 4;
    /** The bound of every wait of a boot, and of the whole boot. */
    public static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Param({"1", "4", "16", "64", "256"})
    public int clusters;

    private Platform platform;

    /**
     * What one boot measured beside JMH's own time, as a secondary metric: from the preloader's first TXT0 line to
     * the last kernel_init entry, in milliseconds. JMH's score of an {@code EVENTS} counter is the sum over the
     * iterations (one boot each); the report takes the mean of the per-iteration values.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Boot
    {
        /** Preloader's first TXT0 line to the last kernel_init entry, milliseconds, of this iteration's boot. */
        public double bootMs;

        /** Cleared before each iteration, so a failed boot cannot report the previous one's time. */
        @Setup(Level.Iteration)
        public void clear()
        {
            bootMs = 0;
        }
    }

    /** Builds the platform once per size: its construction is not part of a boot. */
    @Setup(Level.Trial)
    public void setUp()
    {
        final int x = side(clusters);
        final int y = clusters / x;
        final PlatformSpec d = PlatformSpec.defaults();
        platform = PlatformBuilder.build(new PlatformSpec(x, y, CORES, d.ttys(), d.ioc(), d.fbfSize(), d.nics(), 0, 0,
            d.xWidth(), d.yWidth(), d.pWidth(), List.of()));
    }

    /**
     * @param boot where the machine-start-to-last-entry time goes.
     * @return the boot's result (consumed by JMH).
     * @throws IOException when the disk image cannot be written.
     */
    @Benchmark
    public BootResult platformBoot(final Boot boot) throws IOException
    {
        final Set<Integer> entered = ConcurrentHashMap.newKeySet();
        final AtomicLong twice = new AtomicLong();
        final AtomicLong last = new AtomicLong();
        final AtomicLong first = new AtomicLong();
        final PrintStream txt0 = new PrintStream(new OutputStream()
        {
            @Override
            public void write(final int b)
            {
                first.compareAndSet(0, System.nanoTime());
            }

            @Override
            public void write(final byte[] b, final int off, final int len)
            {
                first.compareAndSet(0, System.nanoTime());
            }
        });
        final MachineConfig config = MachineConfig.defaults().withFill(Fill.parse(FILL, 1)).withConsole(txt0);
        final BootResult r = new PlatformBoot(platform, new BootOptions(LAYOUT, TIMEOUT, false), config)
            .kernel(core ->
            {
                last.accumulateAndGet(System.nanoTime(), Math::max);
                if (!entered.add(core.gid()))
                {
                    twice.incrementAndGet();
                }
                return Processor.HALT;
            })
            .run(FILL);
        // BootResult.complete() counts the entries PlatformBoot records itself, which a kernel replaces: same test
        final int cores = platform.cores().size();
        if (!r.faults().isEmpty() || entered.size() != cores || twice.get() != 0)
        {
            throw new IllegalStateException("boot of " + clusters + " clusters x " + CORES + " cores incomplete: " +
                entered.size() + " of " + cores + " cores entered kernel_init, " + twice.get() + " twice; faults " +
                r.faults() + "\nTXT0:\n" + r.txt0());
        }
        if (first.get() == 0 || last.get() <= first.get())
        {
            throw new IllegalStateException("no TXT0 line before the last kernel_init entry: cannot time the boot");
        }
        boot.bootMs = (last.get() - first.get()) / 1e6;
        return r;
    }

    /**
     * @param n a power of 4 (or of 2).
     * @return the x side of the squarest mesh of n clusters, x >= y.
     */
    static int side(final int n)
    {
        int x = 1;
        while (x * x < n)
        {
            x *= 2;
        }
        if (n % x != 0 || x > 16)
        {
            throw new IllegalArgumentException("clusters must be 1, 2, 4, ... 256 (a mesh of at most 16x16), got " + n);
        }
        return x;
    }
}
