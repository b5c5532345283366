package org.smpboot.sim.hw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.region.Fill;

class BankTest
{
    private static final int MIB = 1 << 20;

    @Test
    void pagesMaterializeOnFirstTouchWithTheFill()
    {
        final Bank b = new Bank(0x11, 64L * MIB, Fill.X5A);
        try
        {
            assertEquals(0, b.residentPages());
            final UnsafeBuffer w = b.window(0x300_0010, 8);
            assertEquals(0x5a5a5a5a5a5a5a5aL, w.getLong(0));
            assertEquals(1, b.residentPages());
            assertTrue(b.isResident(0x300_0000 >>> Bank.PAGE_SHIFT));
            // a window across a page boundary touches both pages
            b.window(Bank.PAGE - 4, 8);
            assertEquals(3, b.residentPages());
        }
        finally
        {
            b.free();
        }
    }

    @Test
    void aFreedBanksMemoryServesTheNextBankOfItsSizeRefilledWithThatBanksFill()
    {
        BankMemory.clear(); // room for the block, whatever machines other tests closed
        final long size = 3L * MIB + 5 * Bank.PAGE;
        final Bank first = new Bank(0, size, Fill.random(3));
        first.window(2 * Bank.PAGE, 8).putLong(0, 0x1122_3344_5566_7788L);
        first.window(7 * Bank.PAGE + 16, 8).putLong(0, -1L);
        final long block = first.address();
        first.free();
        final IllegalStateException late = assertThrows(IllegalStateException.class, () -> first.window(0, 8));
        assertTrue(late.getMessage().contains("cluster 0x00") && late.getMessage().contains("after its machine freed"),
            late.getMessage());
        final Bank next = new Bank(1, size, Fill.X5A);
        try
        {
            assertEquals(block, next.address(), "the freed block is taken again: its pages are still backed");
            assertEquals(0, next.residentPages(), "but none counts as touched for the new bank");
            // what the first bank wrote and its fill are gone: each page reads the new bank's own fill
            assertEquals(0x5a5a5a5a5a5a5a5aL, next.window(2 * Bank.PAGE, 8).getLong(0));
            assertEquals(0x5a5a5a5a5a5a5a5aL, next.window(7 * Bank.PAGE + 16, 8).getLong(0));
            assertEquals(0x5a5a5a5a5a5a5a5aL, next.window(0, 8).getLong(0));
        }
        finally
        {
            next.free();
        }
    }

    @Test
    void aRangeOfSeveralPagesTouchedAtOnceReadsTheFillOnEveryPage()
    {
        // in a new block, a copy or a memset over several untouched pages backs them by one system call (Java 22+),
        // then fills each: a page left unfilled would read what the block held before (zero, or what malloc's earlier
        // user wrote), not the fill
        BankMemory.clear();
        final Bank bank = new Bank(1, 2L * MIB, Fill.X5A);
        try
        {
            final UnsafeBuffer w = bank.window(Bank.PAGE - 8, 5 * Bank.PAGE);
            for (int at = 0; at < 5 * Bank.PAGE; at += 8)
            {
                assertEquals(0x5a5a5a5a5a5a5a5aL, w.getLong(at), "at " + at);
            }
            assertEquals(6, bank.residentPages(), "the window's six pages, no more");
        }
        finally
        {
            bank.free();
        }
    }

    @Test
    void aBanksPagesAreTheHostsPages()
    {
        // malloc puts a large block 16 bytes past a page boundary: every bank page then straddled two host pages
        BankMemory.clear();
        final Bank[] banks = {new Bank(0, 4L * MIB, Fill.X5A), new Bank(1, 4L * MIB + Bank.PAGE, Fill.X5A)};
        try
        {
            for (final Bank b : banks)
            {
                assertEquals(0, b.address() % BankMemory.ALIGN, "bank of cluster " + b.cxy() + " at 0x" +
                    Long.toHexString(b.address()));
            }
        }
        finally
        {
            for (final Bank b : banks)
            {
                b.free();
            }
            BankMemory.clear(); // frees through the addresses malloc gave: a wrong one would crash the JVM here
        }
    }

    @Test
    void thePoolKeepsABoundedNumberOfBlocks()
    {
        BankMemory.clear();
        final long size = 2L * MIB + 3 * Bank.PAGE;
        final Bank[] banks = new Bank[BankMemory.MAX_BLOCKS + 3];
        for (int i = 0; i < banks.length; i++)
        {
            banks[i] = new Bank(i, size, Fill.ZERO);
        }
        for (final Bank b : banks)
        {
            b.free();
        }
        assertEquals(BankMemory.MAX_BLOCKS, BankMemory.kept(), "the rest went back to the system");
        BankMemory.clear();
        assertEquals(0, BankMemory.kept());
    }

    @Test
    void randomFillIsReproduciblePerPageAndDiffersBetweenPages()
    {
        final Bank a = new Bank(0, 4L * MIB, Fill.random(7));
        final Bank b = new Bank(0, 4L * MIB, Fill.random(7));
        final Bank c = new Bank(1, 4L * MIB, Fill.random(7));
        try
        {
            // touch in different orders: the bytes depend on the address, not the order
            final long a5 = a.window(5 * Bank.PAGE, 8).getLong(0);
            final long a9 = a.window(9 * Bank.PAGE, 8).getLong(0);
            final long b9 = b.window(9 * Bank.PAGE, 8).getLong(0);
            final long b5 = b.window(5 * Bank.PAGE, 8).getLong(0);
            assertEquals(a5, b5);
            assertEquals(a9, b9);
            assertNotEquals(a5, a9);
            assertNotEquals(a5, c.window(5 * Bank.PAGE, 8).getLong(0), "another cluster, other bytes");
        }
        finally
        {
            a.free();
            b.free();
            c.free();
        }
    }

    @Test
    void concurrentFirstTouchesFillOncePageAndNeverShowAHalfFilledPage() throws Exception
    {
        for (int round = 0; round < 20; round++)
        {
            final Bank b = new Bank(0, MIB, Fill.word(0x0123456789abcdefL, "w"));
            try
            {
                final long[] seen = new long[2];
                // last word of the page: filled last by the first toucher
                StartTogether.run(2, 10, me -> seen[me] = b.window(Bank.PAGE - 8, 8).getLong(0));
                assertEquals(0x0123456789abcdefL, seen[0]);
                assertEquals(0x0123456789abcdefL, seen[1]);
            }
            finally
            {
                b.free();
            }
        }
    }

    @Test
    void badSizesAndWindowsAreRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> new Bank(0, 1000, Fill.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new Bank(0, 2L << 30, Fill.ZERO));
        final Bank b = new Bank(0, MIB, Fill.ZERO);
        try
        {
            assertThrows(IndexOutOfBoundsException.class, () -> b.window(MIB - 4, 8));
            final byte[] zeros = new byte[16];
            final byte[] got = new byte[16];
            b.window(0, 16).getBytes(0, got);
            assertArrayEquals(zeros, got);
        }
        finally
        {
            b.free();
        }
    }

    @Test
    void aMemsetSetsItsRangeAndLeavesTheFillAroundItWhateverTheMemory()
    {
        // zero and non-zero, on a block of whatever kind this JVM gives (a mapping of its own on Java 22+ with native
        // access, which the tests have; malloc's on 17), and on a recycled block, whose pages are backed already
        for (final byte value : new byte[] {0, 0x33})
        {
            for (final boolean recycled : new boolean[] {false, true})
            {
                if (!recycled)
                {
                    BankMemory.clear(); // else the block the last bank freed, kept by the pool
                }
                final Bank b = new Bank(0x12, MIB, Fill.X5A);
                try
                {
                    final int from = 100;
                    final int to = 3 * Bank.PAGE + 200; // part of page 0, pages 1 and 2 whole, part of page 3
                    b.window(2 * Bank.PAGE + 8, 8).putLong(0, -1L); // page 2 touched before the memset
                    b.set(from, to - from, value);
                    final UnsafeBuffer w = b.window(0, 5 * Bank.PAGE);
                    for (int at = 0; at < 5 * Bank.PAGE; at++)
                    {
                        assertEquals(at >= from && at < to ? value : 0x5a, w.getByte(at), "byte " + at + " after " +
                            (recycled ? "a recycled" : "a new") + " block's memset of " + value);
                    }
                    for (int p = 0; p < 5; p++)
                    {
                        assertTrue(b.isResident(p), "page " + p + " counts as touched");
                    }
                    assertEquals(5, b.residentPages());
                }
                finally
                {
                    b.free();
                }
            }
        }
    }

    @Test
    void aZeroOverWholeUntouchedPagesOfANewMappingLeavesThemToTheHostAndWritesAfterItStay() throws Exception
    {
        assumeTrue(Runtime.version().feature() >= 22 && System.getProperty("os.name").startsWith("Linux"),
            "the bank maps its own memory through the foreign function API (Java 22+, Linux)");
        BankMemory.clear();
        final Bank b = new Bank(0x13, 4L * MIB, Fill.X5A);
        try
        {
            assertTrue(BankMemory.mapped(b.address()), "a new block is a mapping of its own here");
            final long before = residentKib(b.address());
            b.set(Bank.PAGE / 2, 64 * Bank.PAGE, (byte)0); // pages 1 to 63 whole, halves of pages 0 and 64
            assertEquals(before + 8, residentKib(b.address()), "only the two pages the memset covers in part are " +
                "backed (and filled); the 63 it covers whole read as zero from the host");
            assertEquals(65, b.residentPages(), "every page the memset reached counts as touched");
            final UnsafeBuffer w = b.window(0, 66 * Bank.PAGE);
            w.putLong(5 * Bank.PAGE + 16, 0x0102_0304_0506_0708L);
            for (int at = 0; at < 66 * Bank.PAGE; at += 8)
            {
                final long expected = at == 5 * Bank.PAGE + 16 ? 0x0102_0304_0506_0708L :
                    at >= Bank.PAGE / 2 && at < 65 * Bank.PAGE - Bank.PAGE / 2 ? 0 : 0x5a5a5a5a5a5a5a5aL;
                assertEquals(expected, w.getLong(at), "word at " + at);
            }
            // a page already touched is written, not left: its fill is gone
            b.set(65 * Bank.PAGE, Bank.PAGE, (byte)0);
            assertEquals(0, w.getLong(65 * Bank.PAGE + 8));
        }
        finally
        {
            b.free();
        }
        BankMemory.clear(); // unmapped
    }

    /** @return the resident KiB of the mapping holding {@code address}, from /proc/self/smaps. */
    private static long residentKib(final long address) throws java.io.IOException
    {
        boolean inside = false;
        for (final String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/smaps")))
        {
            final int dash = line.indexOf('-');
            final int space = line.indexOf(' ');
            if (dash > 0 && space > dash && line.substring(0, dash).matches("[0-9a-f]+"))
            {
                inside = Long.parseUnsignedLong(line.substring(0, dash), 16) <= address &&
                    address < Long.parseUnsignedLong(line.substring(dash + 1, space), 16);
            }
            else if (inside && line.startsWith("Rss:"))
            {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new AssertionError("no mapping holds 0x" + Long.toHexString(address));
    }
}
