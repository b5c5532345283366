package org.smpboot.stress.startbar;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.smpboot.runtime.boot.BootBlock;
import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.stack.StackHandle;
import org.smpboot.runtime.stack.StackPool;
import org.smpboot.stress.BootMemory;

/**
 * The leader's end of arch_init: initialise arch_init_stack_pool over 0x5a garbage, give it two stacks, set
 * running_count = 1, then {@link BootBlock#cpuStartOther}. A follower released by start_bar = 1 must find the pool
 * initialised: it draws stack 2 (the last given), sees both stacks and running_count = 1; never the garbage head.
 *
 * <p>r1 start_bar seen; r2 stack drawn (-1 none, -2 the draw threw); r3 running_count; r4 stacks in the pool.
 */
@JCStressTest
@Description("start_bar: a follower released by it sees the initialised arch_init_stack_pool and running_count.")
@Outcome(id = "0, -1, -1, -1", expect = ACCEPTABLE, desc = "not released yet: the follower keeps waiting")
@Outcome(id = "1, 2, 1, 2", expect = ACCEPTABLE, desc = "released: draws the top stack of the initialised pool")
@Outcome(expect = FORBIDDEN, desc = "released but saw a stale pool or running_count")
@State
public class StartBarTest
{
    private final BootBlock leader = BootMemory.block(Fill.X5A);
    private final BootBlock follower = new BootBlock().wrap(leader.buffer(), leader.offset());
    private final StackPool leaderPool = BootMemory.archInitPool(leader);
    private final StackPool followerPool = BootMemory.archInitPool(follower);

    public StartBarTest()
    {
        if (!(leader.tryLead() != BootBlock.LOST))
        {
            throw new IllegalStateException("no leader over 0x5a fill");
        }
        leader.publish(0);
    }

    @Actor
    public void leader()
    {
        leaderPool.initialize(null, true);
        leaderPool.newStack(BootMemory.stack(0), BootMemory.STACK_SIZE);
        leaderPool.newStack(BootMemory.stack(1), BootMemory.STACK_SIZE);
        leader.initRunningCount();
        leader.cpuStartOther();
    }

    @Actor
    public void follower(final IIII_Result r)
    {
        if (follower.startBar() != 1)
        {
            r.r1 = 0;
            r.r2 = r.r3 = r.r4 = -1;
            return;
        }
        r.r1 = 1;
        try
        {
            final StackHandle stack = followerPool.getStack(1);
            r.r2 = BootMemory.id(stack);
        }
        catch (final RuntimeException e)
        {
            r.r2 = -2; // a garbage head points outside the buffer or at a stack whose owner word is garbage
        }
        r.r3 = (int)follower.runningCount();
        r.r4 = followerPool.stacks();
    }
}
