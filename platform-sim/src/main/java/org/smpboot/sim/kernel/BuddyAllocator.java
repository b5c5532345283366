package org.smpboot.sim.kernel;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The physical page manager's allocator (ALMOS-MKH's PPM, step D3 of kernel_init): a binary buddy allocator over a
 * range of 4 KiB page numbers. A block of order k is 2^k pages whose first page number is a multiple of 2^k; its
 * buddy is the block whose first page differs in bit k only. Allocating splits the smallest free block large enough,
 * freeing merges a block with its buddy as long as the buddy is free and whole, so that the free memory is always
 * held in the largest aligned blocks the range allows.
 *
 * <p>The range need not be aligned or a power of two (the kernel's pages are excluded at its start): it starts as
 * the largest aligned blocks that tile it, and a merge never crosses its ends. Thread safety: the methods are
 * synchronized (one allocator per cluster, used by the cores of that cluster).
 */
public final class BuddyAllocator
{
    /** Largest order: blocks of 2^16 pages (256 MiB of 4 KiB pages). */
    public static final int MAX_ORDER = 16;

    private final int first;
    private final int end;
    private final String name;
    private final TreeSet<Integer>[] free;
    private final Map<Integer, Integer> allocated = new HashMap<>();
    private long freePages;

    /**
     * @param name  how errors name it, such as {@code ppm[0x01]}.
     * @param first the first page managed.
     * @param count pages managed.
     */
    @SuppressWarnings("unchecked")
    public BuddyAllocator(final String name, final int first, final int count)
    {
        if (first < 0 || count < 0)
        {
            throw new IllegalArgumentException(name + ": bad range " + first + " +" + count);
        }
        this.name = name;
        this.first = first;
        this.end = first + count;
        this.free = new TreeSet[MAX_ORDER + 1];
        for (int k = 0; k <= MAX_ORDER; k++)
        {
            free[k] = new TreeSet<>();
        }
        int p = first;
        while (p < end)
        {
            int k = MAX_ORDER;
            while (k > 0 && ((p & ((1 << k) - 1)) != 0 || p + (1 << k) > end))
            {
                k--;
            }
            free[k].add(p);
            p += 1 << k;
        }
        freePages = count;
    }

    /**
     * @param order the block size, 2^order pages.
     * @return the first page of a block of that size, taken out of the free memory.
     * @throws OutOfPagesException when no free block is large enough.
     */
    public synchronized int allocate(final int order)
    {
        if (order < 0 || order > MAX_ORDER)
        {
            throw new IllegalArgumentException(name + ": order " + order + " outside 0.." + MAX_ORDER);
        }
        int k = order;
        while (k <= MAX_ORDER && free[k].isEmpty())
        {
            k++;
        }
        if (k > MAX_ORDER)
        {
            throw new OutOfPagesException(String.format("%s: no free block of %d pages (order %d): %d pages free " +
                "in smaller blocks", name, 1 << order, order, freePages));
        }
        final int block = free[k].pollFirst();
        while (k > order)
        {
            k--;
            free[k].add(block + (1 << k)); // the upper half goes back as a free buddy
        }
        allocated.put(block, order);
        freePages -= 1L << order;
        return block;
    }

    /**
     * @param page  the first page of a block returned by {@link #allocate(int)}.
     * @throws IllegalStateException when it is not an allocated block (a double free, or a page never given).
     */
    public synchronized void release(final int page)
    {
        final Integer order = allocated.remove(page);
        if (order == null)
        {
            throw new IllegalStateException(String.format("%s: page %d (0x%x) is not the start of an allocated block",
                name, page, page));
        }
        int block = page;
        int k = order;
        while (k < MAX_ORDER)
        {
            final int buddy = block ^ (1 << k);
            if (buddy < first || buddy + (1 << k) > end || !free[k].remove(buddy))
            {
                break;
            }
            block = Math.min(block, buddy);
            k++;
        }
        free[k].add(block);
        freePages += 1L << order;
    }

    /** @return pages free now. */
    public synchronized long freePages()
    {
        return freePages;
    }

    /**
     * @param order an order.
     * @return how many free blocks of that order there are.
     */
    public synchronized int freeBlocks(final int order)
    {
        return free[order].size();
    }

    /** @return the first page managed. */
    public int first()
    {
        return first;
    }

    /** @return pages managed. */
    public int count()
    {
        return end - first;
    }
}
