package org.smpboot.bench.boot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.agrona.concurrent.IdleStrategy;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * The twin's stack pool: a Treiber stack of int indices with a tagged head, (tag &lt;&lt; 32) | top, top = -1 when
 * empty, in one word of the twin's {@code long[]}; the links live in an {@code int[]}. ABA-safe for the same reason as
 * the runtime's (the tag changes on every successful CAS).
 */
final class IntTreiberPool
{
    private static final VarHandle WORD = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle LINK = MethodHandles.arrayElementVarHandle(int[].class);
    private static final int NIL = -1;

    private final long[] words;
    private final int head;
    private final int[] next;

    /**
     * @param words    the array holding the head word.
     * @param head     index of the head word.
     * @param capacity most stacks the pool will hold.
     */
    IntTreiberPool(final long[] words, final int head, final int capacity)
    {
        this.words = words;
        this.head = head;
        this.next = new int[capacity];
    }

    /** Empties the pool; before it is published. */
    void clear()
    {
        WORD.setVolatile(words, head, NIL & 0xffffffffL);
    }

    /** @param stack the index to give (back). */
    void push(final int stack)
    {
        long h;
        do
        {
            h = (long)WORD.getVolatile(words, head);
            LINK.set(next, stack, (int)h);
        }
        while (!WORD.compareAndSet(words, head, h, retag(h, stack)));
    }

    /** @return the top index, or -1 when empty. */
    int pop()
    {
        while (true)
        {
            final long h = (long)WORD.getVolatile(words, head);
            final int top = (int)h;
            if (top == NIL)
            {
                return NIL;
            }
            if (WORD.compareAndSet(words, head, h, retag(h, (int)LINK.get(next, top))))
            {
                return top;
            }
        }
    }

    /**
     * @param waitPolicy how to idle while empty.
     * @return a stack index.
     */
    int await(final WaitPolicy waitPolicy)
    {
        int stack = pop();
        if (stack != NIL)
        {
            return stack;
        }
        final IdleStrategy idle = waitPolicy.newIdleStrategy();
        while ((stack = pop()) == NIL)
        {
            idle.idle();
        }
        return stack;
    }

    private static long retag(final long h, final int top)
    {
        return (((h >>> 32) + 1) << 32) | (top & 0xffffffffL);
    }
}
