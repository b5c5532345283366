package org.smpboot.runtime.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.AtomicBuffer;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.region.SharedRegion;
import org.smpboot.runtime.wait.WaitPolicy;

/** The seam a platform's stack-pointer register follows: told of a draw before the function, of terminateCall before the stackless function. */
class StackListenerTest
{
    private static final int STACK = 256;

    private static StackPool pool(final String name, final AtomicBuffer buffer, final int header, final int stacksAt,
        final int stacks)
    {
        final StackPool pool = new StackPool(name, WaitPolicy.defaults()).wrap(buffer, header).initialize(null, true);
        for (int i = 0; i < stacks; i++)
        {
            pool.newStack(stacksAt + i * STACK, STACK);
        }
        return pool;
    }

    @Test
    void drawAndTerminateAreToldInOrderBeforeTheFunctionsRun()
    {
        final AtomicBuffer buffer = SharedRegion.allocate(16 * 1024).fill(Fill.random(7)).buffer();
        final StackPool init = pool("init", buffer, 0, 1024, 1);
        final StackPool start = pool("start", buffer, 256, 4096, 1);
        final List<String> seen = new ArrayList<>();
        final StackListener listener = new StackListener()
        {
            @Override
            public void drawn(final int cpu, final StackHandle stack)
            {
                seen.add("drawn " + cpu + " @" + stack.base() + "+" + stack.size());
            }

            @Override
            public void terminated(final int cpu, final StackHandle stack, final StacklessFunction<?> function)
            {
                seen.add("terminated " + cpu + " @" + stack.stackOffset() + " held " + stack.isHeld());
            }
        };
        init.listener(listener);
        start.listener(listener);
        init.call(3, stack ->
        {
            seen.add("init runs");
            stack.terminateCall((cpu, next) ->
            {
                seen.add("stackless runs, free " + init.freeStacks());
                next.call(cpu, s -> seen.add("main runs"));
            }, start);
        });
        assertEquals(List.of("drawn 3 @" + (1024 + StackPool.STACK_HEADER_LENGTH) + "+" +
            (STACK - StackPool.STACK_HEADER_LENGTH), "init runs", "terminated 3 @1024 held false",
            "stackless runs, free 1", "drawn 3 @" + (4096 + StackPool.STACK_HEADER_LENGTH) + "+" +
            (STACK - StackPool.STACK_HEADER_LENGTH), "main runs"), seen);
    }

    @Test
    void aFunctionsFailureStaysTheCauseWhenGivingTheStackBackFailsToo()
    {
        final AtomicBuffer buffer = SharedRegion.allocate(8 * 1024).fill(Fill.random(9)).buffer();
        final StackPool pool = pool("p", buffer, 0, 1024, 1);
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.call(4, s ->
        {
            buffer.putLong(s.stackOffset() + 8, StackPool.HELD | 5); // the owner word (+8) names another CPU
            throw new IllegalStateException("the function's own failure");
        }));
        assertEquals("the function's own failure", e.getMessage());
        assertEquals(1, e.getSuppressed().length);
        assertTrue(e.getSuppressed()[0] instanceof StackOwnershipException, e.getSuppressed()[0].toString());
    }

    @Test
    void aPoolNobodyListensToCallsNone()
    {
        final StackPool pool = new StackPool("p", WaitPolicy.defaults());
        assertSame(StackListener.NONE, pool.listener());
        assertSame(StackListener.NONE, pool.listener(null).listener());
    }
}
