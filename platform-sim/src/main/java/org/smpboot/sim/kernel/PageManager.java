package org.smpboot.sim.kernel;

import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.AtomicBuffer;

/**
 * A cluster's physical page manager ({@code ppm_t}, kernel_init D3), ALMOS-MKH's binary buddy allocator with its
 * whole state in the cluster's memory: a header in kdata (symbol {@code ppm}) and the page descriptor array
 * {@code pages_tbl} at the first free page ({@code boot_info.pages_offset}), one {@code page_t} per 4 KiB page of the
 * cluster. A flyweight over two buffers: windows of the simulated core that runs it (every access counted and costed
 * on its cycles), or raw copies of the same bytes for a reader after the boot.
 *
 * <p>A block of order k is 2^k pages whose first page number is a multiple of 2^k; its buddy is the block whose first
 * page differs in bit k only. Only a block's first page (its head) carries the block's state and order; the
 * descriptors of its other pages are 0. A free block's head is linked into the free list of its order: a circular
 * doubly-linked list ({@code list_entry_t}) rooted in the header, whose links are the 32-bit local addresses of the
 * list entries (a root in the header, or the {@code list} field of a descriptor).
 *
 * <table>
 * <caption>{@code ppm_t}, the header ({@value #HEADER_SIZE} bytes)</caption>
 * <tr><th>offset</th><th>field</th></tr>
 * <tr><td>0x00</td><td>{@code free_lock}: 0 free, 1 held (CAS 0 to 1, volatile store 0)</td></tr>
 * <tr><td>0x04</td><td>{@code pages_nr}: pages of the cluster, descriptors in {@code pages_tbl}</td></tr>
 * <tr><td>0x08</td><td>{@code pages_tbl}: local address of the descriptor array</td></tr>
 * <tr><td>0x0C</td><td>{@code reserved_nr}: pages marked reserved when the lists were built</td></tr>
 * <tr><td>0x10</td><td>{@code free_nr}: free pages in all lists</td></tr>
 * <tr><td>0x20 + 8k</td><td>{@code free_pages_root[k]}: next (+0), prev (+4), for k = 0 .. {@value #ORDERS} - 1</td></tr>
 * <tr><td>0xA0 + 4k</td><td>{@code free_pages_nr[k]}: blocks in list k</td></tr>
 * </table>
 * <table>
 * <caption>{@code page_t}, a page descriptor ({@value #PAGE_DESC} bytes; descriptor of page p at pages_tbl + 16p)</caption>
 * <tr><th>offset</th><th>field</th></tr>
 * <tr><td>0x0</td><td>{@code flags}: {@link #PG_RESERVED}, {@link #PG_FREE} (head of a free block),
 * {@link #PG_ALLOCATED} (head of an allocated block), 0 inside a block</td></tr>
 * <tr><td>0x4</td><td>{@code order}: the block's order, on its head</td></tr>
 * <tr><td>0x8</td><td>{@code list.next}: local address of the next entry of its free list</td></tr>
 * <tr><td>0xC</td><td>{@code list.prev}</td></tr>
 * </table>
 *
 * <p>Building the lists ({@link #init}) walks the pages once from page 0: a reserved page (the kernel and boot_info
 * below {@code pages_offset}, the descriptor array itself, boot_info's reserved zones) is marked {@link #PG_RESERVED};
 * from a free page, the largest aligned block that reaches neither a reserved page nor the end goes whole into its
 * list, and the walk jumps past it. Nothing is allocated and given back. The descriptor array is first zeroed with
 * one memset (a burst on the bus), as {@code page_init} does for every descriptor.
 *
 * <p>Memory ordering: {@link #allocate} and {@link #release} use plain accesses; callers hold {@code free_lock}, whose
 * CAS and volatile release store order them (the kernel does, see {@code KernelInit}). {@link #init} runs before any
 * other core may use the manager (barrier 2 publishes it).
 */
public final class PageManager
{
    /** Bytes of a page. */
    public static final int PAGE = 4096;
    /** Orders 0 .. ORDERS-1: blocks of 1 to 2^15 pages (ALMOS-MKH's CONFIG_PPM_MAX_ORDER). */
    public static final int ORDERS = 16;
    /** Bytes of the header. */
    public static final int HEADER_SIZE = 0xE0;
    /** Bytes of a page descriptor. */
    public static final int PAGE_DESC = 16;
    /** Header: the lock word. */
    public static final int FREE_LOCK = 0x00;
    /** Header: pages_nr. */
    public static final int PAGES_NR = 0x04;
    /** Header: pages_tbl. */
    public static final int PAGES_TBL = 0x08;
    static final int RESERVED_NR = 0x0C;
    static final int FREE_NR = 0x10;
    static final int ROOTS = 0x20;
    static final int COUNTS = ROOTS + 8 * ORDERS;
    /** Page flag: reserved, never handed out. */
    public static final int PG_RESERVED = 1;
    /** Page flag: head of a free block, in the free list of its order. */
    public static final int PG_FREE = 2;
    /** Page flag: head of an allocated block. */
    public static final int PG_ALLOCATED = 4;
    private static final int FLAGS = 0;
    private static final int ORDER = 4;
    private static final int NEXT = 8;
    private static final int PREV = 12;

    private final String name;
    private AtomicBuffer header;
    private int headerAddress;
    private AtomicBuffer table;
    private int tbl;
    private int pages;

    /**
     * @param name how errors name it, such as {@code ppm[0x01]}.
     */
    public PageManager(final String name)
    {
        this.name = name;
    }

    /**
     * Wraps a manager built before (by {@link #init}).
     *
     * @param header        the header's bytes.
     * @param headerAddress the header's local address (where the list roots are).
     * @param table         the descriptor array's bytes ({@link #tableBytes} of {@code pages_nr}).
     * @return this.
     */
    public PageManager wrap(final AtomicBuffer header, final int headerAddress, final AtomicBuffer table)
    {
        this.header = header;
        this.headerAddress = headerAddress;
        this.table = table;
        this.tbl = header.getInt(PAGES_TBL);
        this.pages = header.getInt(PAGES_NR);
        return this;
    }

    /**
     * @param pagesNr pages of a cluster.
     * @return bytes of its descriptor array.
     */
    public static int tableBytes(final int pagesNr)
    {
        return pagesNr * PAGE_DESC;
    }

    /**
     * @param pagesNr pages of a cluster.
     * @return pages its descriptor array occupies.
     */
    public static int tablePages(final int pagesNr)
    {
        return (tableBytes(pagesNr) + PAGE - 1) / PAGE;
    }

    /**
     * {@code ppm_init}: writes the header, zeroes the descriptors, marks the reserved pages and builds the free lists
     * in one walk of the pages.
     *
     * @param header        the header's bytes.
     * @param headerAddress the header's local address.
     * @param table         the descriptor array's bytes, at local address {@code pagesOffset * PAGE}.
     * @param pagesNr       pages of the cluster.
     * @param pagesOffset   the first page after the kernel: the array starts there.
     * @param reserved      further reserved zones, {first_page, npages} pairs (boot_info's rsvd).
     * @return this.
     */
    public PageManager init(final AtomicBuffer header, final int headerAddress, final AtomicBuffer table,
        final int pagesNr, final int pagesOffset, final List<int[]> reserved)
    {
        this.header = header;
        this.headerAddress = headerAddress;
        this.table = table;
        this.tbl = pagesOffset * PAGE;
        this.pages = pagesNr;
        header.putInt(FREE_LOCK, 0);
        header.putInt(PAGES_NR, pagesNr);
        header.putInt(PAGES_TBL, tbl);
        for (int k = 0; k < ORDERS; k++)
        {
            final int root = rootAddress(k);
            header.putInt(ROOTS + 8 * k, root);
            header.putInt(ROOTS + 8 * k + 4, root);
            header.putInt(COUNTS + 4 * k, 0);
        }
        table.setMemory(0, tableBytes(pagesNr), (byte)0);
        final int firstFree = pagesOffset + tablePages(pagesNr);
        int reservedNr = 0;
        int free = 0;
        int p = 0;
        while (p < pagesNr)
        {
            if (p < firstFree || inside(reserved, p))
            {
                table.putInt(p * PAGE_DESC + FLAGS, PG_RESERVED);
                reservedNr++;
                p++;
                continue;
            }
            final int limit = Math.min(pagesNr, nextReserved(reserved, p));
            int k = ORDERS - 1;
            while (k > 0 && ((p & ((1 << k) - 1)) != 0 || p + (1 << k) > limit))
            {
                k--;
            }
            // blocks go in at the tail: each list holds its blocks in address order
            head(p, PG_FREE, k);
            insertBefore(rootAddress(k), entry(p));
            header.putInt(COUNTS + 4 * k, header.getInt(COUNTS + 4 * k) + 1);
            free += 1 << k;
            p += 1 << k;
        }
        header.putInt(RESERVED_NR, reservedNr);
        header.putInt(FREE_NR, free);
        return this;
    }

    private static boolean inside(final List<int[]> zones, final int p)
    {
        for (final int[] z : zones)
        {
            if (p >= z[0] && p < z[0] + z[1])
            {
                return true;
            }
        }
        return false;
    }

    private static int nextReserved(final List<int[]> zones, final int p)
    {
        int next = Integer.MAX_VALUE;
        for (final int[] z : zones)
        {
            if (z[1] > 0 && z[0] > p)
            {
                next = Math.min(next, z[0]);
            }
        }
        return next;
    }

    /**
     * {@code ppm_alloc_pages}: takes the first block of the smallest non-empty list of order at least {@code order},
     * splitting it (each upper half goes to the head of its list) down to the order asked. The caller holds the lock.
     *
     * @param order the block size, 2^order pages.
     * @return the first page of the block, marked {@link #PG_ALLOCATED}.
     * @throws OutOfPagesException when no free block is large enough.
     */
    public int allocate(final int order)
    {
        if (order < 0 || order >= ORDERS)
        {
            throw new IllegalArgumentException(name + ": order " + order + " outside 0.." + (ORDERS - 1));
        }
        int k = order;
        while (k < ORDERS && header.getInt(COUNTS + 4 * k) == 0)
        {
            k++;
        }
        if (k == ORDERS)
        {
            throw new OutOfPagesException(String.format("%s: no free block of %d pages (order %d): %d pages free " +
                "in smaller blocks", name, 1 << order, order, header.getInt(FREE_NR)));
        }
        final int block = page(header.getInt(ROOTS + 8 * k));
        unlink(entry(block));
        header.putInt(COUNTS + 4 * k, header.getInt(COUNTS + 4 * k) - 1);
        while (k > order)
        {
            k--;
            final int buddy = block + (1 << k);
            head(buddy, PG_FREE, k);
            insertAfter(rootAddress(k), entry(buddy));
            header.putInt(COUNTS + 4 * k, header.getInt(COUNTS + 4 * k) + 1);
        }
        head(block, PG_ALLOCATED, order);
        header.putInt(FREE_NR, header.getInt(FREE_NR) - (1 << order));
        return block;
    }

    /**
     * {@code ppm_free_pages}: gives a block back, merging it with its buddy as long as the buddy is a free block of
     * the same order, and puts the result at the head of its list. The caller holds the lock.
     *
     * @param page the first page of a block {@link #allocate} returned.
     * @throws IllegalStateException when it is not the head of an allocated block (a double free, a foreign page).
     */
    public void release(final int page)
    {
        if (page < 0 || page >= pages || table.getInt(page * PAGE_DESC + FLAGS) != PG_ALLOCATED)
        {
            throw new IllegalStateException(String.format("%s: page %d (0x%x) is not the start of an allocated block",
                name, page, page));
        }
        final int order = table.getInt(page * PAGE_DESC + ORDER);
        head(page, 0, 0);
        int block = page;
        int k = order;
        while (k < ORDERS - 1)
        {
            final int buddy = block ^ (1 << k);
            if (buddy >= pages || table.getInt(buddy * PAGE_DESC + FLAGS) != PG_FREE ||
                table.getInt(buddy * PAGE_DESC + ORDER) != k)
            {
                break;
            }
            unlink(entry(buddy));
            header.putInt(COUNTS + 4 * k, header.getInt(COUNTS + 4 * k) - 1);
            head(buddy, 0, 0);
            block = Math.min(block, buddy);
            k++;
        }
        head(block, PG_FREE, k);
        insertAfter(rootAddress(k), entry(block));
        header.putInt(COUNTS + 4 * k, header.getInt(COUNTS + 4 * k) + 1);
        header.putInt(FREE_NR, header.getInt(FREE_NR) + (1 << order));
    }

    // ------------------------------------------------------------------------------------------ reading

    /** @return pages of the cluster. */
    public int pagesNr()
    {
        return pages;
    }

    /** @return local address of the descriptor array. */
    public int pagesTbl()
    {
        return tbl;
    }

    /** @return pages marked reserved. */
    public int reservedNr()
    {
        return header.getInt(RESERVED_NR);
    }

    /** @return free pages, as the header counts them. */
    public int freePages()
    {
        return header.getInt(FREE_NR);
    }

    /**
     * @param order an order.
     * @return blocks in its list, as the header counts them.
     */
    public int freeCount(final int order)
    {
        return header.getInt(COUNTS + 4 * order);
    }

    /**
     * Walks a free list from its root (bounded by the cluster's pages: a cycle that does not come back to the root
     * is reported, not followed for ever).
     *
     * @param order an order.
     * @return the first pages of its blocks, in list order.
     * @throws IllegalStateException when the list does not come back to its root.
     */
    public List<Integer> freeList(final int order)
    {
        final List<Integer> list = new ArrayList<>();
        final int root = rootAddress(order);
        int at = header.getInt(ROOTS + 8 * order);
        while (at != root)
        {
            if (list.size() > pages || at < tbl || at >= tbl + tableBytes(pages))
            {
                throw new IllegalStateException(String.format("%s: free list %d broken at 0x%08x", name, order, at));
            }
            list.add(page(at));
            at = table.getInt(at - tbl);
        }
        return list;
    }

    /**
     * @param page a page.
     * @return its descriptor's flags.
     */
    public int flags(final int page)
    {
        return table.getInt(page * PAGE_DESC + FLAGS);
    }

    /**
     * @param page a page.
     * @return its descriptor's order.
     */
    public int order(final int page)
    {
        return table.getInt(page * PAGE_DESC + ORDER);
    }

    // ------------------------------------------------------------------------------------------ lists

    private int rootAddress(final int order)
    {
        return headerAddress + ROOTS + 8 * order;
    }

    private int entry(final int page)
    {
        return tbl + page * PAGE_DESC + NEXT;
    }

    private int page(final int entry)
    {
        return (entry - NEXT - tbl) / PAGE_DESC;
    }

    private void head(final int page, final int flags, final int order)
    {
        table.putInt(page * PAGE_DESC + FLAGS, flags);
        table.putInt(page * PAGE_DESC + ORDER, order);
    }

    private boolean inTable(final int entry)
    {
        return entry >= tbl && entry < tbl + tableBytes(pages);
    }

    private int next(final int entry)
    {
        return inTable(entry) ? table.getInt(entry - tbl) : header.getInt(entry - headerAddress);
    }

    private int prev(final int entry)
    {
        return inTable(entry) ? table.getInt(entry - tbl + 4) : header.getInt(entry - headerAddress + 4);
    }

    private void next(final int entry, final int value)
    {
        if (inTable(entry))
        {
            table.putInt(entry - tbl, value);
        }
        else
        {
            header.putInt(entry - headerAddress, value);
        }
    }

    private void prev(final int entry, final int value)
    {
        if (inTable(entry))
        {
            table.putInt(entry - tbl + 4, value);
        }
        else
        {
            header.putInt(entry - headerAddress + 4, value);
        }
    }

    private void insertAfter(final int at, final int entry)
    {
        final int n = next(at);
        next(entry, n);
        prev(entry, at);
        prev(n, entry);
        next(at, entry);
    }

    private void insertBefore(final int at, final int entry)
    {
        insertAfter(prev(at), entry);
    }

    private void unlink(final int entry)
    {
        final int n = next(entry);
        final int p = prev(entry);
        next(p, n);
        prev(n, p);
    }
}
