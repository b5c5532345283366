package org.smpboot.runtime.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.agrona.concurrent.AtomicBuffer;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.region.SharedRegion;
import org.smpboot.runtime.wait.WaitPolicy;

/** The edges of a pool's contract: where a stack may lie, what the one-call forms return, a corrupt free list. */
class StackPoolEdgesTest
{
    private static final int MIN = StackPool.MIN_STACK_SIZE;

    @Test
    void aStackMayStartAtByteZeroBeExactlyTheMinimumAndEndAtTheBuffersLastByte()
    {
        final AtomicBuffer buffer = SharedRegion.allocate(4096).fill(Fill.random(3)).buffer();
        final StackPool pool = new StackPool("edges", WaitPolicy.defaults()).wrap(buffer, 1024).initialize(null, false);
        pool.newStack(0, MIN);
        pool.newStack(4096 - MIN, MIN);
        assertEquals(2, pool.stacks());
        assertEquals(2, pool.freeStacks());
        for (final int[] bad : new int[][] {{-8, MIN}, {4, MIN}, {8, MIN - 1}, {4096 - MIN + 8, MIN}, {4096, MIN}})
        {
            final IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> pool.newStack(bad[0], bad[1]), bad[0] + "+" + bad[1]);
            assertEquals("edges: bad stack @" + bad[0] + " of " + bad[1] + " bytes (needs 8-byte alignment, at least " +
                MIN + " bytes, inside 4096)", e.getMessage());
        }
        assertEquals(2, pool.stacks(), "a refused stack is not counted");
    }

    @Test
    void bindAndTheOneArgumentAwaitReturnWhatTheySay()
    {
        final AtomicBuffer buffer = SharedRegion.allocate(2048).buffer();
        final StackPool pool = new StackPool("p", WaitPolicy.defaults()).wrap(buffer, 0).initialize(null, false);
        pool.newStack(1024, 256);
        final StackFunction f = stack -> { };
        assertSame(pool, pool.bind(f));
        final StackHandle h = pool.awaitStack(7);
        assertNotNull(h);
        assertEquals(7, h.cpu());
        assertEquals(1024, h.stackOffset());
        pool.release(h);
        assertEquals(1, pool.freeStacks());
    }

    @Test
    void aCycleInTheFreeListShowsAsOneFreeStackMoreThanThePoolHasNotAHang()
    {
        final AtomicBuffer buffer = SharedRegion.allocate(2048).buffer();
        final StackPool pool = new StackPool("p", WaitPolicy.defaults()).wrap(buffer, 0).initialize(null, false);
        pool.newStack(1024, 256);
        pool.newStack(1280, 256);
        assertEquals(2, pool.freeStacks());
        final int top = StackPool.top(pool.loadHead());
        buffer.putLong(top, top); // the head stack's next word (offset 0 of its header) names itself
        assertEquals(3, pool.freeStacks(), "the walk stops one past the stacks given: a corrupt list shows");
    }
}
