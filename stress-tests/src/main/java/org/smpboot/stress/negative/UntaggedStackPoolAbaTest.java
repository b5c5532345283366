package org.smpboot.stress.negative;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.agrona.concurrent.AtomicBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.smpboot.runtime.boot.BootBlock;
import org.smpboot.runtime.region.Fill;
import org.smpboot.stress.BootMemory;

/**
 * NEGATIVE CONTROL (must FAIL): {@code StackPoolAbaTest} on a twin of StackPool's Treiber stack whose head holds the top
 * stack only, without the version tag. Same layout and the same steps (acquire head, read next, CAS), so the ABA
 * interleaving the real test runs lets this CAS succeed on the recycled top and install a stack CPU 2 holds.
 */
@JCStressTest
@Description("Broken twin of StackPoolAbaTest: an untagged head lets the ABA interleaving corrupt the free list.")
@Outcome(id = "3, 2, 1, 2", expect = ACCEPTABLE, desc = "CPU 1 drew before CPU 2's draws")
@Outcome(id = "2, 3, 1, 3", expect = ACCEPTABLE, desc = "CPU 1 drew between CPU 2's draws")
@Outcome(id = "1, 3, 2, 3", expect = ACCEPTABLE, desc = "CPU 1 drew after CPU 2's draws, before the give-back")
@Outcome(id = "3, 3, 2, 1", expect = ACCEPTABLE, desc = "CPU 1 drew the stack CPU 2 gave back")
@Outcome(id = "3, 3, 2, 21", expect = FORBIDDEN, desc = "ABA: stack 2 is both held by CPU 2 and free: the control is caught")
@Outcome(expect = FORBIDDEN, desc = "a stack lost or duplicated")
@State
public class UntaggedStackPoolAbaTest
{
    private final UntaggedPool pool = new UntaggedPool(BootMemory.block(Fill.X5A), 3);

    @Actor
    public void cpu1(final IIII_Result r)
    {
        r.r1 = BootMemory.id(pool.pop());
    }

    @Actor
    public void cpu2(final IIII_Result r)
    {
        final int first = pool.pop();
        final int second = pool.pop();
        r.r2 = BootMemory.id(first);
        r.r3 = BootMemory.id(second);
        if (first != UntaggedPool.NIL)
        {
            pool.push(first);
        }
    }

    @Arbiter
    public void after(final IIII_Result r)
    {
        int digits = 0;
        for (int i = 0, s; i < 4 && (s = pool.pop()) != UntaggedPool.NIL; i++)
        {
            digits = digits * 10 + BootMemory.id(s);
        }
        r.r4 = digits;
    }

    /** StackPool's Treiber stack minus the tag: head = top offset, next in the stack's first word. */
    static final class UntaggedPool
    {
        static final int NIL = -1;

        private final AtomicBuffer buffer;
        private final int head;

        UntaggedPool(final BootBlock block, final int stacks)
        {
            buffer = block.buffer();
            head = block.offset() + BootBlock.ARCH_INIT_STACK_POOL;
            buffer.putLongVolatile(head, NIL & 0xffffffffL);
            for (int i = 0; i < stacks; i++)
            {
                push(BootMemory.stack(i));
            }
        }

        int pop()
        {
            while (true)
            {
                final long top = buffer.getLongVolatile(head);
                if ((int)top == NIL)
                {
                    return NIL;
                }
                final long next = buffer.getLong((int)top);
                if (buffer.compareAndSetLong(head, top, next & 0xffffffffL)) // the bug: same top, stale next
                {
                    return (int)top;
                }
            }
        }

        void push(final int stack)
        {
            long top;
            do
            {
                top = buffer.getLongVolatile(head);
                buffer.putLong(stack, (int)top);
            }
            while (!buffer.compareAndSetLong(head, top, stack & 0xffffffffL));
        }
    }
}
