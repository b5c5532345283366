package org.smpboot.stress.negative;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJJJ_Result;
import org.smpboot.runtime.boot.BootBlock;
import org.smpboot.stress.seal.SealScenario;

/**
 * NEGATIVE CONTROL (must FAIL): {@code CountSealTest} with a seal that sets the seal bit by an atomic add instead of a CAS
 * from the count the leader checked. Atomic, but not conditional: an increment between the check and the seal is sealed
 * in without the leader knowing, so jcstress must see "1, 2, 2, 1, 0" (counted but not waited for).
 */
@JCStressTest
@Description("Broken twin of CountSealTest: the seal does not CAS from the checked count.")
@Outcome(id = "1, -1, 1, 1, 1", expect = ACCEPTABLE, desc = "sealed at 1 first: the follower is LATE")
@Outcome(id = "0, 2, 2, 0, 0", expect = ACCEPTABLE, desc = "counted before the leader's check: the leader waits")
@Outcome(id = "-1, 2, 2, 0, 0", expect = ACCEPTABLE_INTERESTING, desc = "seal lost to the increment (not reachable here)")
@Outcome(id = "1, 2, .*", expect = FORBIDDEN, desc = "counted but not waited for: the control is caught")
@Outcome(expect = FORBIDDEN, desc = "inconsistent count, seal bit or late count")
@State
public class BrokenUnconditionalSealTest
{
    private final BootBlock leader = SealScenario.leaderRunningAlone();
    private final BootBlock follower = new BootBlock().wrap(leader.buffer(), leader.offset());

    @Actor
    public void leader(final JJJJJ_Result r)
    {
        final long count = leader.cpuCount();
        final long running = leader.runningCount();
        if (running != count)
        {
            r.r1 = 0;
            return;
        }
        leader.buffer().getAndAddLong(leader.offset() + BootBlock.CPU_COUNT, BootBlock.SEALED); // the bug
        r.r1 = count; // the leader believes it sealed what it checked
    }

    @Actor
    public void follower(final JJJJJ_Result r)
    {
        r.r2 = SealScenario.arrive(follower);
    }

    @Arbiter
    public void after(final JJJJJ_Result r)
    {
        SealScenario.record(leader, r);
    }
}
