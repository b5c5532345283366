package org.smpboot.runtime.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.agrona.concurrent.AtomicBuffer;
import org.junit.jupiter.api.Test;

/** The bump allocator's layout, alignment, exact exhaustion bound and its messages. */
class BumpAllocatorTest
{
    private static AtomicBuffer region(final int length)
    {
        return SharedRegion.allocate(length).buffer();
    }

    @Test
    void theStateLivesAtItsDocumentedOffsets()
    {
        final AtomicBuffer b = region(4096);
        final BumpAllocator a = new BumpAllocator().wrap(b, 256);
        a.initialize(1024, 3000);
        assertEquals(1024, b.getLong(256), "+0 next");
        assertEquals(3000, b.getLong(256 + 8), "+8 limit");
        assertEquals(1024, b.getLong(256 + 16), "+16 start");
        a.allocate(100, 8);
        assertEquals(1124, b.getLong(256), "next moved by the block");
        assertEquals(Slot.LENGTH, BumpAllocator.LENGTH);
    }

    @Test
    void blocksAreAlignedContiguousAndCounted()
    {
        final BumpAllocator a = new BumpAllocator().wrap(region(4096), 0);
        a.initialize(129, 4096);
        assertEquals(0, a.used());
        assertEquals(129, a.allocate(10, 1), "align 1 takes the first free byte");
        assertEquals(10, a.used());
        assertEquals(144, a.allocate(16, 16), "139 rounded up to 16");
        assertEquals(160, a.allocate(1, 16), "already aligned stays");
        assertEquals(256, a.allocate(8, 128));
        assertEquals(264 - 129, a.used());
    }

    @Test
    void theZoneIsUsedToItsLastByteAndNoFurther()
    {
        final BumpAllocator a = new BumpAllocator().wrap(region(1024), 0);
        a.initialize(512, 640);
        assertEquals(512, a.allocate(128, 8), "exactly the zone's size fits");
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.allocate(1, 1));
        assertEquals("allocator exhausted: 1 bytes requested, 0 left of [512, 640)", e.getMessage());

        final BumpAllocator c = new BumpAllocator().wrap(region(1024), 128);
        c.initialize(512, 640);
        c.allocate(100, 1);
        final IllegalStateException f = assertThrows(IllegalStateException.class, () -> c.allocate(30, 1));
        assertEquals("allocator exhausted: 30 bytes requested, 28 left of [512, 640)", f.getMessage(), "28 left");
        assertEquals(612, c.allocate(20, 4), "the failed request took nothing");
        final IllegalStateException g = assertThrows(IllegalStateException.class, () -> c.allocate(4, 256));
        assertEquals("allocator exhausted: 4 bytes requested, 0 left of [512, 640)", g.getMessage(),
            "an aligned start past the limit leaves nothing, never a negative count");
    }

    @Test
    void aZoneOutsideTheRegionIsRefusedNamingIt()
    {
        final BumpAllocator a = new BumpAllocator().wrap(region(1024), 0);
        a.initialize(0, 0);
        a.initialize(0, 1024);
        a.initialize(1024, 1024);
        for (final long[] z : new long[][] {{-1, 10}, {10, 9}, {0, 1025}})
        {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> a.initialize(z[0], z[1]));
            assertEquals("allocator zone [" + z[0] + ", " + z[1] + ") outside the region of 1024 bytes",
                e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new BumpAllocator().wrap(region(1024), 64));
        assertThrows(IllegalArgumentException.class, () -> new BumpAllocator().wrap(region(1024), 1024));
    }
}
