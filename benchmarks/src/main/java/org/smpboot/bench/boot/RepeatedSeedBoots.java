package org.smpboot.bench.boot;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;

import org.smpboot.runtime.region.Fill;
import org.smpboot.sim.boot.BootFlavor;
import org.smpboot.sim.boot.BootOptions;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;
import org.smpboot.sim.run.BootResult;
import org.smpboot.sim.run.PlatformBoot;

/**
 * The boots of {@link DeterministicBootBench} repeated in one JVM, each timed in wall time beside the process's CPU
 * time and the GC's pauses: what tells a boot that costs more work from one that waits longer for the host (issue 23:
 * the deterministic 16x16x4 boot's wall time grew from boot to boot in one JVM while its CPU did not).
 *
 * <p>{@code java <the launcher's JVM flags> -cp benchmarks/target/benchmarks.jar
 * org.smpboot.bench.boot.RepeatedSeedBoots CLUSTERS BOOTS [parallel]}: CLUSTERS = 16 or 256 (4 cores each), seed 1
 * unless {@code parallel}. One line per boot on standard output.
 */
public final class RepeatedSeedBoots
{
    private RepeatedSeedBoots()
    {
    }

    /**
     * @param args clusters, boots, and optionally {@code parallel}.
     * @throws IOException when a disk image cannot be written.
     */
    public static void main(final String[] args) throws IOException
    {
        final int clusters = Integer.parseInt(args[0]);
        final int boots = Integer.parseInt(args[1]);
        final boolean parallel = args.length > 2 && args[2].equals("parallel");
        final int x = PlatformBootBench.side(clusters);
        final PlatformSpec d = PlatformSpec.defaults();
        final Platform platform = PlatformBuilder.build(new PlatformSpec(x, clusters / x, PlatformBootBench.CORES,
            d.ttys(), d.ioc(), d.fbfSize(), d.nics(), 0, 0, d.xWidth(), d.yWidth(), d.pWidth(), List.of()));
        final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean();
        for (int i = 0; i < boots; i++)
        {
            final MachineConfig config = MachineConfig.defaults().withFill(Fill.parse(PlatformBootBench.FILL, 1))
                .withConsole(new PrintStream(OutputStream.nullOutputStream()));
            final PlatformBoot boot = new PlatformBoot(platform, new BootOptions(PlatformBootBench.LAYOUT,
                Duration.ofSeconds(600), false, BootFlavor.ELECTED), config);
            if (!parallel)
            {
                boot.seed(DeterministicBootBench.SEED);
            }
            final long t0 = System.nanoTime();
            final long c0 = os.getProcessCpuTime();
            final long g0 = gcMillis();
            final BootResult r = boot.run(PlatformBootBench.FILL);
            System.out.printf("boot %d: complete %s, wall %.1f s, process CPU %.1f s, GC pauses %.1f s, %d steps%n", i,
                r.complete(), (System.nanoTime() - t0) / 1e9, (os.getProcessCpuTime() - c0) / 1e9,
                (gcMillis() - g0) / 1e3, boot.steps());
        }
    }

    private static long gcMillis()
    {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
            .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }
}
