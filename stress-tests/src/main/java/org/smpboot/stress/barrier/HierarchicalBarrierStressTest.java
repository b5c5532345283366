package org.smpboot.stress.barrier;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Two episodes of the hierarchical barrier (two clusters of one, so the global level alone: a cluster of one skips its
 * local episode) between two actors (script in {@link TwoEpisodes}). Results: r1, r2 = what actor 1 saw
 * of actor 2's stage after episodes 1 and 2; r3, r4 = the same for actor 2.
 */
@JCStressTest
@Outcome(id = "1, 2, 1, 2", expect = ACCEPTABLE, desc = "each saw the other's episode-1 write, then its episode-2 write")
@Outcome(id = "2, 2, 1, 2", expect = ACCEPTABLE, desc = "actor 2 left episode 1 and wrote stage 2 before actor 1 read it: legal")
@Outcome(id = "1, 2, 2, 2", expect = ACCEPTABLE, desc = "actor 1 left episode 1 and wrote stage 2 before actor 2 read it: legal")
@Outcome(id = "2, 2, 2, 2", expect = ACCEPTABLE, desc = "both moved on to stage 2 before the other read: legal")
@Outcome(id = "0, -?\\d+, -?\\d+, -?\\d+", expect = FORBIDDEN, desc = "EARLY EXIT: actor 1 left episode 1 without seeing actor 2's pre-barrier write")
@Outcome(id = "[12], -?\\d+, 0, -?\\d+", expect = FORBIDDEN, desc = "EARLY EXIT: actor 2 left episode 1 without seeing actor 1's pre-barrier write")
@Outcome(id = "[12], [01], [12], -?\\d+", expect = FORBIDDEN, desc = "OVERTAKE: actor 1 left episode 2 before actor 2 arrived at it")
@Outcome(id = "[12], 2, [12], [01]", expect = FORBIDDEN, desc = "OVERTAKE: actor 2 left episode 2 before actor 1 arrived at it")
@Outcome(expect = FORBIDDEN, desc = "any other value cannot be written by the script")
@State
public class HierarchicalBarrierStressTest
{
    private final TwoEpisodes script = TwoEpisodes.hierarchical();

    @Actor
    public void actor1(final IIII_Result r)
    {
        script.actor0(r);
    }

    @Actor
    public void actor2(final IIII_Result r)
    {
        script.actor1(r);
    }
}
