package org.smpboot.sim.hw;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The fill state of every page of a {@link Bank}: two bits a page, sixteen pages to an {@code int}. A 64 MiB bank
 * has 16,384 pages: 4 KiB of states instead of the 64 KiB an {@code int} a page took, which a 16x16 machine's 256
 * banks paid in heap (16 MiB, copied by every young collection until it was old) and in first touches.
 *
 * <p>Layout: page {@code p}'s state is bits {@code 2 * (p % 16)} and {@code 2 * (p % 16) + 1} of {@code int}
 * {@code p / 16}.
 *
 * <p>Memory ordering: every read is a volatile read of the page's {@code int} and every change a CAS on it (a loop,
 * since the fifteen other pages of the {@code int} may change at once), so a state stored after a page's fill
 * happens-before any read that sees it, as with one atomic {@code int} a page.
 */
final class PageStates
{
    private static final int SHIFT = 4; // 16 pages an int
    private static final int MASK = 3;

    private final AtomicIntegerArray words;
    private final int pages;

    /**
     * @param pages how many pages, every one in state 0.
     */
    PageStates(final int pages)
    {
        this.pages = pages;
        this.words = new AtomicIntegerArray((pages + (1 << SHIFT) - 1) >>> SHIFT);
    }

    /** @return how many pages. */
    int length()
    {
        return pages;
    }

    /**
     * @param page a page index.
     * @return its state, 0 to 3.
     */
    int get(final int page)
    {
        return words.get(page >>> SHIFT) >>> shift(page) & MASK;
    }

    /**
     * @param page   a page index.
     * @param expect the state it must be in.
     * @param update the state it moves to.
     * @return whether it was in {@code expect} and is now in {@code update}.
     */
    boolean compareAndSet(final int page, final int expect, final int update)
    {
        final int i = page >>> SHIFT;
        final int s = shift(page);
        while (true)
        {
            final int w = words.get(i);
            if ((w >>> s & MASK) != expect)
            {
                return false;
            }
            if (words.compareAndSet(i, w, w & ~(MASK << s) | update << s))
            {
                return true;
            }
        }
    }

    /**
     * @param page  a page index.
     * @param state the state it moves to, whatever it was in.
     */
    void set(final int page, final int state)
    {
        final int i = page >>> SHIFT;
        final int s = shift(page);
        while (true)
        {
            final int w = words.get(i);
            if (words.compareAndSet(i, w, w & ~(MASK << s) | state << s))
            {
                return;
            }
        }
    }

    private static int shift(final int page)
    {
        return (page & (1 << SHIFT) - 1) << 1;
    }
}
