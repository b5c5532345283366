package org.smpboot.stress.negative;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.smpboot.stress.BootMemory;

/**
 * NEGATIVE CONTROL: the same two-episode script as {@code org.smpboot.stress.barrier.TwoEpisodes}, run on
 * {@link NoSenseBarrier}. jcstress is expected to report the FORBIDDEN lost wake-up (-1): if this test ever passes, the
 * harness is not exercising the race and the positive barrier tests prove nothing.
 *
 * <p>Results: r1, r2 = actor 2's stage seen by actor 1 after episodes 1 and 2, or -1 when that await gave up; r3, r4 the
 * same for actor 2.
 */
@JCStressTest
@Outcome(id = "1, 2, 1, 2", expect = ACCEPTABLE, desc = "each saw the other's episode-1 write, then its episode-2 write")
@Outcome(id = "2, 2, 1, 2", expect = ACCEPTABLE, desc = "actor 2 moved on to stage 2 before actor 1 read: legal")
@Outcome(id = "1, 2, 2, 2", expect = ACCEPTABLE, desc = "actor 1 moved on to stage 2 before actor 2 read: legal")
@Outcome(id = "2, 2, 2, 2", expect = ACCEPTABLE, desc = "both moved on to stage 2 before the other read: legal")
@Outcome(id = ".*-1.*", expect = FORBIDDEN, desc = "LOST WAKE-UP: a waiter missed the transient 0 (no sense reversal) and gave up")
@Outcome(id = "0, \\d+, \\d+, \\d+", expect = FORBIDDEN, desc = "EARLY EXIT: actor 1 left episode 1 without actor 2's write")
@Outcome(id = "[12], \\d+, 0, \\d+", expect = FORBIDDEN, desc = "EARLY EXIT: actor 2 left episode 1 without actor 1's write")
@Outcome(id = "[12], [01], [12], \\d+", expect = FORBIDDEN, desc = "OVERTAKE: actor 1 left episode 2 before actor 2 arrived")
@Outcome(id = "[12], 2, [12], [01]", expect = FORBIDDEN, desc = "OVERTAKE: actor 2 left episode 2 before actor 1 arrived")
@Outcome(expect = FORBIDDEN, desc = "any other value cannot be written by the script")
@State
public class NoSenseBarrierStressTest
{
    private final NoSenseBarrier barrier = new NoSenseBarrier(BootMemory.heap(NoSenseBarrier.LENGTH), 0, 2);
    private int stage0;
    private int stage1;

    @Actor
    public void actor1(final IIII_Result r)
    {
        stage0 = 1;
        r.r1 = barrier.await() ? stage1 : -1;
        stage0 = 2;
        r.r2 = barrier.await() ? stage1 : -1;
    }

    @Actor
    public void actor2(final IIII_Result r)
    {
        stage1 = 1;
        r.r3 = barrier.await() ? stage0 : -1;
        stage1 = 2;
        r.r4 = barrier.await() ? stage0 : -1;
    }
}
