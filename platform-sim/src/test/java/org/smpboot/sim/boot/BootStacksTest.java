package org.smpboot.sim.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.run.BootResult;
import org.smpboot.sim.run.MemoryMap;
import org.smpboot.sim.run.PlatformBoot;
import org.smpboot.sim.run.ZoneUse;
import org.smpboot.sim.trace.BootPhase;

/**
 * Whole boots at 2x2x4 in both flavors with every frame check on: each core runs kernel_init on a boot stack whose
 * frames it pushed and popped, the memory maps show each boot stack's depth, and the trace shows the stack pointer set
 * at each draw and poisoned at each terminateCall.
 */
class BootStacksTest
{
    private static BootResult boot(final BootFlavor flavor) throws Exception
    {
        return new PlatformBoot(PlatformBuilder.build(ElectedBootTest.mesh(2, 2, 4)), new BootOptions(
            BootLayout.ALMOS_MKH, Duration.ofSeconds(60), false, flavor), MachineConfig.defaults().withConsole(null))
            .trace().run("5a");
    }

    /** Each cluster's boot stacks after kernel_init: four, each used deeper than its marker frame. */
    private static void checkDepths(final BootResult r, final List<Integer> boot)
    {
        for (final MemoryMap m : r.maps().stream().filter(x -> x.phase() == BootPhase.KERNEL).toList())
        {
            final ZoneUse z = m.zone("boot stacks");
            assertEquals(m.cxy() == 0 ? boot : List.of(0, 1, 2, 3), z.stacks(), m.text());
            // kernel_init's frame (320 bytes) and its marker (16) at least; thread_idle_func's on top
            z.depths().forEach(d -> assertTrue(d >= 16 + 320 + 64, m.text()));
            assertEquals(z.depths().stream().mapToLong(Integer::longValue).sum(), z.used(), m.text());
            assertTrue(m.text().contains("boot stacks of lid 0 ("), m.text());
        }
    }

    @Test
    void electedBootRunsEveryCoreOnFramesOfItsDrawnStacks() throws Exception
    {
        final BootResult r = boot(BootFlavor.ELECTED);
        assertTrue(r.complete(), r.faults() + "\n" + r.txt0());
        // the leader's bootstrap stack (boot_init's frames) stays in cluster 0's map beside the lids' stacks
        checkDepths(r, List.of(0, 1, 2, 3, BootLayout.BOOTSTRAP_SLOT));
        final long set = r.trace().events().stream().filter(e -> e.name().equals("sp set")).count();
        final long poisoned = r.trace().events().stream().filter(e -> e.name().equals("sp poisoned")).count();
        // 15 followers draw an arch_init stack and a start stack; the leader its bootstrap and a start stack
        assertEquals(15 * 2 + 2, set);
        assertEquals(15, poisoned, "each follower's terminateCall");
    }

    @Test
    void tsarBootRunsEveryCoreOnFramesOfItsBootStack() throws Exception
    {
        final BootResult r = boot(BootFlavor.TSAR);
        assertTrue(r.complete(), r.faults() + "\n" + r.txt0());
        checkDepths(r, List.of(0, 1, 2, 3));
        assertEquals(16, r.trace().events().stream().filter(e -> e.name().equals("sp set")).count());
        assertEquals(0, r.trace().events().stream().filter(e -> e.name().equals("sp poisoned")).count());
    }
}
