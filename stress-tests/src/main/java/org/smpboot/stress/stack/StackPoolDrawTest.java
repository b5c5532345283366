package org.smpboot.stress.stack;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.smpboot.runtime.stack.StackPool;

/**
 * Two CPUs draw from a pool of two stacks at once: each gets its own stack, never the same one, and the pool is then
 * empty with two stacks lent. r1, r2 the stacks drawn; r3 what is left (0 = empty); r4 stacks lent.
 */
@JCStressTest
@Description("Stack pool: two CPUs drawing at once never hold the same stack.")
@Outcome(id = "2, 1, 0, 2", expect = ACCEPTABLE, desc = "CPU 1 drew first, the top stack")
@Outcome(id = "1, 2, 0, 2", expect = ACCEPTABLE, desc = "CPU 2 drew first, the top stack")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "both CPUs hold stack 1")
@Outcome(id = "2, 2, .*", expect = FORBIDDEN, desc = "both CPUs hold stack 2")
@Outcome(expect = FORBIDDEN, desc = "a draw failed or threw, or the pool was left inconsistent")
@State
public class StackPoolDrawTest
{
    private final StackPool cpu1 = PoolScenario.pool(2);
    private final StackPool cpu2 = PoolScenario.view(cpu1);

    @Actor
    public void cpu1(final IIII_Result r)
    {
        r.r1 = PoolScenario.draw(cpu1, 1);
    }

    @Actor
    public void cpu2(final IIII_Result r)
    {
        r.r2 = PoolScenario.draw(cpu2, 2);
    }

    @Arbiter
    public void after(final IIII_Result r)
    {
        r.r4 = cpu1.held();
        r.r3 = PoolScenario.drain(cpu1, 9);
    }
}
