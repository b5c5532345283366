package org.smpboot.stress.publish;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJJJ_Result;
import org.smpboot.runtime.boot.BootBlock;
import org.smpboot.runtime.region.Fill;
import org.smpboot.stress.BootMemory;

/**
 * The leader (CPU 7) publishes the boot block over 0x5a garbage with {@link BootBlock#publish}; a follower that acquires
 * MAGIC2 must see start_bar = 0, cpu_count = 1, bs_cpuid = 7 and a block that checks as published, never the garbage.
 */
@JCStressTest
@Description("MAGIC2 publication: a follower that sees MAGIC2 sees start_bar, cpu_count and bs_cpuid.")
@Outcome(id = "0, -1, -1, -1, -1", expect = ACCEPTABLE, desc = "MAGIC2 not seen yet: the follower keeps waiting")
@Outcome(id = "1, 0, 1, 7, 1", expect = ACCEPTABLE, desc = "MAGIC2 seen, with the leader's words")
@Outcome(expect = FORBIDDEN, desc = "MAGIC2 seen with a stale start_bar, cpu_count or bs_cpuid")
@State
public class PublicationTest
{
    static final int LEADER = 7;

    private final BootBlock leader = BootMemory.block(Fill.X5A);
    private final BootBlock follower = new BootBlock().wrap(leader.buffer(), leader.offset());

    public PublicationTest()
    {
        if (!(leader.tryLead() != BootBlock.LOST))
        {
            throw new IllegalStateException("no leader over 0x5a fill");
        }
    }

    @Actor
    public void leader()
    {
        leader.publish(LEADER);
    }

    @Actor
    public void follower(final JJJJJ_Result r)
    {
        FollowerView.read(follower, r);
    }
}
