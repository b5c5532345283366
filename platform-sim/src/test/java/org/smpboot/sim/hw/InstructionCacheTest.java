package org.smpboot.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The L1 instruction cache: physically tagged lines, sets and ways, least recently used replacement. */
class InstructionCacheTest
{
    @Test
    void tsarsGeometryIsSixteenKibInFourWaysOfSixtyFourByteLines()
    {
        final InstructionCache c = InstructionCache.tsar(64);
        assertEquals(16 * 1024, c.bytes());
        assertEquals(4, c.ways());
        assertEquals(64, c.lineBytes());
    }

    @Test
    void aLineMissesOnceThenHitsAndTheClusterIsPartOfItsTag()
    {
        final InstructionCache c = InstructionCache.tsar(64);
        final long local = PhysicalAddress.of(0x11, 0x200000);
        assertFalse(c.access(local));
        assertTrue(c.access(local + 60), "the same line");
        assertFalse(c.access(local + 64), "the next line");
        assertFalse(c.access(PhysicalAddress.of(0x00, 0x200000)), "the same code in another cluster is another line");
        assertEquals(1, c.hits());
        assertEquals(3, c.misses());
    }

    @Test
    void theLeastRecentlyUsedWayOfASetIsEvicted()
    {
        final InstructionCache c = new InstructionCache(4 * 2 * 64, 2, 64); // 4 sets of 2 ways
        final long set0 = 0;
        final long stride = 4 * 64; // same set
        c.access(set0);
        c.access(set0 + stride);
        c.access(set0); // set0 most recent
        c.access(set0 + 2 * stride); // evicts set0 + stride
        assertTrue(c.access(set0));
        assertFalse(c.access(set0 + stride), "evicted");
    }

    @Test
    void noCacheMissesEveryLineAndABadGeometryIsRefused()
    {
        final InstructionCache none = new InstructionCache(0, 4, 64);
        assertFalse(none.access(0));
        assertFalse(none.access(0));
        assertThrows(IllegalArgumentException.class, () -> new InstructionCache(1000, 4, 64));
        assertThrows(IllegalArgumentException.class, () -> new InstructionCache(16384, 4, 48));
    }
}
