package org.smpboot.sim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.smpboot.sim.boot.BootFlavor;
import org.smpboot.sim.driver.BarrierKind;
import org.smpboot.sim.hw.CostModel;
import org.smpboot.sim.trace.BarrierLog;

/**
 * Barrier episodes against their models on the mesh (issue 20.6). Each platform is a mesh of one-core clusters booted
 * with {@code --seed 1} (the timed schedule: the cycles are exact and replay), from 1 x 2 to 8 x 8 by doublings, so
 * kernel_init's {@code global_barrier} has P = 2 .. 64 parties (the CP0s) and the mesh's diameter D (hops from corner to
 * corner) is 1, 2, 4, 6, 10, 14. An episode's {@link BarrierLog.Episode#release()} (last arrival to last release) is
 * what the barrier costs once everyone is there; of kernel_init's four episodes the least is taken (the one the least
 * disturbed by other traffic). Costs: {@link CostModel}, data uncached, a word poll {@code SERVICE} = 4 cycles at its
 * bank, a hop {@code HOP} = 3 cycles each way.
 *
 * <ul>
 *   <li>Centralized (ALMOS-MKH's, in cluster 0): the last arriver's fetch-and-add and release store, then the P - 1
 *       waiters' polls of the one release word, served one after the other: {@code r(P) = (P - 1) SERVICE + c(D)},
 *       where {@code c} grows only with the round trips to the farthest cluster (two in series on the critical path).
 *       So each doubling adds P x SERVICE, plus at most {@code 4 HOP} per hop the diameter grew: linear in P. Seen:
 *       67, 75, 91, 127, 204, 338 cycles.</li>
 *   <li>Dissemination: {@code ceil(log2 P)} rounds, in each a store to one partner's flag and that partner's poll; no
 *       word has two readers, so nothing queues that grows with P: a round costs what it costs between neighbours
 *       ({@code r(2)}) plus at most one round trip across the diameter, {@code 2 (TRANSIT + HOP D) + SERVICE}:
 *       logarithmic in P, times a distance. Seen: 62, 100, 192, 251, 418, 603 (62, 50, 64, 63, 84, 100 a round).</li>
 *   <li>Combining tree (fan-in 4): {@code ceil(log4 P)} levels of fetch-and-adds climbed in series, then one central
 *       release word that every waiter polls (the arrangement Mellor-Crummey and Scott recommend for machines with
 *       coherent caches, where the polls spin in each waiter's cache). On this machine the boot's data is uncached, so
 *       its wake-up is the centralized barrier's, linear in P; the climb is the logarithmic part: the tree's cycles
 *       beyond the centralized barrier's step up with each level, by at least one more fetch-and-add in series, and
 *       move within a level only by the mesh's growth. Seen: 95, 109, 203, 239, 422, 630; beyond the centralized
 *       barrier 28, 34 (one level), 112, 112 (two), 218, 292 (three).</li>
 * </ul>
 * Up to 64 clusters the centralized barrier is the cheapest here: a poll at the bank (4 cycles) costs less than the
 * round trip of one hop (6), and the logarithmic barriers pay several crossings of the mesh in series.
 */
class BarrierScalingTest
{
    /** The meshes, P = 2 .. 64 clusters: {x, y}. */
    private static final int[][] MESHES = {{1, 2}, {2, 2}, {2, 4}, {4, 4}, {4, 8}, {8, 8}};
    private static final Map<String, Long> RELEASES = new HashMap<>();

    /** @return the least release of kernel_init's global_barrier on an x by y mesh of one-core clusters. */
    private static synchronized long release(final BarrierKind kind, final int x, final int y) throws Exception
    {
        final String key = kind.cliName() + " " + x + "x" + y;
        final Long known = RELEASES.get(key);
        if (known != null)
        {
            return known;
        }
        final BootResult r = BarrierChoiceTest.boot(VirtualTimeBootTest.mesh(x, y, 1), BootFlavor.TSAR, kind, 1);
        assertTrue(r.complete(), key + ": " + r.faults() + "\n" + r.txt0());
        final List<BarrierLog.Episode> episodes = r.timing().episodes("kernel global_barrier");
        assertEquals(4, episodes.size(), key);
        long least = Long.MAX_VALUE;
        for (final BarrierLog.Episode e : episodes)
        {
            assertEquals(x * y, e.parties(), key);
            assertEquals(x * y, e.arrivals(), key);
            least = Math.min(least, e.release());
        }
        RELEASES.put(key, least);
        return least;
    }

    private static List<Long> releases(final BarrierKind kind, final int meshes) throws Exception
    {
        final List<Long> out = new ArrayList<>();
        for (int i = 0; i < meshes; i++)
        {
            out.add(release(kind, MESHES[i][0], MESHES[i][1]));
        }
        return out;
    }

    private static int parties(final int i)
    {
        return MESHES[i][0] * MESHES[i][1];
    }

    private static int diameter(final int i)
    {
        return MESHES[i][0] - 1 + MESHES[i][1] - 1;
    }

    private static int log(final int base, final int n)
    {
        int k = 0;
        for (long p = 1; p < n; p *= base)
        {
            k++;
        }
        return k;
    }

    /** Linear: each doubling from P adds P polls of SERVICE, and at most 4 HOP per hop the diameter grew. */
    private static void assertCentralized(final List<Long> r)
    {
        for (int i = 0; i + 1 < r.size(); i++)
        {
            final long p = parties(i);
            final long added = r.get(i + 1) - r.get(i);
            final long polls = p * CostModel.SERVICE;
            final long mesh = 4L * CostModel.HOP * (diameter(i + 1) - diameter(i));
            assertTrue(added >= polls && added <= polls + mesh, "centralized, " + p + " to " + 2 * p + " parties: +" +
                added + " cycles, not in [" + polls + ", " + (polls + mesh) + "]: " + r);
        }
    }

    /**
     * Logarithmic: ceil(log2 P) rounds, each at least one request's round trip in series, at most a round between
     * neighbours plus a crossing of the mesh.
     */
    private static void assertDissemination(final List<Long> r)
    {
        final long neighbours = r.get(0); // P = 2: one round, one hop
        for (int i = 1; i < r.size(); i++)
        {
            final int rounds = log(2, parties(i));
            final long crossing = 2L * (CostModel.TRANSIT + CostModel.HOP * diameter(i)) + CostModel.SERVICE;
            assertTrue(r.get(i) >= (long)rounds * CostModel.LOCAL && r.get(i) <= rounds * (neighbours + crossing),
                "dissemination, " + parties(i) + " parties: " + r.get(i) + " cycles, not " + rounds + " rounds of [" +
                CostModel.LOCAL + ", " + (neighbours + crossing) + "]: " + r);
        }
    }

    @Test
    void centralizedGrowsByAPollAPartyDisseminationByARoundADoubling() throws Exception
    {
        assertCentralized(releases(BarrierKind.CENTRALIZED, 3));
        assertDissemination(releases(BarrierKind.DISSEMINATION, 3));
    }

    @Test
    @Tag("slow")
    void upToSixtyFourClusters() throws Exception
    {
        final List<Long> central = releases(BarrierKind.CENTRALIZED, MESHES.length);
        assertCentralized(central);
        assertDissemination(releases(BarrierKind.DISSEMINATION, MESHES.length));
        final List<Long> tree = releases(BarrierKind.TREE, MESHES.length);
        for (int i = 0; i + 1 < tree.size(); i++)
        {
            // the wake-up through the central release word: linear, as the centralized barrier's
            assertTrue(tree.get(i + 1) - tree.get(i) >= parties(i) * (long)CostModel.SERVICE, "tree: " + tree);
            // the climb: the tree's cycles beyond the centralized barrier's
            final long climb = tree.get(i) - central.get(i);
            final long next = tree.get(i + 1) - central.get(i + 1);
            final int depth = log(BarrierKind.FAN_IN, parties(i));
            if (log(BarrierKind.FAN_IN, parties(i + 1)) > depth)
            {
                assertTrue(next - climb >= CostModel.ATOMIC_SERVICE + 2 * CostModel.TRANSIT, "one more level, " +
                    parties(i + 1) + " parties: the climb " + climb + " -> " + next + "; tree " + tree + ", centralized " +
                    central);
            }
            else
            {
                final long mesh = (depth + 1) * 4L * CostModel.HOP * (diameter(i + 1) - diameter(i));
                assertTrue(Math.abs(next - climb) <= mesh, "the same depth " + depth + ", " + parties(i + 1) +
                    " parties: the climb " + climb + " -> " + next + " moves by more than the mesh (" + mesh + ")");
            }
        }
        // at 64 clusters, the measured order: a poll at the bank is cheaper than a hop's round trip
        final long dissemination = release(BarrierKind.DISSEMINATION, 8, 8);
        assertTrue(central.get(5) < dissemination && dissemination < tree.get(5), "64 clusters: centralized " +
            central.get(5) + ", dissemination " + dissemination + ", tree " + tree.get(5));
    }
}
