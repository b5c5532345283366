package org.smpboot.runtime.barrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.region.Slot;
import org.smpboot.runtime.wait.WaitPolicy;

/** A combining tree's flyweight tells its fan-in, needs its whole footprint, and names its kind in what it says. */
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
}
