package org.smpboot.bench.boot;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
import org.smpboot.sim.boot.BootFlavor;
import org.smpboot.sim.boot.BootOptions;
import org.smpboot.sim.run.BootResult;
import org.smpboot.sim.run.PlatformBoot;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;

/**
 * One whole platform boot per operation, from reset to "boot complete", for {@code clusters} = 1, 4, 16, 64, 256
 * clusters of 4 cores, in both flavors ({@code elected}: the runtime's election on cluster 0's memory chooses the
 * bootstrap CPU; {@code tsar}: core[0][0] boots and wakes the others by IPI) (square meshes 1x1 to 16x16, I/O in cluster (0,0) as the CLI's default platform): how the
 * boot's cost grows with the platform, the question of the platform-boot and kernel_init issues.
 *
 * <p>The timed operation is {@link PlatformBoot#run(String)} as a user calls it: the boot disk written (FAT32 with
 * arch_info.bin and kernel.elf, boot.elf raw), the machine built, every core started at the reset address, the
 * preloader, the boot-loader's four phases (almos-mkh layout, RAM filled with 0x5a, TXT0 to nowhere), kernel_init D1
 * to D7 until every core has taken a tick in its idle thread, then the machine closed and the disk deleted.
 * {@link PlatformBoot} has no hook before the cores start, so the boot itself is measured beside it as the secondary
 * metric {@code bootMs} (milliseconds per boot): from the preloader's first line on TXT0 (core 0 of cluster 0 right
 * after its reset, the first thing the boot does) to boot completion (the banner), both stamped on the core threads.
 * It leaves out the disk, the machine's construction and teardown. TXT0 still goes nowhere: the console only notes
 * when its first byte arrives and drops it. {@code peakRssMb} is the JVM's peak resident set (VmHWM) after the boot:
 * the fork boots one size and flavor only, with its heap bounded to 1 GiB ({@link #HEAP}), so it bounds that size's
 * memory.
 *
 * <p>There is no other program to compare a boot with, so the baseline is the same benchmark at its smallest size:
 * the report writes time(N) / time(1 cluster) and the time per core, all from the same run (its scaling section).
 * A boot that does not complete ({@link BootResult#complete()}) throws, and {@code -foe true} fails the run rather
 * than report a fast failed boot.
 *
 * <p>A boot takes 0.1 s to a few seconds on two cores, so the mode is single-shot: one boot per iteration, 1 warm-up
 * and 3 measured iterations when the jar is run directly ({@code benchmarks/run.sh} passes its own {@code -wi}/{@code -i}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, batchSize = 1)
@Measurement(iterations = 3, batchSize = 1)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.IGNORE_UNRECOGNIZED, JvmFlags.UNSAFE_ALLOW, JvmFlags.AGRONA_EXPORT,
    PlatformBootBench.HEAP, PlatformBootBench.HEAP_FIXED})
public class PlatformBootBench
{
    /** The layout preset of every boot. */
    public static final BootLayout LAYOUT = BootLayout.ALMOS_MKH;
    /** The reset fill of RAM, as the CLI names it. */
    public static final String FILL = "5a";
    /** Cores per cluster. */
    public static final int CORES = 4;
    /**
     * The fork's heap bound: without one the JVM lets garbage grow to a quarter of the machine's RAM before collecting,
     * and the peak RSS would measure the collector's patience rather than what a boot needs.
     */
    public static final String HEAP = "-Xmx1g";
    /**
     * The heap's floor at its bound, as JMH's own advice has it: a heap that shrinks between boots gives its pages back
     * to the operating system and faults them in again in the next boot (a first touch costs 16 to 40 us on this kind
     * of VM, see {@code BankMemory}); peak RSS still counts only the heap pages the boots touched.
     */
    public static final String HEAP_FIXED = "-Xms1g";
    /** The bound of every wait of a boot, and of the whole boot. */
    public static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Param({"1", "4", "16", "64", "256"})
    public int clusters;

    /** Who boots: the elected leader (the default of {@code boot}) or core[0][0]. */
    @Param({"elected", "tsar"})
    public String flavor;

    private Platform platform;

    /**
     * What one boot measured beside JMH's own time, as secondary metrics. JMH's score of an {@code EVENTS} counter is
     * the sum over the iterations (one boot each); the report takes the mean of the per-iteration values.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Boot
    {
        /** Preloader's first TXT0 line to boot completion, milliseconds, of this iteration's boot. */
        public double bootMs;
        /** Peak resident set of the JVM after this iteration's boot, MiB. */
        public double peakRssMb;

        /** Cleared before each iteration, so a failed boot cannot report the previous one's time. */
        @Setup(Level.Iteration)
        public void clear()
        {
            bootMs = 0;
            peakRssMb = 0;
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
        final BootResult r = new PlatformBoot(platform, new BootOptions(LAYOUT, TIMEOUT, false,
            BootFlavor.of(flavor)), config).run(FILL);
        if (!r.complete())
        {
            throw new IllegalStateException("boot of " + clusters + " clusters x " + CORES + " cores incomplete: " +
                r.entries().size() + " of " + platform.cores().size() + " cores entered kernel_init; faults " +
                r.faults() + "\nTXT0:\n" + r.txt0());
        }
        final long done = r.kernel().completeNanos();
        if (first.get() == 0 || done <= first.get())
        {
            throw new IllegalStateException("no TXT0 line before boot completion: cannot time the boot");
        }
        boot.bootMs = (done - first.get()) / 1e6;
        boot.peakRssMb = peakRssMb();
        return r;
    }

    private static double peakRssMb() throws IOException
    {
        for (final String line : Files.readAllLines(Path.of("/proc/self/status")))
        {
            if (line.startsWith("VmHWM:"))
            {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return 0;
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
