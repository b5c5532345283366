package org.smpboot.sim.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.smpboot.runtime.region.Fill;
import org.smpboot.sim.boot.BootFlavor;
import org.smpboot.sim.boot.BootOptions;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.kernel.KernelEntry;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.report.BootOutputs;
import org.smpboot.sim.trace.BootPhase;
import org.smpboot.sim.trace.TraceEvent;

/** The deterministic mode: a seed replays a boot byte for byte; other seeds interleave otherwise, same final state. */
class DeterministicBootTest
{
    static BootResult boot(final Platform p, final BootFlavor flavor, final long seed) throws Exception
    {
        return new PlatformBoot(p, new BootOptions(BootLayout.ALMOS_MKH, Duration.ofSeconds(60), false, flavor),
            MachineConfig.defaults().withFill(Fill.X5A).withConsole(null)).trace().seed(seed).run("5a");
    }

    static byte[] trace(final BootResult r) throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.trace().write(out);
        return out.toByteArray();
    }

    @Test
    void theSameSeedGivesTheSameTtyTraceAndMemoryMaps() throws Exception
    {
        final Platform p = VirtualTimeBootTest.mesh(2, 2, 2);
        for (final BootFlavor flavor : BootFlavor.values())
        {
            final BootResult a = boot(p, flavor, 42);
            final BootResult b = boot(p, flavor, 42);
            assertTrue(a.complete(), a.faults() + "\n" + a.txt0());
            assertEquals(a.txt0(), b.txt0(), flavor + ": TXT0");
            assertEquals(BootOutputs.mapsText(a), BootOutputs.mapsText(b), flavor + ": memory maps");
            assertArrayEquals(trace(a), trace(b), flavor + ": trace");
            assertEquals(a.phaseEndCycles(), b.phaseEndCycles());
        }
    }

    @Test
    void aBootWithoutMemoryMapsOrCostMatricesIsTheSameBootWithNone() throws Exception
    {
        // the maps are the observer's raw reads and the matrices its sums: leaving them out (boot without --out) must
        // change nothing simulated, and the access counts stay
        final Platform p = VirtualTimeBootTest.mesh(2, 2, 2);
        final BootResult with = boot(p, BootFlavor.ELECTED, 42);
        final BootResult without = new PlatformBoot(p, new BootOptions(BootLayout.ALMOS_MKH, Duration.ofSeconds(60),
            false, BootFlavor.ELECTED), MachineConfig.defaults().withFill(Fill.X5A).withConsole(null)).trace()
            .withoutMemoryMaps().withoutCostMatrices().seed(42).run("5a");
        assertTrue(without.complete(), without.faults() + "\n" + without.txt0());
        assertEquals(with.txt0(), without.txt0());
        assertArrayEquals(trace(with), trace(without));
        assertEquals(with.phaseEndCycles(), without.phaseEndCycles());
        assertEquals(with.kernel().chdevs(), without.kernel().chdevs());
        assertTrue(with.maps().size() > 0, "the default records maps");
        assertEquals(List.of(), without.maps());
        for (final BootPhase phase : BootPhase.values())
        {
            assertEquals(with.accesses().get(phase).total(), without.accesses().get(phase).total(), phase + "");
        }
        assertTrue(with.accesses().get(BootPhase.PRELOADER).total() > 0);
        assertTrue(with.cycles().get(BootPhase.PRELOADER).total() > 0, "the default builds the cost matrices");
        assertEquals(Map.of(), without.cycles());
        assertEquals(Map.of(), without.timing().waits());
        assertEquals(Map.of(), without.timing().words());
    }

    @Test
    void otherSeedsInterleaveOtherwiseToTheSameFinalState() throws Exception
    {
        final Platform p = VirtualTimeBootTest.mesh(2, 2, 2);
        for (final BootFlavor flavor : BootFlavor.values())
        {
            final BootResult a = boot(p, flavor, 1);
            final BootResult b = boot(p, flavor, 2);
            assertTrue(a.complete(), a.faults() + "\n" + a.txt0());
            assertTrue(b.complete(), b.faults() + "\n" + b.txt0());
            final List<String> orderA = a.trace().events().stream().map(DeterministicBootTest::key).toList();
            final List<String> orderB = b.trace().events().stream().map(DeterministicBootTest::key).toList();
            assertNotEquals(orderA, orderB, flavor + ": two seeds, two interleavings");
            // the final state: every cluster's memory after phase 4 (in the elected flavor the seeds elect different
            // bootstrap CPUs, whose clusters differ in phases 1 and 2 only), every core's kernel_init entry
            assertEquals(finalMaps(a), finalMaps(b), flavor + ": the same memory maps after phase 4");
            assertEquals(identities(a), identities(b), flavor + ": the same kernel_init entries (gid, cxy, lid, ...)");
            // which stack of its cluster's pool a core draws is the interleaving's choice; the stacks are the same
            assertEquals(stacks(a), stacks(b), flavor + ": the same boot stacks in use, per cluster");
            assertEquals(a.kernel().chdevs().size(), b.kernel().chdevs().size());
            assertEquals(a.kernel().root(), b.kernel().root());
        }
    }

    private static List<String> finalMaps(final BootResult r)
    {
        return r.maps().stream().filter(m -> m.phase() == BootPhase.PARALLEL)
            .sorted(Comparator.comparingInt(MemoryMap::cxy)).map(MemoryMap::text).toList();
    }

    private static List<String> identities(final BootResult r)
    {
        return r.entries().stream().sorted(Comparator.comparingInt(KernelEntry::gid)).map(e -> String.format(
            "gid 0x%03x cxy 0x%02x lid %d DATA 0x%02x INSTRUCTION 0x%02x boot_info 0x%08x", e.gid(), e.cxy(), e.lid(),
            e.dataExt(), e.instExt(), e.bootInfo())).toList();
    }

    private static List<String> stacks(final BootResult r)
    {
        return r.entries().stream().map(e -> String.format("cxy 0x%02x sp 0x%08x", e.cxy(), e.sp())).sorted()
            .toList();
    }

    private static String key(final TraceEvent e)
    {
        return e.tid() + " " + e.kind() + " " + e.name() + " " + e.ph();
    }
}
