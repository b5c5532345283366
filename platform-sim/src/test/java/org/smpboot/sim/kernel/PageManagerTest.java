package org.smpboot.sim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** The page manager's buddy allocator on its own bytes: the header and the descriptor array, as a cluster holds them. */
class PageManagerTest
{
    private static final int HEADER_AT = 0x25500;

    /** A cluster of {@code pages} pages whose kernel ends at page {@code offset}, its memory filled with junk first. */
    static PageManager build(final int pages, final int offset, final List<int[]> reserved)
    {
        final UnsafeBuffer header = new UnsafeBuffer(new byte[PageManager.HEADER_SIZE]);
        final UnsafeBuffer table = new UnsafeBuffer(new byte[PageManager.tableBytes(pages)]);
        header.setMemory(0, header.capacity(), (byte)0x5a);
        table.setMemory(0, table.capacity(), (byte)0x5a);
        return new PageManager("ppm[0x11]").init(header, HEADER_AT, table, pages, offset, reserved);
    }

    /** Every page is reserved, the head of a free block in its order's list, or inside such a block: once each. */
    static void checkCover(final PageManager ppm, final BitSet allocated)
    {
        final BitSet seen = new BitSet();
        long free = 0;
        for (int k = 0; k < PageManager.ORDERS; k++)
        {
            final List<Integer> list = ppm.freeList(k);
            assertEquals(ppm.freeCount(k), list.size(), "count of list " + k);
            for (final int head : list)
            {
                assertEquals(0, head % (1 << k), "aligned block " + head + " of order " + k);
                assertEquals(PageManager.PG_FREE, ppm.flags(head), "flags of free head " + head);
                assertEquals(k, ppm.order(head), "order of free head " + head);
                for (int p = head; p < head + (1 << k); p++)
                {
                    assertTrue(!seen.get(p), "page " + p + " twice in the free lists");
                    assertTrue(!allocated.get(p), "allocated page " + p + " in the free lists");
                    assertTrue(p == head || ppm.flags(p) == 0, "page " + p + " inside a free block has flags");
                    seen.set(p);
                }
                free += 1 << k;
            }
        }
        assertEquals(free, ppm.freePages());
        for (int p = 0; p < ppm.pagesNr(); p++)
        {
            if (ppm.flags(p) == PageManager.PG_RESERVED)
            {
                assertTrue(!seen.get(p), "reserved page " + p + " is free");
            }
        }
    }

    @Test
    void theListsAreBuiltInOneWalkWithTheKernelTheTableAndReservedZonesLeftOut()
    {
        // 64 MiB: the kernel ends at page 76, the 256 KiB descriptor array takes pages 76..139, a zone at 1000 + 24
        final PageManager ppm = build(16384, 76, List.<int[]>of(new int[] {1000, 24}));
        assertEquals(0x4C000, ppm.pagesTbl());
        assertEquals(140 + 24, ppm.reservedNr());
        assertEquals(16384 - 140 - 24, ppm.freePages());
        for (int p = 0; p < 140; p++)
        {
            assertEquals(PageManager.PG_RESERVED, ppm.flags(p), "page " + p);
        }
        for (int p = 1000; p < 1024; p++)
        {
            assertEquals(PageManager.PG_RESERVED, ppm.flags(p), "page " + p);
        }
        // the largest aligned blocks between them, each list in address order
        final List<List<Integer>> lists = new ArrayList<>();
        for (int k = 0; k < PageManager.ORDERS; k++)
        {
            lists.add(ppm.freeList(k));
        }
        assertEquals(List.of(List.of(), List.of(), List.of(140), List.of(992), List.of(144), List.of(160, 960),
            List.of(192, 896), List.of(768), List.of(256, 512), List.of(), List.of(1024), List.of(2048), List.of(4096),
            List.of(8192), List.of(), List.of()), lists);
        checkCover(ppm, new BitSet());
    }

    @Test
    void allocationSplitsAndReleaseMergesBackToTheInitialBlocks()
    {
        // 128 pages, the 2 KiB table in page 0: 1, 2..3, 4..7, .., 64..127 free
        final PageManager ppm = build(128, 0, List.of());
        assertEquals(List.of(1), ppm.freeList(0));
        assertEquals(List.of(2), ppm.freeList(1));
        assertEquals(List.of(64), ppm.freeList(6));
        assertEquals(1, ppm.allocate(0));
        assertEquals(2, ppm.allocate(0), "2..3 split: 2 given, 3 back in list 0");
        assertEquals(List.of(3), ppm.freeList(0));
        final int c = ppm.allocate(3);
        assertEquals(8, c, "the free 8-page block at 8");
        assertEquals(PageManager.PG_ALLOCATED, ppm.flags(c));
        assertEquals(3, ppm.order(c));
        assertEquals(4, ppm.allocate(1), "4..7 split: 4..5 given, 6..7 at the head of list 1");
        assertEquals(List.of(6), ppm.freeList(1));
        assertEquals(0, ppm.flags(5), "inside an allocated block");
        assertEquals(127 - 1 - 1 - 8 - 2, ppm.freePages());
        final BitSet used = new BitSet();
        used.set(1, 3);
        used.set(4, 6);
        used.set(8, 16);
        checkCover(ppm, used);
        for (final int p : List.of(2, 8, 1, 4))
        {
            ppm.release(p);
        }
        final PageManager fresh = build(128, 0, List.of());
        for (int k = 0; k < PageManager.ORDERS; k++)
        {
            assertEquals(fresh.freeCount(k), ppm.freeCount(k), "merged back at order " + k);
        }
        assertEquals(List.of(4), ppm.freeList(2), "4..5 and 6..7 merged into 4..7");
        assertEquals(List.of(2), ppm.freeList(1), "2 and 3 merged into 2..3");
        checkCover(ppm, new BitSet());
    }

    @Test
    void exhaustionIsAnErrorNamingWhatIsLeft()
    {
        // 16 pages, the table in page 0: 1, 2..3, 4..7, 8..15 free
        final PageManager ppm = build(16, 0, List.of());
        ppm.allocate(3);
        ppm.allocate(2);
        final OutOfPagesException e = assertThrows(OutOfPagesException.class, () -> ppm.allocate(2));
        assertEquals("ppm[0x11]: no free block of 4 pages (order 2): 3 pages free in smaller blocks", e.getMessage());
        ppm.allocate(1);
        ppm.allocate(0);
        assertEquals(0, ppm.freePages());
        assertThrows(OutOfPagesException.class, () -> ppm.allocate(0));
    }

    @Test
    void aDoubleFreeOrAForeignPageIsRefused()
    {
        final PageManager ppm = build(32, 0, List.of());
        final int p = ppm.allocate(1);
        ppm.release(p);
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> ppm.release(p));
        assertEquals("ppm[0x11]: page " + p + " (0x" + Integer.toHexString(p) + ") is not the start of an allocated " +
            "block", e.getMessage());
        assertThrows(IllegalStateException.class, () -> ppm.release(0), "a reserved page");
        assertThrows(IllegalStateException.class, () -> ppm.release(99), "outside the cluster");
    }

    @Test
    void aReaderOverACopyOfTheBytesSeesTheSameManager()
    {
        final UnsafeBuffer header = new UnsafeBuffer(new byte[PageManager.HEADER_SIZE]);
        final UnsafeBuffer table = new UnsafeBuffer(new byte[PageManager.tableBytes(256)]);
        final PageManager ppm = new PageManager("ppm").init(header, HEADER_AT, table, 256, 3, List.of());
        final int held = ppm.allocate(4);
        final PageManager reader = new PageManager("ppm").wrap(new UnsafeBuffer(header.byteArray().clone()),
            HEADER_AT, new UnsafeBuffer(table.byteArray().clone()));
        assertEquals(ppm.freePages(), reader.freePages());
        for (int k = 0; k < PageManager.ORDERS; k++)
        {
            assertEquals(ppm.freeList(k), reader.freeList(k));
        }
        assertEquals(PageManager.PG_ALLOCATED, reader.flags(held));
    }

    @Test
    void randomAllocationsNeverGiveAPageTwiceAndFreeEverythingBack()
    {
        final SplittableRandom r = new SplittableRandom(42);
        final PageManager ppm = build(1024, 3, List.<int[]>of(new int[] {500, 7}));
        final int total = ppm.freePages();
        final BitSet used = new BitSet();
        final List<int[]> live = new ArrayList<>();
        for (int i = 0; i < 5_000; i++)
        {
            if (!live.isEmpty() && (r.nextInt(3) == 0 || ppm.freePages() < 64))
            {
                final int[] blk = live.remove(r.nextInt(live.size()));
                ppm.release(blk[0]);
                used.clear(blk[0], blk[0] + (1 << blk[1]));
                continue;
            }
            final int order = r.nextInt(6);
            try
            {
                final int p = ppm.allocate(order);
                assertEquals(0, p % (1 << order), "aligned");
                assertTrue(p >= 7 && p + (1 << order) <= 1024, "above the kernel and the table, inside the cluster");
                assertTrue(p + (1 << order) <= 500 || p >= 507, "not in the reserved zone");
                assertTrue(used.get(p, p + (1 << order)).isEmpty(), "page given twice at " + p);
                used.set(p, p + (1 << order));
                live.add(new int[] {p, order});
            }
            catch (final OutOfPagesException e)
            {
                // fragmentation: fine, release something next
            }
            assertEquals(total - used.cardinality(), ppm.freePages());
            if (i % 500 == 0)
            {
                checkCover(ppm, used);
            }
        }
        live.forEach(blk -> ppm.release(blk[0]));
        assertEquals(total, ppm.freePages());
        final PageManager fresh = build(1024, 3, List.<int[]>of(new int[] {500, 7}));
        for (int k = 0; k < PageManager.ORDERS; k++)
        {
            assertEquals(fresh.freeCount(k), ppm.freeCount(k), "fully merged at order " + k);
        }
        checkCover(ppm, new BitSet());
    }
}
