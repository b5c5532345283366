package org.smpboot.runtime.barrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.wait.WaitPolicy;

/** A flyweight's placement is checked before it reads a word, and an unwrapped one says so before a range check. */
class BarrierPlacementTest
{
    private final WaitPolicy policy = WaitPolicy.busySpin(TimeUnit.MILLISECONDS.toNanos(5));

    @Test
    void wrappingOutsideTheBufferOrOffASlotIsRefusedNamingThePlacement()
    {
        final AtomicBuffer m = new UnsafeBuffer(new byte[CentralizedBarrier.footprint(2)]);
        final int end = m.capacity();
        assertEquals("c: needs 128 bytes at offset " + end + " but the buffer holds " + end,
            assertThrows(IllegalArgumentException.class, () -> new CentralizedBarrier(policy, "c").wrap(m, end))
                .getMessage());
        assertEquals("c: offset 64 is not a multiple of 128",
            assertThrows(IllegalArgumentException.class, () -> new CentralizedBarrier(policy, "c").wrap(m, 64))
                .getMessage());
    }

    @Test
    void anUnwrappedBarrierAskedForAParticipantsRecordSaysItIsNotWrapped()
    {
        assertEquals("centralized barrier 'c' is not wrapped: call wrap or initialize first",
            assertThrows(IllegalStateException.class, () -> new CentralizedBarrier(policy, "c").arrivedEpisode(0))
                .getMessage());
    }
}
