package org.smpboot.runtime.stack;

import org.agrona.concurrent.AtomicBuffer;

/**
 * A stack lent by a {@link StackPool} to one CPU: the bytes {@code [base(), base() + size())} of the pool's buffer.
 *
 * <p>The handle is valid from the draw until the stack is given back; every access through it checks that, and any
 * use after release throws {@link StackOwnershipException}. The stack's first {@link StackPool#STACK_HEADER_LENGTH}
 * bytes stay reserved for its link and owner word, so {@link #base()} is past them.
 */
public final class StackHandle
{
    private final StackPool pool;
    private final int stack;
    private final int cpu;
    private final int size;
    private boolean held = true;

    StackHandle(final StackPool pool, final int stack, final int cpu, final int size)
    {
        this.pool = pool;
        this.stack = stack;
        this.cpu = cpu;
        this.size = size;
    }

    /** @return offset of the stack (its header) in the buffer. */
    public int stackOffset()
    {
        return stack;
    }

    /** @return offset of the first usable byte. */
    public int base()
    {
        checkHeld("base");
        return stack + StackPool.STACK_HEADER_LENGTH;
    }

    /** @return usable bytes. */
    public int size()
    {
        return size - StackPool.STACK_HEADER_LENGTH;
    }

    /** @return the CPU holding the stack. */
    public int cpu()
    {
        return cpu;
    }

    /** @return the pool that lent it. */
    public StackPool pool()
    {
        return pool;
    }

    /** @return the buffer the stack lives in; valid only while held. */
    public AtomicBuffer buffer()
    {
        checkHeld("buffer");
        return pool.buffer();
    }

    /**
     * Writes a long in the stack (a CPU's use of its stack).
     *
     * @param index byte index from {@link #base()}.
     * @param value the value.
     */
    public void putLong(final int index, final long value)
    {
        checkIndex(index);
        pool.buffer().putLong(stack + StackPool.STACK_HEADER_LENGTH + index, value);
    }

    /**
     * @param index byte index from {@link #base()}.
     * @return the long there.
     */
    public long getLong(final int index)
    {
        checkIndex(index);
        return pool.buffer().getLong(stack + StackPool.STACK_HEADER_LENGTH + index);
    }

    /** @return true until the stack is given back. */
    public boolean isHeld()
    {
        return held;
    }

    /**
     * The seed's {@code stack_pool_terminate_call}: gives this stack back to its pool first, so that the handle is
     * invalid, tells the pool's {@link StackListener} (a simulated core poisons its stack pointer there), then runs
     * {@code function(argument)} holding no stack. Typically {@code function} draws a stack of the
     * next pool: {@code stack.terminateCall((cpu, pool) -> pool.call(cpu), startStackPool)}.
     *
     * @param function the stackless function.
     * @param argument its argument.
     * @param <A>      type of the argument.
     */
    public <A> void terminateCall(final StacklessFunction<A> function, final A argument)
    {
        pool.release(this);
        pool.listener().terminated(cpu, this, function);
        function.run(cpu, argument);
    }

    void invalidate()
    {
        held = false;
    }

    void checkHeld(final String use)
    {
        if (!held)
        {
            throw new StackOwnershipException(
                "cpu " + cpu + " used stack @0x" + Integer.toHexString(stack) + " (" + use + ") after giving it back");
        }
    }

    private void checkIndex(final int index)
    {
        checkHeld("access");
        if (index < 0 || index > size() - Long.BYTES)
        {
            throw new IndexOutOfBoundsException(
                "index " + index + " outside stack @0x" + Integer.toHexString(stack) + " of " + size() + " usable bytes");
        }
    }

    @Override
    public String toString()
    {
        return "stack @0x" + Integer.toHexString(stack) + " (" + size + " bytes) held by cpu " + cpu;
    }
}
