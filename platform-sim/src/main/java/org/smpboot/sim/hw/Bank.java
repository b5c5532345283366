package org.smpboot.sim.hw;

import java.lang.ref.Cleaner;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.smpboot.runtime.region.Fill;

/**
 * The RAM of one cluster: {@code size} bytes of native memory, sparse.
 *
 * <p><b>Sparse.</b> The bank reserves its whole size with {@code malloc} (an anonymous mapping at this size), which
 * the operating system backs with physical pages only when they are first touched. Each 4 KiB page is filled with
 * the reset {@link Fill} on its first access through the bank, so a 16 x 16 x 4 platform of 64 MiB banks costs
 * only the pages the boot touches. The fill is derived per page ({@link Fill#derive(long)}) from the page's
 * physical address: the same fill and seed give the same bytes whatever order pages are touched in. In a new block,
 * where the JVM can make the call, a page is backed by one system call before its fill, and a range of untouched pages
 * by one call for the run ({@link HostPages}): cheaper on a virtual machine than the page fault the fill would take.
 *
 * <p><b>Page states</b> ({@link PageStates}, two bits a page). {@code 0} untouched, {@code 1} being filled, {@code 2}
 * ready. The first toucher moves a page 0 to 1 by CAS, fills it and stores 2 with release semantics; every other
 * toucher spins until it reads 2 (acquire). So no access ever sees a half-filled page, and a page is filled exactly
 * once. A memset of zero ({@link #set}) moves a whole untouched page of a new mapping of the bank's own 0 to 2 by one
 * CAS, without a fill: the host's zeros are the memset's.
 *
 * <p><b>Lifetime.</b> The memory comes from {@link BankMemory} (recycled from a machine closed earlier in this JVM when
 * it has a block of this size, whose pages the first touch refills as any others) and goes back there by
 * {@link #free()}, which the machine calls once every core has stopped; failing that, a {@link Cleaner} frees it when
 * the bank and every window over it are unreachable: windows keep their bank alive, so a flyweight never outlives its
 * memory. A freed bank refuses every access through it (an {@link IllegalStateException} naming it).
 */
public final class Bank
{
    /** Page size of the sparse fill, as TSAR's small pages. */
    public static final int PAGE = 4096;
    /** log2 of {@link #PAGE}. */
    public static final int PAGE_SHIFT = 12;
    /** The largest bank, so that every offset fits an int. */
    public static final long MAX_SIZE = 1L << 30;

    private static final Cleaner CLEANER = Cleaner.create();
    private static final int UNTOUCHED = 0;
    private static final int FILLING = 1;
    private static final int READY = 2;
    private static final long FILL_WAIT_NS = TimeUnit.SECONDS.toNanos(10);

    private final int cxy;
    private final int size;
    private final Fill fill;
    private final long address;
    /** Back untouched pages by a system call before their first touch ({@link HostPages}): a new block only. */
    private final boolean populate;
    /** A new mapping of its own ({@link BankMemory#mapped}): an untouched page reads as zero. */
    private final boolean zeroUntouched;
    private final UnsafeBuffer memory;
    private final PageStates pages;
    private final Cleaner.Cleanable cleanable;
    private final Release release;
    private final ServiceQueue queue;
    /** Set by {@link #free()}; a plain field: the machine frees a bank only after every thread that used it ended. */
    private boolean freed;

    /**
     * @param cxy  the cluster.
     * @param size bytes, a multiple of {@link #PAGE}, at most {@link #MAX_SIZE}.
     * @param fill the reset fill.
     */
    public Bank(final int cxy, final long size, final Fill fill)
    {
        if (size <= 0 || size > MAX_SIZE || size % PAGE != 0)
        {
            throw new IllegalArgumentException("bank size must be a multiple of 4 KiB up to 1 GiB, got " + size);
        }
        this.cxy = cxy;
        this.size = (int)size;
        this.fill = fill;
        final long kept = BankMemory.takeKept(size);
        this.address = kept != 0 ? kept : BankMemory.allocate(size);
        // a recycled block's pages are mostly backed already: there the call would only add a system call per page
        this.populate = kept == 0 && HostPages.populating();
        this.zeroUntouched = kept == 0 && BankMemory.mapped(address);
        this.memory = new UnsafeBuffer(address, this.size);
        this.pages = new PageStates(this.size >>> PAGE_SHIFT);
        this.release = new Release(address, size);
        this.cleanable = CLEANER.register(this, release);
        this.queue = new ServiceQueue("bank " + PhysicalAddress.hex(cxy, 2));
    }

    /** @return the bank's memory cache controller as a single server in virtual time. */
    public ServiceQueue queue()
    {
        return queue;
    }

    /** @return the cluster. */
    public int cxy()
    {
        return cxy;
    }

    /** @return bytes. */
    public int size()
    {
        return size;
    }

    /** @return the reset fill. */
    public Fill fill()
    {
        return fill;
    }

    /**
     * Makes every page of a range ready (filled), then gives the whole bank's buffer for the caller to access the
     * range in it. The bus calls it before each access.
     *
     * @param offset first byte.
     * @param length bytes, at least 1.
     * @return the bank's memory, indexed by local offset.
     */
    UnsafeBuffer touch(final int offset, final int length)
    {
        if (freed)
        {
            throw new IllegalStateException(String.format("bank of cluster 0x%02x: accessed after its machine freed " +
                "it", cxy));
        }
        final int first = offset >>> PAGE_SHIFT;
        final int last = (offset + length - 1) >>> PAGE_SHIFT;
        final boolean several = populate && last > first;
        if (several)
        {
            populateUntouched(first, last);
        }
        for (int p = first; p <= last; p++)
        {
            if (pages.get(p) != READY)
            {
                materialize(p, populate && !several);
            }
        }
        return memory;
    }

    /**
     * Sets a range to one byte value, as a memset: {@link #touch} then the writes, except that a zero over a whole page
     * nobody has touched in a new mapping of the bank's own ({@link BankMemory#mapped}) leaves the page to the host,
     * which reads it as zero: the page is marked ready without its fill, its zeros the memset's. A kernel zeroes
     * tables far larger than it then writes (a 16x16x4 boot's page descriptor arrays, 16,384 of the 49,759 pages it
     * touches, hold a few block heads each): 16,391 pages of that boot are left so, and its peak RSS went from 490 to
     * 432 MiB (16 runs each; its time did not change measurably: those pages were backed in runs, {@link HostPages}).
     * What the bank holds afterwards, and what the simulated machine counts, is what the memset leaves either way.
     *
     * @param offset first byte.
     * @param length bytes, at least 1.
     * @param value  the byte.
     */
    void set(final int offset, final int length, final byte value)
    {
        if (freed)
        {
            touch(offset, length); // refused, naming the bank
        }
        final int whole = (offset + PAGE - 1) >>> PAGE_SHIFT; // first page the range covers whole
        final int end = (int)(((long)offset + length) >>> PAGE_SHIFT); // past the last one
        if (value != 0 || !zeroUntouched || whole >= end)
        {
            touch(offset, length).setMemory(offset, length, value);
            return;
        }
        final int head = (whole << PAGE_SHIFT) - offset;
        if (head > 0)
        {
            touch(offset, head).setMemory(offset, head, value);
        }
        for (int p = whole; p < end; p++)
        {
            // ready at once when untouched: zero already; else (filled, or being filled by another thread) written
            if (!pages.compareAndSet(p, UNTOUCHED, READY))
            {
                touch(p << PAGE_SHIFT, PAGE).setMemory(p << PAGE_SHIFT, PAGE, value);
            }
        }
        final int tail = offset + length - (end << PAGE_SHIFT);
        if (tail > 0)
        {
            touch(end << PAGE_SHIFT, tail).setMemory(end << PAGE_SHIFT, tail, value);
        }
    }

    /**
     * Backs each run of untouched pages in {@code [first, last]} by one system call (a copy or a memset over many pages:
     * 0.8 to 1.2 us a page in runs of 64 KiB or more against 2.7 us one at a time, here; {@link HostPages}). Harmless
     * if another thread fills one of them meanwhile: the call never changes what a page holds.
     */
    private void populateUntouched(final int first, final int last)
    {
        int p = first;
        while (p <= last)
        {
            if (pages.get(p) != UNTOUCHED)
            {
                p++;
                continue;
            }
            final int start = p;
            while (p <= last && pages.get(p) == UNTOUCHED)
            {
                p++;
            }
            HostPages.populate(address + ((long)start << PAGE_SHIFT), (long)(p - start) << PAGE_SHIFT);
        }
    }

    /**
     * @param offset a local offset inside the bank.
     * @param length bytes.
     * @return whether the range lies inside the bank.
     */
    public boolean contains(final long offset, final long length)
    {
        return offset >= 0 && length >= 0 && offset + length <= size;
    }

    /**
     * @param page a page index.
     * @return whether it has been touched (and filled).
     */
    public boolean isResident(final int page)
    {
        return pages.get(page) == READY;
    }

    /** @return how many pages have been touched. */
    public int residentPages()
    {
        int n = 0;
        for (int p = 0; p < pages.length(); p++)
        {
            if (pages.get(p) == READY)
            {
                n++;
            }
        }
        return n;
    }

    /**
     * A raw (uncounted) window for tools: dumps, memory maps, test set-up. Cores and devices go through the
     * {@link Bus} instead, which counts.
     *
     * @param offset first byte.
     * @param length bytes.
     * @return a buffer over {@code [offset, offset + length)} that keeps the bank alive.
     */
    public UnsafeBuffer window(final int offset, final int length)
    {
        if (!contains(offset, length))
        {
            throw new IndexOutOfBoundsException("window [" + offset + ", +" + length + ") outside bank of " + size);
        }
        touch(offset, Math.max(1, length));
        return new Window(this, address + offset, length);
    }

    /**
     * Frees the memory now, for the next bank of this size to reuse ({@link BankMemory}). Only the machine calls it,
     * once every thread that could touch the bank has stopped.
     */
    public void free()
    {
        freed = true;
        release.recycle = true;
        cleanable.clean();
    }

    /** What frees a bank's memory, once: back to the pool when the machine freed it, to the system when collected. */
    private static final class Release implements Runnable
    {
        private final long address;
        private final long size;
        private volatile boolean recycle;

        Release(final long address, final long size)
        {
            this.address = address;
            this.size = size;
        }

        @Override
        public void run()
        {
            if (recycle)
            {
                BankMemory.give(address, size);
            }
            else
            {
                BankMemory.free(address);
            }
        }
    }

    long address()
    {
        return address;
    }

    private void materialize(final int page, final boolean backFirst)
    {
        if (pages.compareAndSet(page, UNTOUCHED, FILLING))
        {
            boolean filled = false;
            try
            {
                final long at = address + ((long)page << PAGE_SHIFT);
                if (backFirst)
                {
                    HostPages.populate(at, PAGE); // backed by a system call, not by the fill's page fault
                }
                final UnsafeBuffer p = new UnsafeBuffer(at, PAGE);
                fill.derive(PhysicalAddress.of(cxy, page << PAGE_SHIFT)).apply(p, 0, PAGE);
                filled = true;
            }
            finally
            {
                // a fill that threw leaves the page untouched for the next access to retry, not FILLING for ever
                pages.set(page, filled ? READY : UNTOUCHED);
            }
            return;
        }
        // another thread fills it: 4 KB take microseconds, so the bound is only reached if that thread is stuck
        final long deadline = System.nanoTime() + FILL_WAIT_NS;
        int state;
        while ((state = pages.get(page)) != READY)
        {
            if (state == UNTOUCHED)
            {
                materialize(page, backFirst); // its filler gave up: take the fill over
                return;
            }
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException(String.format("bank of cluster 0x%02x: page 0x%x still being filled " +
                    "by another thread after %d s", cxy, page, TimeUnit.NANOSECONDS.toSeconds(FILL_WAIT_NS)));
            }
            Thread.onSpinWait();
        }
    }

    /** A raw window: an UnsafeBuffer that holds its bank so that the memory outlives it. */
    private static final class Window extends UnsafeBuffer
    {
        @SuppressWarnings("unused")
        private final Bank bank;

        Window(final Bank bank, final long address, final int length)
        {
            super(address, length);
            this.bank = bank;
        }
    }
}
