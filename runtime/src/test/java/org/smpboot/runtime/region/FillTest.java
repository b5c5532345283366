package org.smpboot.runtime.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.AtomicBuffer;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.boot.Magic;

class FillTest
{
    @Test
    void patternsCoverTheWholeRegionIncludingAnOddTail()
    {
        final AtomicBuffer b = SharedRegion.allocate(1000 + 5).buffer();
        Fill.X5A.apply(b, 0, b.capacity());
        for (int i = 0; i < b.capacity(); i++)
        {
            assertEquals((byte)0x5a, b.getByte(i));
        }
        Magic.FILL_MAGIC2.apply(b, 0, b.capacity());
        assertEquals(Magic.MAGIC2, b.getLong(0));
        assertEquals(Magic.MAGIC2, b.getLong(992));
        assertEquals((byte)Magic.MAGIC2, b.getByte(1000));
        assertEquals((byte)(Magic.MAGIC2 >>> 32), b.getByte(1004));
    }

    @Test
    void randomIsReproducibleBySeedAndKeepWritesNothing()
    {
        final AtomicBuffer a = SharedRegion.allocate(256).buffer();
        final AtomicBuffer b = SharedRegion.allocate(256).buffer();
        Fill.random(9).apply(a, 0, 256);
        Fill.random(9).apply(b, 0, 256);
        assertEquals(a.getLong(128), b.getLong(128));
        Fill.random(10).apply(b, 0, 256);
        assertNotEquals(a.getLong(128), b.getLong(128));
        final long before = b.getLong(8);
        Fill.KEEP.apply(b, 0, 256);
        assertEquals(before, b.getLong(8));
        assertTrue(Fill.KEEP.keepsContent());
    }

    @Test
    void parsesEveryNamedFormAndRejectsOthersWithTheList()
    {
        assertEquals("zero", Fill.parse("zero", 0).toString());
        assertEquals("5a", Fill.parse("0x5A", 0).toString());
        assertEquals("a5", Fill.parse("a5", 0).toString());
        assertEquals("random:7", Fill.parse("random", 7).toString());
        assertEquals("random:12", Fill.parse("random:12", 7).toString());
        assertEquals("magic1", Magic.parseFill("MAGIC1", 0).toString());
        final AtomicBuffer b = SharedRegion.allocate(16).buffer();
        Fill.parse("word:0x0102030405060708", 0).apply(b, 0, 16);
        assertEquals(0x0102030405060708L, b.getLong(8));
        final IllegalArgumentException e =
            assertThrows(IllegalArgumentException.class, () -> Magic.parseFill("magic3", 0));
        assertTrue(e.getMessage().contains("magic3") && e.getMessage().contains("random:SEED"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Fill.parse("random:x", 0));
    }
}
