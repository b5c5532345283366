package org.smpboot.sim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class BuddyAllocatorTest
{
    @Test
    void anUnalignedRangeStartsAsTheLargestAlignedBlocksThatTileIt()
    {
        // pages 48 .. 16383: the kernel's first 48 pages excluded from a 64 MiB bank
        final BuddyAllocator b = new BuddyAllocator("ppm[0x00]", 48, 16384 - 48);
        assertEquals(16384 - 48, b.freePages());
        assertEquals(1, b.freeBlocks(4)); // 48..63
        assertEquals(1, b.freeBlocks(6)); // 64..127
        assertEquals(1, b.freeBlocks(13)); // 8192..16383
        assertEquals(0, b.freeBlocks(14));
    }

    @Test
    void allocationSplitsAndReleaseMergesBackToTheInitialBlocks()
    {
        final BuddyAllocator b = new BuddyAllocator("ppm", 0, 64);
        assertEquals(1, b.freeBlocks(6));
        final int a = b.allocate(0);
        assertEquals(0, a);
        // 64 split into 32 + 16 + 8 + 4 + 2 + 1 + the page given
        for (int k = 0; k < 6; k++)
        {
            assertEquals(1, b.freeBlocks(k), "order " + k);
        }
        final int c = b.allocate(3);
        assertEquals(8, c, "the free 8-page block at 8");
        assertEquals(64 - 9, b.freePages());
        b.release(a);
        b.release(c);
        assertEquals(1, b.freeBlocks(6), "merged back into one 64-page block");
        assertEquals(64, b.freePages());
    }

    @Test
    void exhaustionIsAnErrorNamingWhatIsLeft()
    {
        final BuddyAllocator b = new BuddyAllocator("ppm[0x11]", 0, 8);
        b.allocate(2);
        b.allocate(1);
        final OutOfPagesException e = assertThrows(OutOfPagesException.class, () -> b.allocate(2));
        assertEquals("ppm[0x11]: no free block of 4 pages (order 2): 2 pages free in smaller blocks", e.getMessage());
        b.allocate(0);
        b.allocate(0);
        assertThrows(OutOfPagesException.class, () -> b.allocate(0));
    }

    @Test
    void aDoubleFreeOrAForeignPageIsRefused()
    {
        final BuddyAllocator b = new BuddyAllocator("ppm", 0, 16);
        final int p = b.allocate(1);
        b.release(p);
        assertThrows(IllegalStateException.class, () -> b.release(p));
        assertThrows(IllegalStateException.class, () -> b.release(5));
    }

    @Test
    void randomAllocationsNeverGiveAPageTwiceAndFreeEverythingBack()
    {
        final SplittableRandom r = new SplittableRandom(42);
        final BuddyAllocator b = new BuddyAllocator("ppm", 3, 1000);
        final BitSet used = new BitSet();
        final List<int[]> live = new ArrayList<>();
        for (int i = 0; i < 20_000; i++)
        {
            if (!live.isEmpty() && (r.nextInt(3) == 0 || b.freePages() < 64))
            {
                final int[] blk = live.remove(r.nextInt(live.size()));
                b.release(blk[0]);
                used.clear(blk[0], blk[0] + (1 << blk[1]));
                continue;
            }
            final int order = r.nextInt(6);
            try
            {
                final int p = b.allocate(order);
                assertEquals(0, p % (1 << order), "aligned");
                assertTrue(p >= 3 && p + (1 << order) <= 1003, "inside the range");
                assertTrue(used.get(p, p + (1 << order)).isEmpty(), "page given twice at " + p);
                used.set(p, p + (1 << order));
                live.add(new int[] {p, order});
            }
            catch (final OutOfPagesException e)
            {
                // fragmentation: fine, release something next
            }
            assertEquals(1000 - used.cardinality(), b.freePages());
        }
        live.forEach(blk -> b.release(blk[0]));
        assertEquals(1000, b.freePages());
        final BuddyAllocator fresh = new BuddyAllocator("ppm", 3, 1000);
        for (int k = 0; k <= BuddyAllocator.MAX_ORDER; k++)
        {
            assertEquals(fresh.freeBlocks(k), b.freeBlocks(k), "fully merged at order " + k);
        }
    }
}
