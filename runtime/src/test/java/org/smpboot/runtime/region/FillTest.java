package org.smpboot.runtime.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
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

    @Test
    void aFillWritesExactlyItsRangeAndNothingAround()
    {
        for (final Fill f : new Fill[] {Fill.X5A, Fill.ZERO, Fill.random(3), Fill.word(0x1122334455667788L, "w")})
        {
            final AtomicBuffer b = SharedRegion.allocate(64).buffer();
            b.setMemory(0, 64, (byte)0x77);
            f.apply(b, 5, 21);
            for (final int outside : new int[] {0, 4, 26, 63})
            {
                assertEquals((byte)0x77, b.getByte(outside), f + " wrote byte " + outside);
            }
        }
        final AtomicBuffer b = SharedRegion.allocate(64).buffer();
        Fill.word(0x1122334455667788L, "w").apply(b, 5, 21);
        assertEquals(0x1122334455667788L, b.getLong(5, java.nio.ByteOrder.LITTLE_ENDIAN));
        assertEquals(0x1122334455667788L, b.getLong(13, java.nio.ByteOrder.LITTLE_ENDIAN));
        for (int k = 0; k < 5; k++)
        {
            assertEquals((byte)(0x1122334455667788L >>> (8 * k)), b.getByte(21 + k), "tail byte " + k);
        }
    }

    @Test
    void aRandomFillIsTheSeededStreamFromItsOffsetTailIncluded()
    {
        final AtomicBuffer b = SharedRegion.allocate(64).buffer();
        Fill.random(42).apply(b, 8, 19);
        final java.util.SplittableRandom r = new java.util.SplittableRandom(42);
        assertEquals(r.nextLong(), b.getLong(8));
        assertEquals(r.nextLong(), b.getLong(16));
        assertEquals((byte)r.nextInt(), b.getByte(24));
        assertEquals((byte)r.nextInt(), b.getByte(25));
        assertEquals((byte)r.nextInt(), b.getByte(26));
        assertEquals(0, b.getByte(27));
        assertEquals(0, b.getLong(0));
        final java.util.SplittableRandom whole = new java.util.SplittableRandom(42);
        Fill.random(42).apply(b, 0, 16);
        assertEquals(whole.nextLong(), b.getLong(0));
        assertEquals(whole.nextLong(), b.getLong(8), "a range of whole words is written in words, the last too");
    }

    @Test
    void aWordOfOneRepeatedByteAndAWordOfTwoBytesFillAlike()
    {
        final AtomicBuffer b = SharedRegion.allocate(32).buffer();
        Fill.word(0x5a5a5a5a5a5a5a00L, "almost").apply(b, 0, 32);
        assertEquals(0x5a5a5a5a5a5a5a00L, b.getLong(24, java.nio.ByteOrder.LITTLE_ENDIAN),
            "a word whose low byte differs is not a byte fill");
        Fill.word(0x00000000000000a5L, "low").apply(b, 0, 32);
        assertEquals(0xa5L, b.getLong(8, java.nio.ByteOrder.LITTLE_ENDIAN), "nor is a word of one non-zero byte");
        Fill.word(0xfefefefefefefeffL, "fe..ff").apply(b, 0, 32);
        assertEquals(0xfefefefefefefeffL, b.getLong(16, java.nio.ByteOrder.LITTLE_ENDIAN),
            "a word whose low byte is 0xff is not all 0xff");
        Fill.word(0x3c3c3c3c3c3c3c3cL, "3c").apply(b, 0, 32);
        assertEquals((byte)0x3c, b.getByte(31));
    }

    @Test
    void deriveSaltsRandomFillsReproduciblyAndLeavesWordsAlone()
    {
        assertSame(Fill.X5A, Fill.X5A.derive(7));
        assertSame(Fill.KEEP, Fill.KEEP.derive(7));
        final Fill r = Fill.random(5);
        final AtomicBuffer a = SharedRegion.allocate(16).buffer();
        final AtomicBuffer b = SharedRegion.allocate(16).buffer();
        final AtomicBuffer c = SharedRegion.allocate(16).buffer();
        final AtomicBuffer d = SharedRegion.allocate(16).buffer();
        r.derive(1).apply(a, 0, 16);
        r.derive(1).apply(b, 0, 16);
        r.derive(2).apply(c, 0, 16);
        r.apply(d, 0, 16);
        assertEquals(a.getLong(0), b.getLong(0), "same salt, same bytes");
        assertNotEquals(a.getLong(0), c.getLong(0), "another salt, other bytes");
        assertNotEquals(a.getLong(0), d.getLong(0), "a derived fill is not its parent");
        assertEquals("random:5", r.derive(1).toString());
        // the mix is splitmix64's finaliser over seed + golden * (salt + 1): pinned so pages stay reproducible
        long z = 5 + 0x9E37_79B9_7F4A_7C15L * 2;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        assertEquals(new java.util.SplittableRandom(z ^ (z >>> 31)).nextLong(), a.getLong(0));
        assertFalse(r.keepsContent());
        assertFalse(Fill.ZERO.keepsContent());
    }

    @Test
    void parsesEveryAliasAndTheRadixes()
    {
        assertSame(Fill.KEEP, Fill.parse(" KEEP ", 0));
        assertSame(Fill.ZERO, Fill.parse("0", 0));
        assertSame(Fill.ZERO, Fill.parse("00", 0));
        assertSame(Fill.X5A, Fill.parse("5a", 0));
        assertSame(Fill.XA5, Fill.parse("0xA5", 0));
        assertEquals("random:16", Fill.parse("random:0x10", 0).toString(), "the seed is decoded");
        final AtomicBuffer b = SharedRegion.allocate(8).buffer();
        final Fill w = Fill.parse("word:FF00", 0);
        assertEquals("word:ff00", w.toString());
        w.apply(b, 0, 8);
        assertEquals(0xff00L, b.getLong(0, java.nio.ByteOrder.LITTLE_ENDIAN));
        Fill.parse("word:0xffffffffffffffff", 0).apply(b, 0, 8);
        assertEquals(-1L, b.getLong(0), "an unsigned 64-bit word");
        for (final String bad : new String[] {"word:", "word:0xg", "random:", "ones", "kee p"})
        {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fill.parse(bad, 0));
            assertEquals("unknown fill '" + bad +
                "': expected keep, zero, 5a, a5, random, random:SEED, word:0xHEX, magic1 or magic2", e.getMessage());
        }
    }
}
