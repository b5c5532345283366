package org.smpboot.stress.roll;

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

/**
 * Issue 22, item 3: the leader waiting for {@code running_count == cpu_count} reads which counted CPUs have not
 * finished arch_init ({@code Stragglers.read}) while a follower counts itself and finishes. Every CPU that running_count
 * lacks must show in the roll as arrived and not running (else the leader cannot name it, and a death elsewhere would
 * be taken as the reason the count never completes), and a CPU whose heartbeat is fresh is never named dead.
 *
 * <p>r1 running_count, r2 cpu_count, r3 CPUs lacking (0 when running_count moved during the reading: no verdict),
 * r4 CPUs named alive and not running, r5 CPUs named dead.
 */
@JCStressTest
@Description("The leader's reading of the arrival roll names every counted CPU that running_count lacks.")
@Outcome(id = "1, 1, 0, 0, 0", expect = ACCEPTABLE, desc = "read before the follower arrived, or roll read after it ran")
@Outcome(id = "1, 1, 0, 1, 0", expect = ACCEPTABLE, desc = "the follower arrived, not yet counted")
@Outcome(id = "1, 2, 1, 1, 0", expect = ACCEPTABLE_INTERESTING,
    desc = "counted, not running: lacking one, and the roll names it alive")
@Outcome(id = "2, 2, 0, 1, 0", expect = ACCEPTABLE, desc = "between its add to running_count and its RUNNING mark")
@Outcome(id = "2, 2, 0, 0, 0", expect = ACCEPTABLE, desc = "read after the follower ran")
@Outcome(id = "1, 2, 0, [01], 0", expect = ACCEPTABLE_INTERESTING,
    desc = "running_count moved while the roll was read: no verdict from this reading")
@Outcome(id = "1, 2, 1, 0, 0", expect = FORBIDDEN, desc = "lacking a CPU the roll shows running: the leader cannot name it")
@Outcome(expect = FORBIDDEN, desc = "a live CPU named dead, or counts out of order")
@State
public class RollSnapshotTest
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
        RollScenario.follow(followerBlock, followerRoll);
    }
}
