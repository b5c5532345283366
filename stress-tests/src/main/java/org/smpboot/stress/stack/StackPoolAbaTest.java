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
import org.smpboot.runtime.stack.StackHandle;
import org.smpboot.runtime.stack.StackPool;
import org.smpboot.stress.BootMemory;

/**
 * The ABA interleaving on the pool 3 -> 2 -> 1 (3 on top): CPU 1 draws once while CPU 2 draws 3, draws 2 and gives 3
 * back. If CPU 1 loaded head 3 and its next 2 before CPU 2 ran, an untagged head would let its CAS succeed on the
 * recycled 3 and install 2, which CPU 2 holds. The tagged head makes that CAS fail.
 *
 * <p>r1 CPU 1's stack; r2, r3 CPU 2's two draws; r4 the free list after (pop order as digits, -2 when a draw met a
 * stack whose owner word says it is held).
 */
@JCStressTest
@Description("Stack pool ABA: pop racing pop/pop/push never hands out a held stack nor loses one.")
@Outcome(id = "3, 2, 1, 2", expect = ACCEPTABLE, desc = "CPU 1 drew before CPU 2's draws")
@Outcome(id = "2, 3, 1, 3", expect = ACCEPTABLE, desc = "CPU 1 drew between CPU 2's draws")
@Outcome(id = "1, 3, 2, 3", expect = ACCEPTABLE, desc = "CPU 1 drew after CPU 2's draws, before the give-back")
@Outcome(id = "3, 3, 2, 1", expect = ACCEPTABLE, desc = "CPU 1 drew the stack CPU 2 gave back")
@Outcome(id = "3, 3, 2, (-2|21|2)", expect = FORBIDDEN, desc = "ABA: the head now points at stack 2, held by CPU 2")
@Outcome(expect = FORBIDDEN, desc = "a stack lost, duplicated, or a draw that threw")
@State
public class StackPoolAbaTest
{
    private final StackPool cpu1 = PoolScenario.pool(3);
    private final StackPool cpu2 = PoolScenario.view(cpu1);

    @Actor
    public void cpu1(final IIII_Result r)
    {
        r.r1 = PoolScenario.draw(cpu1, 1);
    }

    @Actor
    public void cpu2(final IIII_Result r)
    {
        final StackHandle first = cpu2.getStack(2);
        final StackHandle second = cpu2.getStack(2);
        r.r2 = BootMemory.id(first);
        r.r3 = BootMemory.id(second);
        if (first != null)
        {
            cpu2.release(first);
        }
    }

    @Arbiter
    public void after(final IIII_Result r)
    {
        r.r4 = PoolScenario.drain(cpu1, 9);
    }
}
