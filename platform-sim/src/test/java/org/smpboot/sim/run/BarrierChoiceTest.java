package org.smpboot.sim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.smpboot.runtime.region.Fill;
import org.smpboot.sim.driver.BarrierKind;
import org.smpboot.sim.boot.BootFlavor;
import org.smpboot.sim.boot.BootOptions;
import org.smpboot.sim.fault.FaultPlan;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.trace.BarrierLog;

/**
 * {@code boot --barrier} (issue 20.4): each of the runtime's barrier classes runs the boot-loader's and kernel_init's
 * global_barrier and local_barrier on simulated memory, and the barrier log sees every episode of each, in virtual time.
 */
class BarrierChoiceTest
{
    static BootResult boot(final Platform p, final BootFlavor flavor, final BarrierKind kind, final long seed)
        throws Exception
    {
        return new PlatformBoot(p, new BootOptions(BootLayout.ALMOS_MKH, Duration.ofSeconds(60), false, flavor, kind),
            MachineConfig.defaults().withFill(Fill.X5A).withConsole(null)).seed(seed).run("5a");
    }

    @ParameterizedTest
    @EnumSource(BarrierKind.class)
    void everyBarrierBootsAndEveryEpisodeMeetsItsParties(final BarrierKind kind) throws Exception
    {
        final Platform p = VirtualTimeBootTest.mesh(2, 2, 4);
        for (final BootFlavor flavor : BootFlavor.values())
        {
            final BootResult r = boot(p, flavor, kind, 1);
            assertTrue(r.complete(), kind + " " + flavor + ": " + r.faults() + "\n" + r.txt0());
            assertEquals(kind, r.options().barrier());
            // the boot-loader's global barrier (the 4 CP0s), kernel_init's (its 5 rendezvous: D2 to D4, the
            // mount, the VFS copy) and each cluster's local barrier (its 4 cores)
            final List<BarrierLog.Episode> boot = r.timing().episodes("global_barrier");
            final List<BarrierLog.Episode> kernel = r.timing().episodes("kernel global_barrier");
            assertFalse(boot.isEmpty(), kind + " " + flavor + ": " + r.timing().episodes());
            assertEquals(5, kernel.size(), kind + " " + flavor + ": " + kernel);
            for (final int cxy : List.of(0x00, 0x01, 0x10, 0x11))
            {
                assertEquals(5, r.timing().episodes(BarrierKind.localName("kernel local_barrier", cxy)).size(),
                    kind + " " + flavor + " cluster " + cxy);
            }
            for (final BarrierLog.Episode e : r.timing().episodes())
            {
                assertEquals(4, e.parties(), "4 CP0s, or a cluster's 4 cores: " + e);
                assertEquals(e.parties(), e.arrivals(), "every participant arrived: " + e);
                assertTrue(e.firstArrival() <= e.lastArrival() && e.lastArrival() <= e.lastRelease(),
                    "nobody leaves before the last arrives: " + e);
            }
        }
    }

    /**
     * An interleaved global_barrier (the boot-loader's and kernel_init's) lies in every cluster with cores: one whose
     * bank fails its self-test is left out, and neither barrier may touch that bank before the roster is sealed (phase
     * 2 writes none of its slots), nor count it afterwards.
     */
    @ParameterizedTest
    @EnumSource(value = BarrierKind.class, names = {"TREE", "HIERARCHICAL"})
    void anInterleavedBarrierLeavesABadBankOut(final BarrierKind kind) throws Exception
    {
        final Platform p = VirtualTimeBootTest.mesh(2, 2, 4);
        for (final BootFlavor flavor : BootFlavor.values())
        {
            final BootResult r = new PlatformBoot(p, new BootOptions(BootLayout.ALMOS_MKH, Duration.ofSeconds(60),
                false, flavor, kind), MachineConfig.defaults().withFill(Fill.X5A).withConsole(null)).seed(3)
                .faults(FaultPlan.parse(List.of("bad-bank:0x11"))).run("5a");
            assertTrue(r.complete(), kind + " " + flavor + ": " + r.faults() + "\n" + r.txt0());
            assertEquals(12, r.entries().size(), kind + " " + flavor + ": " + r.txt0());
            final List<BarrierLog.Episode> kernel = r.timing().episodes("kernel global_barrier");
            assertEquals(5, kernel.size(), kind + " " + flavor + ": " + kernel);
            for (final BarrierLog.Episode e : kernel)
            {
                assertEquals(3, e.parties(), "the 3 clusters left: " + e);
                assertEquals(3, e.arrivals(), e.toString());
            }
        }
    }

    @Test
    void aSeedReplaysEachBarrierToTheCycle() throws Exception
    {
        final Platform p = VirtualTimeBootTest.mesh(2, 2, 4);
        for (final BarrierKind kind : List.of(BarrierKind.TREE, BarrierKind.DISSEMINATION))
        {
            final BootResult a = boot(p, BootFlavor.ELECTED, kind, 7);
            final BootResult b = boot(p, BootFlavor.ELECTED, kind, 7);
            assertTrue(a.complete(), a.faults() + "\n" + a.txt0());
            assertEquals(a.phaseEndCycles(), b.phaseEndCycles(), kind.cliName());
            assertEquals(a.timing().episodes(), b.timing().episodes(), kind.cliName());
            assertEquals(a.txt0(), b.txt0(), kind.cliName());
        }
    }

    /**
     * A regression: with one bounded wait across its rounds, a dissemination barrier's later rounds rewound the waiting
     * core to its first round's mark at each failed poll; on 8 x 8 x 4 with seed 1 cluster 0x03's cores never left
     * kernel_init's fourth rendezvous, and their bound never fired (their clocks never passed the mark).
     */
    @Test
    @Tag("slow")
    void disseminationOnSixtyFourClustersCompletesUnderTheTimedSchedule() throws Exception
    {
        final BootResult r = boot(VirtualTimeBootTest.mesh(8, 8, 4), BootFlavor.TSAR, BarrierKind.DISSEMINATION, 1);
        assertTrue(r.complete(), r.faults() + "\n" + r.txt0());
        final List<BarrierLog.Episode> kernel = r.timing().episodes("kernel global_barrier");
        assertEquals(5, kernel.size(), kernel.toString());
        kernel.forEach(e -> assertEquals(64, e.arrivals(), e.toString()));
    }
}
