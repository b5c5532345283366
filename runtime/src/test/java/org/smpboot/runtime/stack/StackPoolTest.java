package org.smpboot.runtime.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.concurrent.AtomicBuffer;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.internal.ThreadCpus;
import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.region.SharedRegion;
import org.smpboot.runtime.wait.TestBounds;
import org.smpboot.runtime.wait.WaitPolicy;
import org.smpboot.runtime.wait.WaitTimeoutException;

class StackPoolTest
{
    private static final int STACK = 256;
    private static final int STACKS_AT = 1024;

    private static StackPool pool(final AtomicBuffer buffer, final int stacks, final WaitPolicy policy)
    {
        final StackPool pool = new StackPool("test_pool", policy).wrap(buffer, 0).initialize(null, true);
        for (int i = 0; i < stacks; i++)
        {
            pool.newStack(STACKS_AT + i * STACK, STACK);
        }
        return pool;
    }

    private static AtomicBuffer garbage(final int length)
    {
        return SharedRegion.allocate(length).fill(Fill.random(42)).buffer();
    }

    @Test
    void drawsEveryStackOnceThenReportsEmpty()
    {
        final StackPool pool = pool(garbage(64 * 1024), 5, WaitPolicy.defaults());
        final Set<Integer> seen = new HashSet<>();
        final List<StackHandle> held = new ArrayList<>();
        StackHandle s;
        while ((s = pool.getStack(7)) != null)
        {
            assertTrue(seen.add(s.stackOffset()), "stack drawn twice: " + s);
            assertEquals(STACK - StackPool.STACK_HEADER_LENGTH, s.size());
            held.add(s);
        }
        assertEquals(5, seen.size());
        assertEquals(5, pool.held());
        assertEquals(5, pool.highWater());
        held.forEach(pool::release);
        assertEquals(0, pool.held());
        assertEquals(5, pool.freeStacks());
        assertEquals(5, pool.highWater());
    }

    @Test
    void useAfterReleaseFailsLoudly()
    {
        final StackPool pool = pool(garbage(64 * 1024), 1, WaitPolicy.defaults());
        final StackHandle s = pool.getStack(3);
        s.putLong(0, 99);
        assertEquals(99, s.getLong(0));
        pool.release(s);
        final StackOwnershipException e = assertThrows(StackOwnershipException.class, () -> s.putLong(0, 1));
        assertTrue(e.getMessage().contains("cpu 3") && e.getMessage().contains("after giving it back"), e.getMessage());
        assertThrows(StackOwnershipException.class, () -> pool.release(s));
        assertThrows(IndexOutOfBoundsException.class, () -> pool.getStack(3).putLong(STACK, 1));
    }

    @Test
    void aStackDrawnWhileHeldIsDetectedNamingBothCpus()
    {
        final StackPool pool = pool(garbage(64 * 1024), 1, WaitPolicy.defaults());
        final StackHandle first = pool.getStack(1);
        // what a corrupted list would do: hand the same stack to a second CPU
        final StackOwnershipException e =
            assertThrows(StackOwnershipException.class, () -> pool.take(first.stackOffset(), 2));
        assertTrue(e.getMessage().contains("drawn by cpu 2") && e.getMessage().contains("held by cpu 1"), e.getMessage());
    }

    @Test
    void abaOnTheHeadIsHarmless()
    {
        final StackPool pool = pool(garbage(64 * 1024), 2, WaitPolicy.defaults());
        // CPU 1 reads the head (top A, next B) and is preempted before its CAS ...
        final long observed = pool.loadHead();
        final int a = StackPool.top(observed);
        final long nextOfA = pool.loadNext(a);
        // ... CPU 2 draws A and B, then gives A back: the head again shows A on top, but A's next is now empty
        final StackHandle a2 = pool.getStack(2);
        final StackHandle b2 = pool.getStack(2);
        assertEquals(a, a2.stackOffset());
        assertEquals(nextOfA, b2.stackOffset());
        pool.release(a2);
        assertEquals(a, StackPool.top(pool.loadHead()));
        // CPU 1 resumes: an untagged head would CAS to B, which CPU 2 still holds
        assertFalse(pool.tryPop(observed, nextOfA), "the tag must make the stale CAS fail");
        final StackHandle a1 = pool.getStack(1);
        assertEquals(a, a1.stackOffset());
        assertNull(pool.getStack(1), "B is held by CPU 2 and must not be handed out again");
    }

    @Test
    void terminateCallGivesTheStackBackBeforeRunningTheStacklessFunction()
    {
        final AtomicBuffer buffer = garbage(64 * 1024);
        final StackPool first = new StackPool("first", WaitPolicy.defaults()).wrap(buffer, 0).initialize(null, true);
        first.newStack(STACKS_AT, STACK);
        final StackPool second = new StackPool("second", WaitPolicy.defaults()).wrap(buffer, 512).initialize(null, true);
        second.newStack(STACKS_AT + STACK, STACK);
        final List<String> trace = new ArrayList<>();
        final StackHandle[] initStack = new StackHandle[1];
        first.call(4, stack ->
        {
            initStack[0] = stack;
            stack.terminateCall((cpu, next) ->
            {
                trace.add("stackless on cpu " + cpu + ", first pool free " + first.freeStacks() +
                    ", handle held " + stack.isHeld());
                next.call(cpu, s -> trace.add("main on " + s.pool().name()));
            }, second);
        });
        assertEquals(List.of("stackless on cpu 4, first pool free 1, handle held false", "main on second"), trace);
        assertThrows(StackOwnershipException.class, () -> initStack[0].base());
        assertEquals(1, first.freeStacks());
        assertEquals(1, second.freeStacks());
    }

    @Test
    void callWithoutFunctionAndAnEmptyPoolFailWithNames()
    {
        final StackPool pool = pool(garbage(64 * 1024), 0, WaitPolicy.defaults().withTimeout(50, TimeUnit.MILLISECONDS));
        assertThrows(IllegalStateException.class, () -> pool.call(0));
        final WaitTimeoutException e = assertThrows(WaitTimeoutException.class, () -> pool.call(0, s -> { }));
        assertTrue(e.getMessage().contains("test_pool") && e.getMessage().contains("a free stack"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> pool.newStack(STACKS_AT + 3, STACK));
        assertThrows(IllegalArgumentException.class, () -> pool.newStack(STACKS_AT, 16));
    }

    @Test
    void twoStacksAmong256CpusAreNeverHeldByTwo()
    {
        final AtomicBuffer buffer = garbage(64 * 1024);
        // 256 threads on 2 cores queue for 2 stacks: give the unfair pool a generous bound
        final StackPool pool = pool(buffer, 2, WaitPolicy.defaults().withTimeout(60, TimeUnit.SECONDS));
        final AtomicIntegerArray holders = new AtomicIntegerArray(buffer.capacity() / STACK);
        final AtomicLong violations = new AtomicLong();
        final int rounds = 10;
        final ThreadCpus.Run<Integer> run = ThreadCpus.run(256, 100_000, 7, TimeUnit.SECONDS.toNanos(120), cpu ->
        {
            for (int r = 0; r < rounds; r++)
            {
                pool.call(cpu, stack ->
                {
                    final int slot = stack.stackOffset() / STACK;
                    if (holders.incrementAndGet(slot) != 1)
                    {
                        violations.incrementAndGet();
                    }
                    stack.putLong(0, cpu);
                    for (int spin = 0; spin < 100; spin++)
                    {
                        Thread.onSpinWait(); // hold it a while, so that a second holder would overlap
                    }
                    if (stack.getLong(0) != cpu)
                    {
                        violations.incrementAndGet(); // someone else wrote into our stack
                    }
                    holders.decrementAndGet(slot);
                });
            }
            return cpu;
        });
        run.results().forEach(r -> assertNull(r.error(), () -> "cpu " + r.cpu() + " failed: " + r.error()));
        assertEquals(0, violations.get());
        assertEquals(2, pool.freeStacks());
        assertEquals(0, pool.held());
        assertEquals(2, pool.highWater());
    }

    @Test
    void concurrentGetReleaseKeepsEveryStack()
    {
        final AtomicBuffer buffer = garbage(256 * 1024);
        final StackPool pool = pool(buffer, 16, WaitPolicy.defaults());
        final ThreadCpus.Run<Integer> run = ThreadCpus.run(8, 0, 1, TestBounds.runNs(60, TimeUnit.SECONDS), cpu ->
        {
            final List<StackHandle> mine = new ArrayList<>();
            for (int i = 0; i < 20_000; i++)
            {
                if ((i & 1) == 0 || mine.isEmpty())
                {
                    final StackHandle s = pool.getStack(cpu);
                    if (s != null)
                    {
                        mine.add(s);
                    }
                }
                else
                {
                    pool.release(mine.remove(mine.size() - 1));
                }
            }
            mine.forEach(pool::release);
            return cpu;
        });
        run.results().forEach(r -> assertNull(r.error(), () -> "cpu " + r.cpu() + " failed: " + r.error()));
        assertEquals(16, pool.freeStacks());
        final Set<Integer> distinct = new HashSet<>();
        StackHandle s;
        while ((s = pool.getStack(0)) != null)
        {
            assertTrue(distinct.add(s.stackOffset()));
        }
        assertEquals(16, distinct.size());
        assertNotEquals(0, pool.highWater());
        assertNotNull(pool.toString());
    }
}
