package org.smpboot.sim.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.smpboot.sim.hyper.HatMistake;
import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;

/** The isolation explorer: the scenario keeps isolation seed after seed, and a leaky HAT is caught. */
class IsolationExplorerTest
{
    /** 2x2 clusters of 2 cores: the hypervisor's and three instances'. */
    private static Platform small()
    {
        return PlatformBuilder.build(new PlatformSpec(2, 2, 2, 3, DeviceType.IOC_BDV, 0, 1, 0, 0, 4, 4, 2, List.of()));
    }

    private static List<IsolationExplorer.Verdict> explore(final HatMistake mistake, final long first, final int n)
        throws Exception
    {
        final IsolationExplorer e = new IsolationExplorer(small(), mistake, 1L << 34, Duration.ofSeconds(60));
        try
        {
            return e.explore(first, n, false, v -> { });
        }
        finally
        {
            e.close();
        }
    }

    @Test
    void twoGuestsAndAHostileOneKeepIsolation() throws Exception
    {
        for (final IsolationExplorer.Verdict v : explore(HatMistake.NONE, 1, 1))
        {
            assertTrue(v.ok(), "seed " + v.seed() + ": " + v.broken());
        }
    }

    @Test
    void aLeakyHatIsCaught() throws Exception
    {
        final IsolationExplorer.Verdict v = explore(HatMistake.LEAKY_MAP, 1, 1).get(0);
        assertFalse(v.ok());
        final List<String> broken = new ArrayList<>(v.broken());
        assertTrue(broken.stream().anyMatch(b -> b.matches("core\\[0x11,0\\] gid 0x044 of instance 3 wrote 4 bytes " +
            "at 0x0100004000, in instance 1's cluster")), broken.toString());
        assertTrue(broken.stream().anyMatch(b -> b.matches("the hostile guest 3 is complete \\(kernel_init complete " +
            "after [0-9.]+ ms\\), not faulted on a HAT fault")), broken.toString());
    }

    @Test
    @Tag("slow")
    void fiftySeedsKeepIsolation() throws Exception
    {
        final List<IsolationExplorer.Verdict> all = explore(HatMistake.NONE, 100, 50);
        assertEquals(50, all.size());
        assertEquals(List.of(), all.stream().filter(v -> !v.ok()).map(v -> v.seed() + ": " + v.broken()).toList());
    }
}
