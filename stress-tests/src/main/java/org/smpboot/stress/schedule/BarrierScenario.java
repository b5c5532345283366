package org.smpboot.stress.schedule;

import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.AtomicBuffer;
import org.smpboot.runtime.barrier.Barrier;
import org.smpboot.runtime.barrier.CentralizedBarrier;
import org.smpboot.runtime.barrier.ClusterTopology;
import org.smpboot.runtime.barrier.CombiningTreeBarrier;
import org.smpboot.runtime.barrier.DisseminationBarrier;
import org.smpboot.runtime.barrier.HierarchicalBarrier;
import org.smpboot.runtime.region.Slot;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * Each party of a barrier, for {@code episodes} episodes: write its stage (the episode number plus one) in shared
 * memory, await, then read every other party's stage.
 *
 * <p>Invariants after every schedule: no party threw and none waited for ever; after its await of episode e, each
 * party saw every other stage at e + 1 or e + 2 (it may have left and written its next stage, not more: no early exit,
 * no overtaking); at the end every party's arrival record is the last episode and the barrier is not broken.
 */
public final class BarrierScenario implements Scenario
{
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    /** The barrier algorithms of the runtime. */
    public enum Kind
    {
        /** {@link CentralizedBarrier}. */
        CENTRALIZED("centralized barrier"),
        /** {@link CombiningTreeBarrier}, fan-in 2. */
        COMBINING_TREE("combining tree barrier"),
        /** {@link DisseminationBarrier}. */
        DISSEMINATION("dissemination barrier"),
        /**
         * {@link HierarchicalBarrier} with its default release ({@link HierarchicalBarrier.Release#WATCH_GLOBAL}):
         * clusters of 2 and 1 for 3 parties, of 1 and 1 for 2.
         */
        HIERARCHICAL("hierarchical barrier"),
        /**
         * {@link HierarchicalBarrier} with {@link HierarchicalBarrier.Release#REPRESENTATIVE}, the release the
         * simulated machine's kernel_init uses: the same clusters.
         */
        HIERARCHICAL_REPRESENTATIVE("hierarchical barrier (representative's release)");

        private final String label;

        Kind(final String label)
        {
            this.label = label;
        }

        /** Writes a fresh barrier of {@code parties} at offset 0 and returns a flyweight over it. */
        Barrier build(final AtomicBuffer buffer, final int parties, final WaitPolicy policy)
        {
            switch (this)
            {
                case CENTRALIZED:
                    return new CentralizedBarrier(policy, "checked").initialize(buffer, 0, parties);
                case COMBINING_TREE:
                    return new CombiningTreeBarrier(policy, "checked").initialize(buffer, 0, parties, 2);
                case DISSEMINATION:
                    return new DisseminationBarrier(policy, "checked").initialize(buffer, 0, parties);
                case HIERARCHICAL:
                    return new HierarchicalBarrier(policy, "checked").initialize(buffer, 0, topology(parties));
                default:
                    return new HierarchicalBarrier(policy, "checked").initialize(buffer, 0, topology(parties),
                        HierarchicalBarrier.Release.REPRESENTATIVE);
            }
        }

        /** A second flyweight over the barrier at offset 0, as another participant (or process) builds its own. */
        Barrier view(final AtomicBuffer buffer, final WaitPolicy policy)
        {
            switch (this)
            {
                case CENTRALIZED:
                    return new CentralizedBarrier(policy, "checked").wrap(buffer, 0);
                case COMBINING_TREE:
                    return new CombiningTreeBarrier(policy, "checked").wrap(buffer, 0);
                case DISSEMINATION:
                    return new DisseminationBarrier(policy, "checked").wrap(buffer, 0);
                default:
                    return new HierarchicalBarrier(policy, "checked").wrap(buffer, 0); // the release is in the header
            }
        }

        int footprint(final int parties)
        {
            switch (this)
            {
                case CENTRALIZED:
                    return CentralizedBarrier.footprint(parties);
                case COMBINING_TREE:
                    return CombiningTreeBarrier.footprint(parties, 2);
                case DISSEMINATION:
                    return DisseminationBarrier.footprint(parties);
                default:
                    return HierarchicalBarrier.footprint(topology(parties));
            }
        }

        private static ClusterTopology topology(final int parties)
        {
            return parties == 3 ? ClusterTopology.ofSizes(2, 1) : ClusterTopology.ofSizes(parties / 2 + parties % 2,
                parties / 2);
        }
    }

    private final Kind kind;
    private final int parties;
    private final int episodes;

    /**
     * @param kind     the algorithm.
     * @param parties  parties (2 or more).
     * @param episodes episodes each party runs.
     */
    public BarrierScenario(final Kind kind, final int parties, final int episodes)
    {
        if (parties < 2)
        {
            throw new IllegalArgumentException("a barrier scenario needs 2 or more parties, not " + parties);
        }
        this.kind = kind;
        this.parties = parties;
        this.episodes = episodes;
    }

    /** @return the algorithm. */
    public Kind kind()
    {
        return kind;
    }

    @Override
    public String name()
    {
        return kind.label + ", " + parties + " parties, " + episodes + " episodes";
    }

    @Override
    public int threads()
    {
        return parties;
    }

    @Override
    public Instance newInstance(final Memory memory)
    {
        final int stages = kind.footprint(parties);
        final AtomicBuffer buffer = memory.buffer(stages + parties * Slot.LENGTH);
        final Barrier barrier = kind.build(buffer, parties, memory.waitPolicy(TIMEOUT_NS));
        final Barrier[] views = new Barrier[parties];
        for (int p = 0; p < parties; p++)
        {
            views[p] = kind.view(buffer, memory.waitPolicy(TIMEOUT_NS)); // each party its own flyweight
        }
        final String[] seen = new String[parties];
        return new Instance()
        {
            @Override
            public String threadName(final int thread)
            {
                return "party " + thread;
            }

            @Override
            public void run(final int p)
            {
                for (int e = 0; e < episodes; e++)
                {
                    buffer.putLongVolatile(stages + p * Slot.LENGTH, e + 1);
                    views[p].await(p);
                    for (int q = 0; q < parties; q++)
                    {
                        final long stage = buffer.getLongVolatile(stages + q * Slot.LENGTH);
                        if (q != p && seen[p] == null && (stage < e + 1 || stage > e + 2))
                        {
                            seen[p] = "party " + p + " left episode " + e + " and saw party " + q + " at stage " +
                                stage + (stage < e + 1 ? " (an early exit)" : " (overtaken)");
                        }
                    }
                }
            }

            @Override
            public String check(final Ending ending)
            {
                final String problem = ending.problem();
                if (problem != null)
                {
                    return problem;
                }
                for (int p = 0; p < parties; p++)
                {
                    if (seen[p] != null)
                    {
                        return seen[p];
                    }
                    if (barrier.arrivedEpisode(p) != episodes - 1)
                    {
                        return "party " + p + "'s arrival record says episode " + barrier.arrivedEpisode(p);
                    }
                }
                return barrier.isBroken() ? "the barrier is broken" : null;
            }

            @Override
            public String describe(final int index)
            {
                return index >= stages ? "stage of party " + (index - stages) / Slot.LENGTH : "barrier +" + index;
            }
        };
    }
}
