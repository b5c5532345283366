package org.smpboot.sim.boot;

import java.util.Set;
import java.util.TreeSet;

import org.smpboot.sim.hw.Processor;

/**
 * The boot-loader's bitmaps of gids in simulated memory ({@code cpu_arrived}, {@code boot_excluded},
 * {@code boot_parked}, {@code cpu_late}): bit {@code gid & 31} of word {@code gid >>> 5}, set by remote CAS (a full
 * fence, so a bit is visible before whatever the setter publishes next), read by a remote load.
 */
final class Bitmaps
{
    private Bitmaps()
    {
    }

    /**
     * @param core   who reads.
     * @param cxy    the cluster holding the bitmap.
     * @param bitmap its local address.
     * @param gid    a gid.
     * @return whether its bit is set.
     */
    static boolean test(final Processor core, final int cxy, final int bitmap, final int gid)
    {
        return (core.remoteLw(cxy, bitmap + (gid >>> 5) * 4) & 1 << (gid & 31)) != 0;
    }

    /**
     * @param core   who reads.
     * @param cxy    the cluster holding the bitmap.
     * @param bitmap its local address.
     * @param gids   the gids it holds, a multiple of 32.
     * @return every gid whose bit is set, one read per word.
     */
    static Set<Integer> all(final Processor core, final int cxy, final int bitmap, final int gids)
    {
        final Set<Integer> set = new TreeSet<>();
        for (int w = 0; w < gids >>> 5; w++)
        {
            final int bits = core.remoteLw(cxy, bitmap + w * 4);
            for (int b = 0; bits >>> b != 0 && b < 32; b++)
            {
                if ((bits & 1 << b) != 0)
                {
                    set.add(w << 5 | b);
                }
            }
        }
        return set;
    }

    /**
     * @param core   who sets it.
     * @param cxy    the cluster holding the bitmap.
     * @param bitmap its local address.
     * @param gid    a gid.
     */
    static void set(final Processor core, final int cxy, final int bitmap, final int gid)
    {
        final int word = bitmap + (gid >>> 5) * 4;
        final int bit = 1 << (gid & 31);
        int seen;
        do
        {
            seen = core.remoteLw(cxy, word);
        }
        while (!core.remoteCas(cxy, word, seen, seen | bit));
    }
}
