package org.smpboot.runtime.barrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.region.SharedRegion;
import org.smpboot.runtime.region.Slot;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * A combining tree's flyweight tells its fan-in, needs its whole footprint, and names its kind in what it says, and the
 * node a waiter above the leaves waits on.
 */
class CombiningTreeShapeTest
{
    private final WaitPolicy policy = WaitPolicy.busySpin(TimeUnit.MILLISECONDS.toNanos(5));

    @Test
    void aTreeTellsItsFanInAndNeedsItsWholeFootprint()
    {
        final int bytes = CombiningTreeBarrier.footprint(7, 2);
        final UnsafeBuffer memory = new UnsafeBuffer(new byte[bytes]);
        new CombiningTreeBarrier(policy, "t").initialize(memory, 0, 7, 2);
        assertEquals(2, new CombiningTreeBarrier(policy, "t").wrap(memory, 0).fanIn(), "read from its header");
        assertEquals(4, new CombiningTreeBarrier(policy, "t")
            .initialize(new UnsafeBuffer(new byte[CombiningTreeBarrier.footprint(7, 4)]), 0, 7, 4).fanIn());
        final UnsafeBuffer small = new UnsafeBuffer(new byte[bytes - Slot.LENGTH]);
        assertThrows(RuntimeException.class, () -> new CombiningTreeBarrier(policy, "t").initialize(small, 0, 7, 2),
            "one slot short of its footprint");
    }

    @Test
    void itNamesItsKind()
    {
        assertEquals("combining tree barrier 't' (not wrapped)", new CombiningTreeBarrier(policy, "t").toString());
        assertEquals("combining tree barrier 't' is not wrapped: call wrap or initialize first",
            assertThrows(IllegalStateException.class, () -> new CombiningTreeBarrier(policy, "t").await(0))
                .getMessage());
    }

    @Test
    void aWaiterAtTheRootNamesTheRootsNodeWord()
    {
        // 8 parties, fan-in 2: 4 leaves, 2 nodes, the root (level 2). On one thread: 0 waits at leaf 0; 1 completes
        // it and waits at level 1; 2 waits at leaf 1; 3 completes leaf 1 and level-1 node 0, and waits at the root
        // for node 1's participants (4 to 7), who never come: its timeout names the root, node 0 of level 2
        try (SharedRegion region = SharedRegion.allocate(CombiningTreeBarrier.footprint(8, 2)))
        {
            final CombiningTreeBarrier[] tree = new CombiningTreeBarrier[1];
            final HookIdle idle = new HookIdle(() -> tree[0].await(1), () -> tree[0].await(2),
                () -> tree[0].await(3, 300, TimeUnit.MILLISECONDS));
            tree[0] = new CombiningTreeBarrier(idle.policy(), "t").initialize(region.buffer(), 0, 8, 2);
            final BarrierTimeoutException e = assertThrows(BarrierTimeoutException.class, () -> tree[0].await(0));
            assertTrue(e.getMessage().contains("(fan-in 2, 3 levels), waiting at level 2"), e.getMessage());
            assertTrue(e.getMessage().contains("node word (level 2, node 0) @" + tree[0].nodeWordOffset(2, 0)),
                e.getMessage());
        }
    }
}
