package org.smpboot.sim.hw;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

import org.agrona.UnsafeApi;

/**
 * The native memory of the banks, recycled between the machines of one JVM.
 *
 * <p>A bank reserves its whole size up front and the operating system backs a page on its first touch. On this kind of
 * virtual machine that first touch (a page fault, the kernel zeroing the page) costs 16 to 40 microseconds, against
 * 0.2 to 0.4 to fill a page already backed (measured: 1,024 pages of a fresh 64 MiB block, then the same pages again):
 * a 2x2x4 boot touches a few thousand pages, so a process that boots many machines one after another ({@code explore},
 * {@code soak}, the tests) spent most of each boot in page faults. A machine closed with every core stopped gives its
 * banks' memory back here instead of to the operating system, and the next bank of the same size takes it: its pages
 * are still backed, and {@link Bank} refills each one with its own reset fill on first touch as before, so nothing of
 * the earlier machine shows through.
 *
 * <p>At most {@link #MAX_BLOCKS} blocks are kept (the rest go back to the operating system): enough for every bank of
 * the largest machine (16x16 clusters), so that a process booting such machines one after another (JMH's
 * {@code PlatformBootBench}) does not pay a 16x16 boot's 50,000 page faults again each time. What the pool holds
 * resident is the pages those blocks' machines touched (under 1 MiB per bank of a 16x16x4 boot), memory the next
 * machine of that size touches again. Thread safety: lock-free deques per size.
 *
 * <p>Alignment: a block starts on a boundary of {@link #ALIGN} bytes, so that each of a bank's 4 KiB pages is one page
 * of the host. {@code malloc} puts a large block 16 bytes past a page boundary (its header), and every bank page then
 * straddled two host pages: a page touched alone, as the boot stacks and the scattered words of a bank are, cost two
 * page faults. The block is allocated {@link #ALIGN} bytes larger and its address rounded up; the address {@code
 * malloc} gave is kept to free it. Where {@link HostPages} can make system calls (the launcher's one-boot commands on
 * Java 22 and later) a new block is a mapping of its own instead ({@code mmap}): on a page boundary, without a header
 * page (under {@code malloc} about 70 us a bank on this machine, the first page table of a fresh region), and known to
 * read as zero, which {@link Bank#set} uses.
 */
final class BankMemory
{
    /** Blocks kept at most, whatever their size. */
    static final int MAX_BLOCKS = 256;
    /** A block's first byte is a multiple of this: the host's page size. */
    static final long ALIGN = 4096;

    /** The address {@code malloc} gave for each block handed out or kept, by the block's aligned address. */
    private static final Map<Long, Long> ALLOCATED = new ConcurrentHashMap<>();
    /** The size of each block mapped by {@link HostPages#map}, handed out or kept, by its address. */
    private static final Map<Long, Long> MAPPED = new ConcurrentHashMap<>();

    private static final Map<Long, ConcurrentLinkedDeque<Long>> FREE = new ConcurrentHashMap<>();
    private static final AtomicInteger KEPT = new AtomicInteger();

    private BankMemory()
    {
    }

    /**
     * @param size bytes.
     * @return a recycled block of {@code size} bytes (its pages that an earlier bank touched are still backed), or 0
     *     when the pool has none.
     */
    static long takeKept(final long size)
    {
        final ConcurrentLinkedDeque<Long> blocks = FREE.get(size);
        final Long address = blocks == null ? null : blocks.pollFirst();
        if (address != null)
        {
            KEPT.decrementAndGet();
            return address;
        }
        return 0;
    }

    /**
     * @param size bytes, a multiple of {@link #ALIGN}.
     * @return a new block of {@code size} bytes, none of its pages backed yet.
     */
    static long allocate(final long size)
    {
        final long mapped = HostPages.map(size);
        if (mapped != 0)
        {
            MAPPED.put(mapped, size);
            return mapped;
        }
        final long allocated = UnsafeApi.allocateMemory(size + ALIGN);
        final long aligned = (allocated + ALIGN - 1) & -ALIGN;
        ALLOCATED.put(aligned, allocated);
        return aligned;
    }

    /**
     * Gives a block back to the operating system (a bank collected without its machine freeing it).
     *
     * @param address the block, from {@link #takeKept} or {@link #allocate}.
     */
    static void free(final long address)
    {
        final Long mapped = MAPPED.remove(address);
        if (mapped != null)
        {
            HostPages.unmap(address, mapped);
        }
        else
        {
            UnsafeApi.freeMemory(ALLOCATED.remove(address));
        }
    }

    /**
     * @param address a block from {@link #allocate}, not yet freed.
     * @return whether it is a mapping of its own ({@link HostPages#map}): its pages read as zero until written.
     */
    static boolean mapped(final long address)
    {
        return MAPPED.containsKey(address);
    }

    /**
     * Gives a block back: kept for the next bank of its size while the pool has room, else freed.
     *
     * @param address the block, from {@link #takeKept} or {@link #allocate}.
     * @param size    its size.
     */
    static void give(final long address, final long size)
    {
        if (KEPT.incrementAndGet() <= MAX_BLOCKS)
        {
            // last in, first out: the most recently touched block has the most pages still backed
            FREE.computeIfAbsent(size, s -> new ConcurrentLinkedDeque<>()).offerFirst(address);
        }
        else
        {
            KEPT.decrementAndGet();
            free(address);
        }
    }

    /** Frees every block the pool holds (for tests that need it empty). */
    static void clear()
    {
        for (final ConcurrentLinkedDeque<Long> blocks : FREE.values())
        {
            Long address;
            while ((address = blocks.pollFirst()) != null)
            {
                KEPT.decrementAndGet();
                free(address);
            }
        }
    }

    /** @return blocks the pool holds now (for tests). */
    static int kept()
    {
        return KEPT.get();
    }
}
