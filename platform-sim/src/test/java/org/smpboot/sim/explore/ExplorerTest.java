package org.smpboot.sim.explore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.smpboot.runtime.region.Fill;
import org.smpboot.sim.boot.BootFlavor;
import org.smpboot.sim.boot.BootOptions;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;
import org.smpboot.sim.report.BootOutputs;
import org.smpboot.sim.run.BootResult;

/** The schedule explorer: sound protocols pass every seed; a barrier without sense reversal is caught and replayed. */
class ExplorerTest
{
    /** Seeds within which the explorer must catch the broken barrier. */
    private static final int BOUND = 64;

    static Explorer explorer(final int x, final int y, final int cores, final BootFlavor flavor)
    {
        final Platform p = PlatformBuilder.build(new PlatformSpec(x, y, cores, 3, DeviceType.IOC_BDV, 64, 1, 0, 0, 4,
            4, 2, List.of()));
        return new Explorer(p, new BootOptions(BootLayout.ALMOS_MKH, Duration.ofSeconds(60), false, flavor),
            MachineConfig.defaults().withFill(Fill.X5A).withConsole(null), "5a");
    }

    @Test
    void soundProtocolsKeepEveryInvariantUnderEverySeed() throws Exception
    {
        for (final BootFlavor flavor : BootFlavor.values())
        {
            final List<Long> explored = new ArrayList<>();
            // 40 seeds: seed 26 found that kernel_init's boot-complete line could count 6 of 8 cores (fixed)
            final List<Explorer.Finding> found = explorer(2, 2, 2, flavor).explore(1, 40, false,
                f -> explored.add(f.seed()));
            assertEquals(40, explored.size());
            assertEquals(List.of(), found, flavor.cliName());
        }
    }

    @Test
    void aBarrierWithoutSenseReversalIsFoundWithinBoundedSeedsAndReplaysByItsSeed() throws Exception
    {
        final Explorer broken = explorer(1, 2, 2, BootFlavor.TSAR).barriers(NoSenseBarrier.KERNEL).maxCycles(1L << 27);
        final List<Explorer.Finding> found = broken.explore(1, BOUND, true, f -> { });
        assertEquals(1, found.size(), "the explorer finds a seed that breaks the boot within " + BOUND + " seeds");
        final Explorer.Finding f = found.get(0);
        assertTrue(f.violations().get(0).contains("seed " + f.seed()), "the fault names the seed: " + f.violations());
        assertTrue(f.violations().get(0).contains("barrier"), "a core waits at a kernel barrier: " + f.violations());
        // replay: the same seed breaks the same way, byte for byte
        final BootResult a = broken.boot(f.seed());
        final BootResult b = broken.boot(f.seed());
        assertEquals(f.violations(), BootInvariants.violations(a));
        assertEquals(a.txt0(), b.txt0());
        assertEquals(BootOutputs.mapsText(a), BootOutputs.mapsText(b));
        assertArrayEquals(trace(a), trace(b));
        assertFalse(a.complete());
    }

    @Test
    void workersBootSeedsAtOnceAndTellTheSameFindingsInSeedOrder() throws Exception
    {
        final List<List<Explorer.Finding>> runs = new ArrayList<>();
        for (final int workers : new int[] {1, 3})
        {
            final List<Explorer.Finding> told = new ArrayList<>();
            explorer(1, 2, 2, BootFlavor.TSAR).barriers(NoSenseBarrier.KERNEL).maxCycles(1L << 27).workers(workers)
                .explore(1, 24, false, told::add);
            assertEquals(java.util.stream.LongStream.rangeClosed(1, 24).boxed().toList(),
                told.stream().map(Explorer.Finding::seed).toList(), workers + " worker(s): every seed, in order");
            runs.add(told);
        }
        assertEquals(runs.get(0), runs.get(1), "a seed's boot does not depend on the worker that ran it");
        assertTrue(runs.get(0).stream().anyMatch(f -> !f.violations().isEmpty()), "the broken barrier is caught");
    }

    private static byte[] trace(final BootResult r) throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.trace().write(out);
        return out.toByteArray();
    }
}
