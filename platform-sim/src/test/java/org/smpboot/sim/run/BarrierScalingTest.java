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
 * what the barrier costs once everyone is there; of kernel_init's five episodes the least is taken (the one the least
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
 *   <li>Combining tree (fan-in 4): {@code L = ceil(log4 P)} levels. The last arriver climbs them (a fetch-and-add at
 *       each node's word, in series), then the release comes down the same tree: a node above level 1 is released by
 *       one store into its word, which at most 3 waiters poll, and a node of level 1 by a store into each of its (up
 *       to 4) leaves' words, each polled by the leaf's waiters and its climber. No word has more than 4 readers, so
 *       nothing queues that grows with P: a level costs at most what the whole of {@code r(2)} (one level between
 *       neighbours) costs plus a round trip across the diameter, and the bottom level 3 more stores, {@code r(P) <= L
 *       (r(2) + c(D)) + 3 c(D)} with {@code c(D) = 2 (TRANSIT + HOP D) + SERVICE}; and at least a fetch-and-add's round
 *       trip a level, {@code L (ATOMIC_SERVICE + 2 TRANSIT)}: logarithmic in P, times a distance. Within a level count
 *       the cycles move only with the mesh. (Before the wake-up was a tree, every waiter polled one central release
 *       word: 95, 109, 203, 239, 422, 630, linear as the centralized barrier.) Seen: 73, 87, 181, 246, 420, 508.</li>
 * </ul>
 * Up to 64 clusters the centralized barrier is the cheapest here: a poll at the bank (4 cycles) costs less than the
 * round trip of one hop (6), and the logarithmic barriers pay several crossings of the mesh in series. Its polls add up
 * with P, the tree's levels only with log P: at 256 clusters (16 x 16, diameter 30) the tree is the cheaper (791
 * cycles against 1220), and from 64 to 256 clusters the centralized barrier grows by more than its added polls and by a
 * larger factor than the tree, which stays within its bound.
 */
class BarrierScalingTest
{
    /** The meshes, P = 2 .. 64 clusters: {x, y}. */
    private static final int[][] MESHES = {{1, 2}, {2, 2}, {2, 4}, {4, 4}, {4, 8}, {8, 8}, {16, 16}};
    /** The meshes every algorithm runs, up to 64 clusters; the last one (256) only the centralized barrier and the tree. */
    private static final int SIXTY_FOUR = 6;
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
        assertEquals(5, episodes.size(), key);
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
    void centralizedGrowsByAPollAPartyDisseminationByARoundTreeByALevel() throws Exception
    {
        assertCentralized(releases(BarrierKind.CENTRALIZED, 3));
        assertDissemination(releases(BarrierKind.DISSEMINATION, 3));
        assertTree(releases(BarrierKind.TREE, 3));
    }

    @Test
    @Tag("slow")
    void upToSixtyFourClusters() throws Exception
    {
        final List<Long> central = releases(BarrierKind.CENTRALIZED, SIXTY_FOUR);
        assertCentralized(central);
        assertDissemination(releases(BarrierKind.DISSEMINATION, SIXTY_FOUR));
        final List<Long> tree = releases(BarrierKind.TREE, SIXTY_FOUR);
        assertTree(tree);
        // at 64 clusters, the measured order: a poll at the bank is cheaper than a hop's round trip
        final long dissemination = release(BarrierKind.DISSEMINATION, 8, 8);
        assertTrue(central.get(5) < tree.get(5) && tree.get(5) < dissemination, "64 clusters: centralized " +
            central.get(5) + ", tree " + tree.get(5) + ", dissemination " + dissemination);
    }

    /**
     * 256 clusters: the centralized barrier's 255 polls at one bank now outweigh the tree's 4 levels of crossings. From
     * 64 clusters the centralized barrier grows by at least its 192 added polls; the tree stays within its bound.
     */
    @Test
    @Tag("slow")
    void atTwoHundredFiftySixClustersTheTreeBeatsTheCentralizedBarrier() throws Exception
    {
        final List<Long> central = releases(BarrierKind.CENTRALIZED, MESHES.length);
        final List<Long> tree = releases(BarrierKind.TREE, MESHES.length);
        final int last = MESHES.length - 1;
        System.out.println("global_barrier release cycles, P = 2 .. 256: centralized " + central + ", tree " + tree);
        assertTree(tree);
        assertTrue(central.get(last) - central.get(last - 1) >= (long)(parties(last) - parties(last - 1)) *
            CostModel.SERVICE, "centralized, 64 to 256 clusters: " + central);
        assertTrue(tree.get(last) < central.get(last), "256 clusters: tree " + tree.get(last) + ", centralized " +
            central.get(last) + "; tree " + tree + ", centralized " + central);
        assertTrue(tree.get(last) * central.get(last - 1) < central.get(last) * tree.get(last - 1), "64 to 256 " +
            "clusters, the tree must grow by a smaller factor than the centralized barrier: tree " + tree +
            ", centralized " + central);
    }

    /**
     * Logarithmic: ceil(log4 P) levels, each at least a fetch-and-add's round trip, at most a level between neighbours
     * (all of r(2)) plus a crossing of the mesh, and the bottom level's 3 more leaf stores at most a crossing each;
     * within a level count the cycles move only with the mesh.
     */
    private static void assertTree(final List<Long> r)
    {
        final long neighbours = r.get(0); // P = 2: one level, one hop
        for (int i = 0; i < r.size(); i++)
        {
            final int levels = log(BarrierKind.FAN_IN, parties(i));
            final long crossing = 2L * (CostModel.TRANSIT + CostModel.HOP * diameter(i)) + CostModel.SERVICE;
            final long least = CostModel.ATOMIC_SERVICE + 2L * CostModel.TRANSIT;
            final long most = levels * (neighbours + crossing) + (BarrierKind.FAN_IN - 1L) * crossing;
            assertTrue(r.get(i) >= levels * least && r.get(i) <= most, "tree, " + parties(i) + " parties: " + r.get(i) +
                " cycles, not in [" + levels + " x " + least + ", " + levels + " x " + (neighbours + crossing) + " + " +
                (BarrierKind.FAN_IN - 1) + " x " + crossing + "]: " + r);
            if (i > 0 && log(BarrierKind.FAN_IN, parties(i - 1)) == levels)
            {
                // the same levels: only the distances grew; a level's climb, release and poll are 3 trips of 2 HOP a hop
                // (8 HOP a hop leaves room for the queueing the longer trips reorder), the 3 more leaf stores 2 HOP each
                final long mesh = (levels * 8L + 2L * (BarrierKind.FAN_IN - 1)) * CostModel.HOP *
                    (diameter(i) - diameter(i - 1));
                assertTrue(Math.abs(r.get(i) - r.get(i - 1)) <= mesh, "tree, the same " + levels + " levels from " +
                    parties(i - 1) + " to " + parties(i) + " parties: " + r.get(i - 1) + " -> " + r.get(i) +
                    " moves by more than the mesh (" + mesh + ")");
            }
        }
    }
}
