package org.smpboot.stress.stack;

import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.stack.StackHandle;
import org.smpboot.runtime.stack.StackPool;
import org.smpboot.stress.BootMemory;

/** A stack pool initialised over 0x5a garbage, and how the tests name and drain its stacks. */
public final class PoolScenario
{
    private PoolScenario()
    {
    }

    /**
     * @param stacks test stacks to give, given in order 0, 1, ... so stack {@code stacks} (its id) ends on top.
     * @return the pool, initialised and published (its head CAS is volatile) to the CPUs of the test.
     */
    public static StackPool pool(final int stacks)
    {
        final StackPool pool = BootMemory.archInitPool(BootMemory.block(Fill.X5A)).initialize(null, true);
        for (int i = 0; i < stacks; i++)
        {
            pool.newStack(BootMemory.stack(i), BootMemory.STACK_SIZE);
        }
        return pool;
    }

    /**
     * @param pool the pool.
     * @return a second flyweight over the same header, as another CPU holds.
     */
    public static StackPool view(final StackPool pool)
    {
        return new StackPool(pool.name(), BootMemory.waitPolicy())
            .wrap(pool.buffer(), pool.offset());
    }

    /**
     * @param pool the pool, after the actors.
     * @param cpu  the drawing CPU.
     * @return ids of the free stacks in pop order as decimal digits (0 when empty), -2 when a draw threw (a stack
     *     handed out twice is caught by its owner word).
     */
    public static int drain(final StackPool pool, final int cpu)
    {
        int digits = 0;
        try
        {
            for (int i = 0; i < 4; i++)
            {
                final StackHandle stack = pool.getStack(cpu);
                if (stack == null)
                {
                    return digits;
                }
                digits = digits * 10 + BootMemory.id(stack);
            }
            return -3; // more stacks than were ever given: the list is cyclic or corrupt
        }
        catch (final RuntimeException e)
        {
            return -2;
        }
    }

    /**
     * @param pool the pool.
     * @param cpu  the drawing CPU.
     * @return the id of the stack drawn, -1 when the pool was empty, -2 when the draw threw.
     */
    public static int draw(final StackPool pool, final int cpu)
    {
        try
        {
            return BootMemory.id(pool.getStack(cpu));
        }
        catch (final RuntimeException e)
        {
            return -2;
        }
    }
}
