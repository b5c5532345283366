package org.smpboot.stress.seal;

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

/**
 * A late follower's {@link BootBlock#countMe} races the leader's check {@code running_count == cpu_count} and
 * {@link BootBlock#seal}. The follower must end either counted and waited for (the leader did not seal, and will wait
 * for running_count 2) or LATE (not counted); never counted while the leader sealed the count without it.
 *
 * <p>r1 leader: the count it sealed, 0 when it saw more CPUs counted than running (it waits), -1 when its seal CAS lost
 * to the increment (it waits); r2 follower: its count position, -1 when LATE; r3 cpu_count; r4 sealed; r5 late_count.
 */
@JCStressTest
@Description("Count and seal: a late increment is counted and waited for, or LATE; never counted but not waited for.")
@Outcome(id = "1, -1, 1, 1, 1", expect = ACCEPTABLE, desc = "sealed at 1 first: the follower is LATE and reported")
@Outcome(id = "0, 2, 2, 0, 0", expect = ACCEPTABLE, desc = "counted before the leader's check: the leader waits for it")
@Outcome(id = "-1, 2, 2, 0, 0", expect = ACCEPTABLE_INTERESTING,
    desc = "counted between the leader's check and its seal: the CAS failed and the leader waits for it")
@Outcome(id = "1, 2, .*", expect = FORBIDDEN, desc = "counted but not waited for: sealed at 1 with 2 CPUs counted")
@Outcome(expect = FORBIDDEN, desc = "inconsistent count, seal bit or late count")
@State
public class CountSealTest
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
        r.r1 = leader.seal(count) ? count : -1;
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
