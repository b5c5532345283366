package org.smpboot.runtime.barrier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.agrona.concurrent.AtomicBuffer;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.region.SharedRegion;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * A barrier's failure, word by word, on one thread and an injected clock: the broken word's encoding, what the timeout
 * and the broken error say and carry, how tags and the flyweight are shown.
 */
class BarrierFailureWordsTest
{
    private static final int AT = 256;

    private final AtomicLong now = new AtomicLong();
    private final WaitPolicy policy = WaitPolicy.busySpin(1_000_000).withClock(() -> now.addAndGet(100_000));

    private CentralizedBarrier barrier(final AtomicBuffer memory)
    {
        return new CentralizedBarrier(policy, "start").initialize(memory, AT, 3);
    }

    @Test
    void aTimeoutBreaksTheBarrierWithTheWaitersCodeAndNamesTheMissing()
    {
        final AtomicBuffer memory = SharedRegion.allocate(AT + CentralizedBarrier.footprint(3)).fill(Fill.X5A).buffer();
        final CentralizedBarrier b = barrier(memory);
        assertFalse(b.isBroken());
        final BarrierTimeoutException t = assertThrows(BarrierTimeoutException.class, () -> b.await(0));
        assertEquals(0, t.waiter());
        assertEquals(0, t.episode());
        assertEquals("start", t.barrier());
        assertArrayEquals(new int[] {1, 2}, t.missing());
        assertTrue(t.waitedNs() >= 1_000_000, "waited its bound on the policy's clock: " + t.waitedNs());
        assertEquals("centralized barrier 'start': participant 0 timed out after " + t.waitedNs() / 1_000_000 +
            " ms in episode 0 waiting on state word @" + (AT + 4 * 128) + "; not arrived: [1, 2] (2 of 3)",
            t.getMessage());
        assertTrue(b.isBroken());
        assertEquals(AbstractBarrier.BROKEN_BIT, memory.getLong(AT), "bit 63 | breaker 0 << 32 | episode 0");

        final BarrierBrokenException e = assertThrows(BarrierBrokenException.class, () -> b.await(2));
        assertEquals(0, e.breaker());
        assertEquals(0, e.brokenEpisode());
        assertEquals("centralized barrier 'start': broken by participant 0's timeout in episode 0; await of " +
            "participant 2 fails fast until initialize() (broken word @256)", e.getMessage());
        assertEquals(-1, b.arrivedEpisode(2), "a participant refused by a broken barrier records no arrival");
        b.initialize();
        assertFalse(b.isBroken());
        assertEquals(-1, b.arrivedEpisode(0), "initialize starts over");
    }

    @Test
    void theBrokenWordKeepsTheFirstBreakerAndItsEpisodeAndTellsAnUnknownOne()
    {
        final AtomicBuffer memory = SharedRegion.allocate(AT + CentralizedBarrier.footprint(3)).buffer();
        final CentralizedBarrier b = barrier(memory);
        b.markBroken(2, 0x8000_0001);
        b.markBroken(1, 5);
        assertEquals(AbstractBarrier.BROKEN_BIT | 2L << 32 | 0x8000_0001L, memory.getLong(AT), "the first stays");
        final BarrierBrokenException e = assertThrows(BarrierBrokenException.class, () -> b.await(0));
        assertEquals(2, e.breaker());
        assertEquals(0x8000_0001, e.brokenEpisode());
        assertTrue(e.getMessage().contains("broken by participant 2's timeout in episode 2147483649;"),
            e.getMessage());

        b.initialize();
        b.markBroken(-1, 7);
        assertEquals(AbstractBarrier.BROKEN_BIT | (long)AbstractBarrier.UNKNOWN_BREAKER << 32 | 7, memory.getLong(AT));
        final BarrierBrokenException unknown = assertThrows(BarrierBrokenException.class, () -> b.await(1));
        assertEquals(-1, unknown.breaker());
        assertEquals("centralized barrier 'start': broken by a timeout in another part of the barrier in episode 7; " +
            "await of participant 1 fails fast until initialize() (broken word @256)", unknown.getMessage());
    }

    @Test
    void tagsArePrintableAsciiOrHex()
    {
        assertEquals("\"CENT\"", AbstractBarrier.tagName(CentralizedBarrier.TAG));
        assertEquals("\" ~ ~\"", AbstractBarrier.tagName(0x207e207e), "0x20 and 0x7e are printable");
        assertEquals("0x1f414141", AbstractBarrier.tagName(0x1f414141));
        assertEquals("0x4141417f", AbstractBarrier.tagName(0x4141417f));
        assertEquals("0x41418041", AbstractBarrier.tagName(0x41418041));
        assertEquals("0x00000000", AbstractBarrier.tagName(0));
    }

    @Test
    void theFlyweightShowsWhereItIsAndItsPolicyOrThatItIsNotWrapped()
    {
        final CentralizedBarrier loose = new CentralizedBarrier(policy, "start");
        assertEquals("centralized barrier 'start' (not wrapped)", loose.toString());
        final AtomicBuffer memory = SharedRegion.allocate(AT + CentralizedBarrier.footprint(3)).buffer();
        final CentralizedBarrier b = barrier(memory);
        assertEquals("centralized barrier 'start' @256 (3 parties, busy-spin for 3 waiters, timeout 1 ms)",
            b.toString());
        assertEquals(CentralizedBarrier.footprint(3), b.footprint());
        assertEquals(AT, b.offset());
        assertEquals(3, b.parties());
        assertEquals("start", b.name());
        assertEquals(memory, b.buffer());
        final IllegalArgumentException out = assertThrows(IllegalArgumentException.class, () -> b.arrivedEpisode(3));
        assertEquals("centralized barrier 'start': participant 3 out of range 0..2", out.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.arrivedEpisode(-1));
        assertEquals(-1, b.arrivedEpisode(2));
    }

    @Test
    void shapesAreRefusedNamingTheAlgorithmAndTheFigure()
    {
        assertEquals("dissemination barrier: parties must be at least 1, got 0",
            assertThrows(IllegalArgumentException.class, () -> DisseminationBarrier.footprint(0)).getMessage());
        assertEquals("combining tree: fan-in must be at least 2, got 1",
            assertThrows(IllegalArgumentException.class, () -> CombiningTreeBarrier.footprint(4, 1)).getMessage());
        assertEquals("combining tree: parties must be at least 1, got 0",
            assertThrows(IllegalArgumentException.class, () -> CombiningTreeBarrier.footprint(0, 2)).getMessage());
        final AtomicBuffer memory = SharedRegion.allocate(4096).buffer();
        assertEquals("start: parties must be at least 1, got 0", assertThrows(IllegalArgumentException.class,
            () -> new CentralizedBarrier(policy, "start").initialize(memory, 0, 0)).getMessage());
    }
}
