package org.smpboot.stress.stack;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.smpboot.runtime.stack.StackHandle;
import org.smpboot.runtime.stack.StackPool;
import org.smpboot.stress.BootMemory;

/**
 * CPU 1 gives back stack 1 while CPU 2 draws from a pool holding only stack 2. CPU 2 gets stack 2 (drew first) or stack 1
 * (drew after the release); the other stack is then the only free one. r1 stack drawn by CPU 2; r2 the free list after
 * (pop order as digits); r3 stacks lent.
 */
@JCStressTest
@Description("Stack pool: a release racing a draw loses no stack and hands none out twice.")
@Outcome(id = "2, 1, 1", expect = ACCEPTABLE, desc = "CPU 2 drew stack 2 before the release")
@Outcome(id = "1, 2, 1", expect = ACCEPTABLE, desc = "CPU 2 drew the stack CPU 1 just gave back")
@Outcome(expect = FORBIDDEN, desc = "a stack lost, duplicated, or a draw that threw or found nothing")
@State
public class StackPoolDrawReleaseTest
{
    private final StackPool cpu1;
    private final StackPool cpu2;
    private final StackHandle held;

    public StackPoolDrawReleaseTest()
    {
        cpu1 = PoolScenario.pool(1);
        held = cpu1.getStack(1); // stack 1, held by CPU 1
        cpu1.newStack(BootMemory.stack(1), BootMemory.STACK_SIZE); // stack 2
        cpu2 = PoolScenario.view(cpu1);
    }

    @Actor
    public void cpu1()
    {
        cpu1.release(held);
    }

    @Actor
    public void cpu2(final III_Result r)
    {
        r.r1 = PoolScenario.draw(cpu2, 2);
    }

    @Arbiter
    public void after(final III_Result r)
    {
        r.r3 = cpu1.held();
        r.r2 = PoolScenario.drain(cpu1, 9);
    }
}
