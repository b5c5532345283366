package org.smpboot.stress.negative;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJJJ_Result;
import org.smpboot.runtime.boot.ArrivalRoll;
import org.smpboot.runtime.boot.BootBlock;
import org.smpboot.stress.roll.RollScenario;

/**
 * NEGATIVE CONTROL (must FAIL): {@code RollSnapshotTest} with a follower that marks itself RUNNING in the roll before
 * it adds itself to running_count (the order the election had until RaceCommandTest caught it). A leader reading in
 * between lacks a CPU that the roll shows running, so jcstress must see "1, 2, 1, 0, 0"; with another counted CPU dead,
 * that leader would give up a boot whose live CPUs were about to finish. The gap between the two writes is widened
 * by a few spin-wait hints, so that jcstress sees it in quick mode (the schedule checker needs no help: a hint is not
 * a memory access).
 */
@JCStressTest
@Description("Broken twin of RollSnapshotTest: RUNNING marked before running_count is incremented.")
@Outcome(id = "1, 1, 0, 0, 0", expect = ACCEPTABLE, desc = "read before the follower arrived, or roll read after it ran")
@Outcome(id = "1, 1, 0, 1, 0", expect = ACCEPTABLE, desc = "the follower arrived, not yet counted")
@Outcome(id = "1, 2, 1, 1, 0", expect = ACCEPTABLE_INTERESTING, desc = "counted, not running, named alive")
@Outcome(id = "2, 2, 0, [01], 0", expect = ACCEPTABLE, desc = "read after the follower ran")
@Outcome(id = "1, 2, 0, [01], 0", expect = ACCEPTABLE_INTERESTING, desc = "running_count moved during the reading")
@Outcome(id = "1, 2, 1, 0, 0", expect = FORBIDDEN, desc = "lacking a CPU the roll shows running: the control is caught")
@Outcome(expect = FORBIDDEN, desc = "a live CPU named dead, or counts out of order")
@State
public class BrokenRollOrderTest
{
    private final RollScenario scenario = new RollScenario();
    private final BootBlock leaderBlock = scenario.block();
    private final ArrivalRoll leaderRoll = scenario.roll();
    private final BootBlock followerBlock = scenario.block();
    private final ArrivalRoll followerRoll = scenario.roll();

    @Actor
    public void leader(final JJJJJ_Result r)
    {
        RollScenario.read(leaderBlock, leaderRoll, r);
    }

    @Actor
    public void follower()
    {
        followerRoll.arrive(1, RollScenario.NOW_MS);
        if (followerBlock.countMe() < 0)
        {
            return;
        }
        followerRoll.mark(1);
        followerRoll.running(1, RollScenario.NOW_MS); // the bug: RUNNING before running_count
        for (int i = 0; i < 64; i++)
        {
            Thread.onSpinWait(); // widens the gap the bug opens, so that quick-mode jcstress sees it on x86
        }
        followerBlock.incrementRunning();
    }
}
