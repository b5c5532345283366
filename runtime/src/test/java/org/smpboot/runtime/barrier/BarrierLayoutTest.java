package org.smpboot.runtime.barrier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.region.SharedRegion;
import org.smpboot.runtime.region.Slot;
import org.smpboot.runtime.wait.TestBounds;
import org.smpboot.runtime.wait.WaitPolicy;

/** Footprints, placement checks, the documented byte layout, and misuse detection. */
class BarrierLayoutTest
{
    private static final WaitPolicy POLICY = TestBounds.defaults(5, TimeUnit.SECONDS);

    @Test
    void footprintsCountOneSlotPerContendedWord()
    {
        // header + records + state
        assertEquals((1 + 7 + 1) * Slot.LENGTH, CentralizedBarrier.footprint(7));
        // header + records + node slots s(l, j) = (2j + 1) 2^l - 1: leaves 0 2 4 6, level 1: 1 5, root 3
        assertEquals((1 + 7 + 7) * Slot.LENGTH, CombiningTreeBarrier.footprint(7, 2));
        // header + records + node slots (4j + 1) 4^l - 1: leaves 0 4, root 3 (slots 1 and 2 unused)
        assertEquals((1 + 7 + 5) * Slot.LENGTH, CombiningTreeBarrier.footprint(7, 4));
        // header + records + 7 x 3 flags
        assertEquals((1 + 7 + 21) * Slot.LENGTH, DisseminationBarrier.footprint(7));
        assertEquals((1 + 1) * Slot.LENGTH, DisseminationBarrier.footprint(1));
        // header and cluster table (7 ints in one slot), global among 3 clusters, then locals of 4, 2, 1
        assertEquals(2 * Slot.LENGTH + CentralizedBarrier.footprint(3) + CentralizedBarrier.footprint(4) +
            CentralizedBarrier.footprint(2) + CentralizedBarrier.footprint(1),
            HierarchicalBarrier.footprint(ClusterTopology.ofSizes(4, 2, 1)));
    }

    @Test
    void disseminationRoundsAreCeilLog2()
    {
        assertEquals(0, DisseminationBarrier.rounds(1));
        assertEquals(1, DisseminationBarrier.rounds(2));
        assertEquals(2, DisseminationBarrier.rounds(3));
        assertEquals(2, DisseminationBarrier.rounds(4));
        assertEquals(8, DisseminationBarrier.rounds(256));
        assertEquals(9, DisseminationBarrier.rounds(257));
    }

    @Test
    void treeLevels()
    {
        final AtomicBuffer buffer = new UnsafeBuffer(new byte[CombiningTreeBarrier.footprint(256, 4)]);
        assertEquals(4, new CombiningTreeBarrier(POLICY, "t").initialize(buffer, 0, 256, 4).levels());
        assertEquals(1, new CombiningTreeBarrier(POLICY, "t").initialize(buffer, 0, 1, 4).levels());
        assertEquals(1, new CombiningTreeBarrier(POLICY, "t").initialize(buffer, 0, 4, 4).levels());
        assertEquals(2, new CombiningTreeBarrier(POLICY, "t").initialize(buffer, 0, 5, 4).levels());
        assertThrows(IllegalArgumentException.class, () -> CombiningTreeBarrier.footprint(4, 1));
    }

    @Test
    void placementIsChecked()
    {
        final AtomicBuffer buffer = new UnsafeBuffer(new byte[4 * Slot.LENGTH + 64]);
        final IllegalArgumentException misaligned = assertThrows(IllegalArgumentException.class,
            () -> new CentralizedBarrier(POLICY, "start").initialize(buffer, 64, 2));
        assertTrue(misaligned.getMessage().contains("start"), misaligned.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CentralizedBarrier(POLICY, "start").initialize(buffer, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> new CentralizedBarrier(POLICY, "start").initialize(buffer, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new HierarchicalBarrier(POLICY, "kernel_init")
            .initialize(buffer, 0, ClusterTopology.ofSizes(1, 1)));
    }

    @Test
    void initializeWritesTheDocumentedStartingStateOverGarbage()
    {
        try (SharedRegion region = SharedRegion.allocate(Slot.LENGTH + CentralizedBarrier.footprint(3)))
        {
            region.fill(Fill.X5A);
            final AtomicBuffer buffer = region.buffer();
            final int at = Slot.LENGTH; // not at the start of the buffer
            final CentralizedBarrier barrier = new CentralizedBarrier(POLICY, "start").initialize(buffer, at, 3);

            assertEquals(0L, buffer.getLong(at), "broken word");
            assertEquals(3, buffer.getInt(at + 8), "parties");
            assertEquals(CentralizedBarrier.TAG, buffer.getInt(at + 12), "tag");
            assertEquals(0, buffer.getInt(at + 16), "shape");
            for (int p = 0; p < 3; p++)
            {
                assertEquals(-1, buffer.getInt(Slot.at(at, 1 + p)), "arrival record " + p);
            }
            assertEquals(0L, buffer.getLong(Slot.at(at, 4)), "state word: episode 0, count 0");
            assertEquals(0x5a5a5a5a5a5a5a5aL, buffer.getLong(0), "the slot before the barrier is untouched");

            final BarrierTimeoutException timeout = assertThrows(
                BarrierTimeoutException.class, () -> barrier.await(0, 0, TimeUnit.SECONDS)); // 3 parties: cannot complete
            assertArrayEquals(new int[] {1, 2}, timeout.missing());
            assertEquals(0, buffer.getInt(Slot.at(at, 1)), "participant 0 recorded its arrival at episode 0");
        }
    }

    @Test
    void stateWordPacksEpisodeAndCount()
    {
        final AtomicBuffer buffer = new UnsafeBuffer(new byte[CentralizedBarrier.footprint(1)]);
        final CentralizedBarrier barrier = new CentralizedBarrier(POLICY, "solo").initialize(buffer, 0, 1);
        for (int e = 0; e < 5; e++)
        {
            barrier.await(0);
        }
        assertEquals(5L << 32, buffer.getLong(Slot.at(0, 2)));
        assertEquals(4, barrier.arrivedEpisode(0));
    }

    @Test
    void outOfRangeParticipantIsRejected()
    {
        for (final BarrierKind kind : BarrierKind.values())
        {
            final Barrier barrier = kind.create(new UnsafeBuffer(new byte[kind.footprint(3)]), 0, 3, POLICY);
            barrier.initialize();
            assertThrows(IllegalArgumentException.class, () -> barrier.await(3), kind.name());
            assertThrows(IllegalArgumentException.class, () -> barrier.await(-1), kind.name());
        }
    }

    @Test
    void centralizedBarrierDetectsAStateWordFromAnotherEpisode()
    {
        final AtomicBuffer buffer = new UnsafeBuffer(new byte[CentralizedBarrier.footprint(2)]);
        final CentralizedBarrier barrier = new CentralizedBarrier(POLICY, "start").initialize(buffer, 0, 2);
        buffer.putLong(Slot.at(0, 3), 7L << 32); // as if the word had not been initialised

        final IllegalStateException misuse = assertThrows(IllegalStateException.class, () -> barrier.await(0));

        assertTrue(misuse.getMessage().contains("episode 7"), misuse.getMessage());
        assertTrue(barrier.isBroken());
    }
}
