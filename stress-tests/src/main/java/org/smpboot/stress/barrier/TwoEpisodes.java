package org.smpboot.stress.barrier;

import org.openjdk.jcstress.infra.results.IIII_Result;
import org.smpboot.runtime.barrier.Barrier;
import org.smpboot.runtime.barrier.CentralizedBarrier;
import org.smpboot.runtime.barrier.ClusterTopology;
import org.smpboot.runtime.barrier.CombiningTreeBarrier;
import org.smpboot.runtime.barrier.DisseminationBarrier;
import org.smpboot.runtime.barrier.HierarchicalBarrier;
import org.smpboot.stress.BootMemory;

/**
 * The script every barrier stress test runs with two actors: each writes its stage (1), awaits, reads the other's
 * stage, writes stage 2, awaits, reads the other's stage again. The stages are plain fields, so only the barrier's
 * memory ordering makes the reads see the writes.
 *
 * <p>Legal: after episode 1 the other's stage is 1 or already 2 (it may have left and moved on); after episode 2 it is
 * 2. A 0 after episode 1 is an early exit; a 0 or 1 after episode 2 means the second episode overtook the first.
 *
 * <p>The barrier lives in a heap buffer ({@link BootMemory#heap}: jcstress allocates states by the thousand, and
 * direct buffers would strain the direct-memory limit); the atomics and their ordering are the same as off-heap. Waits are bounded:
 * both actors always reach both barriers, so a timeout can only mean a bug, and it fails the test with an exception.
 */
final class TwoEpisodes
{
    private final Barrier barrier;
    private int stage0;
    private int stage1;

    private TwoEpisodes(final Barrier barrier)
    {
        this.barrier = barrier; // initialised by its factory
    }

    static TwoEpisodes centralized()
    {
        return new TwoEpisodes(new CentralizedBarrier(BootMemory.waitPolicy(), "jcstress-central")
            .initialize(BootMemory.heap(CentralizedBarrier.footprint(2)), 0, 2));
    }

    static TwoEpisodes combiningTree()
    {
        return new TwoEpisodes(new CombiningTreeBarrier(BootMemory.waitPolicy(), "jcstress-tree")
            .initialize(BootMemory.heap(CombiningTreeBarrier.footprint(2, 2)), 0, 2, 2));
    }

    static TwoEpisodes dissemination()
    {
        return new TwoEpisodes(new DisseminationBarrier(BootMemory.waitPolicy(), "jcstress-dissemination")
            .initialize(BootMemory.heap(DisseminationBarrier.footprint(2)), 0, 2));
    }

    /** Two clusters of one participant each, so that both levels (local, then global) are crossed. */
    static TwoEpisodes hierarchical()
    {
        final ClusterTopology topology = ClusterTopology.ofSizes(1, 1);
        return new TwoEpisodes(new HierarchicalBarrier(BootMemory.waitPolicy(), "jcstress-hierarchical")
            .initialize(BootMemory.heap(HierarchicalBarrier.footprint(topology)), 0, topology));
    }

    /** Participant 0: results in r1 (after episode 1) and r2 (after episode 2). */
    void actor0(final IIII_Result r)
    {
        stage0 = 1;
        barrier.await(0);
        r.r1 = stage1;
        stage0 = 2;
        barrier.await(0);
        r.r2 = stage1;
    }

    /** Participant 1: results in r3 (after episode 1) and r4 (after episode 2). */
    void actor1(final IIII_Result r)
    {
        stage1 = 1;
        barrier.await(1);
        r.r3 = stage0;
        stage1 = 2;
        barrier.await(1);
        r.r4 = stage0;
    }
}
