package org.smpboot.sim.kernel;

import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.AtomicBuffer;
import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.image.DevType;

/**
 * The chdev directory ({@code chdev_dir}, ALMOS-MKH's {@code chdev_directory_t}): extended pointers (cxy in bits
 * 32..39, local address below, {@link PhysicalAddress#of}) on the chdev descriptors ({@link Chdev}), one copy in every
 * cluster's kdata, so that a core finds a device's descriptor from its type and channel (external) or from its type
 * and cluster (internal) with one local read. 0 is an empty entry (no descriptor lies at address 0 of cluster 0).
 *
 * <p>Who writes which entry of which copy, as ALMOS-MKH's {@code kernel_init.c} does:
 * <ul>
 * <li>{@code icu[cxy]} and {@code mmc[cxy]} ("internal, shared"): the CP0 of cluster cxy creates its descriptors in
 * D4 and writes their pointers into the copy of <em>every</em> cluster with cores (remote 64-bit stores). This is
 * quadratic in clusters: each CP0 stores 2 entries into each of the N copies (on 16x16 clusters, 512 stores per CP0,
 * 510 of them remote, and 131,072 in all, done in parallel by the 256 CP0s; on 16x16x4 this takes D4 from about
 * 0.36 to 1.7 million cycles per CP0, parallel mode, contention included: costly, not prohibitive, so kept).</li>
 * <li>{@code dma[channel]} ("internal, private"): each CP0 writes its own cluster's DMA channels into its own copy
 * only; no other cluster may use them, and cluster c's copy therefore names cluster c's DMA channels.</li>
 * <li>{@code ext[func][channel]} ("external, shared"): the CP0 that hosts an external chdev (global index modulo
 * the clusters with cores) writes its pointer into every copy; TXT0's, created in D2 by the I/O cluster's CP0, is
 * written by that core into every copy the same way.</li>
 * </ul>
 * The IOPIC gets no entry: it is the interrupt router the CP0s program directly, not a channel device here.
 * <table>
 * <caption>{@code chdev_dir} ({@value #SIZE} bytes, 8 per entry)</caption>
 * <tr><th>offset</th><th>entries</th></tr>
 * <tr><td>0x0000</td><td>{@code icu[cxy]}, {@value #MAX_CLUSTERS} entries, by cxy</td></tr>
 * <tr><td>0x0800</td><td>{@code mmc[cxy]}, {@value #MAX_CLUSTERS} entries, by cxy</td></tr>
 * <tr><td>0x1000</td><td>{@code dma[channel]}, {@value #MAX_DMA_CHANNELS} entries: this cluster's channels</td></tr>
 * <tr><td>0x1080</td><td>{@code ext[func][channel]}: {@value #FUNCTIONS} device functions ({@link DevType#func()})
 * of {@value #MAX_EXT_CHANNELS} channels each ({@code txt[0]} is TXT0)</td></tr>
 * </table>
 */
public final class ChdevDirectory
{
    /** Clusters a directory can name (a cxy is 8 bits). */
    public static final int MAX_CLUSTERS = 256;
    /** DMA channels of one cluster. */
    public static final int MAX_DMA_CHANNELS = 16;
    /** Device functions ({@link DevType#func()} 0 .. 11). */
    public static final int FUNCTIONS = 12;
    /** Channels of one external device function. */
    public static final int MAX_EXT_CHANNELS = 32;
    /** Offset of {@code icu[]}. */
    public static final int ICU = 0x0000;
    /** Offset of {@code mmc[]}. */
    public static final int MMC = 0x0800;
    /** Offset of {@code dma[]}. */
    public static final int DMA = 0x1000;
    /** Offset of {@code ext[][]}. */
    public static final int EXT = 0x1080;
    /** Bytes of the directory. */
    public static final int SIZE = EXT + FUNCTIONS * MAX_EXT_CHANNELS * 8;

    /**
     * An entry of one copy of the directory.
     *
     * @param slot    its offset in the directory.
     * @param type    the device type of the descriptor it points at (read from the descriptor).
     * @param channel the channel the descriptor holds.
     * @param xptr    the extended pointer.
     */
    public record Entry(int slot, DevType type, int channel, long xptr)
    {
        /** @return the cluster of the descriptor. */
        public int cxy()
        {
            return PhysicalAddress.cxy(xptr);
        }

        /** @return its local address there. */
        public int address()
        {
            return (int)PhysicalAddress.offset(xptr);
        }

        /** @return whether the slot is a shared internal one ({@code icu[]}, {@code mmc[]}). */
        public boolean internalShared()
        {
            return slot < DMA;
        }

        /** @return whether the slot is a private DMA one. */
        public boolean privateDma()
        {
            return slot >= DMA && slot < EXT;
        }
    }

    private ChdevDirectory()
    {
    }

    /**
     * @param type    an internal device type (ICU, MMC or DMA).
     * @param cxy     the cluster owning it.
     * @param channel its channel (DMA).
     * @return the entry's offset in the directory.
     */
    public static int internalSlot(final DevType type, final int cxy, final int channel)
    {
        return switch (type)
        {
            case ICU_XCU -> ICU + cxy * 8;
            case MMC_TSR -> MMC + cxy * 8;
            case DMA_SCL -> DMA + channel * 8;
            default -> throw new IllegalArgumentException(type + " is not an internal device");
        };
    }

    /**
     * @param type    an external device type.
     * @param channel its channel.
     * @return the entry's offset in the directory, or -1 when the directory has no room for that channel.
     */
    public static int externalSlot(final DevType type, final int channel)
    {
        if (channel < 0 || channel >= MAX_EXT_CHANNELS)
        {
            return -1;
        }
        return EXT + (type.func() * MAX_EXT_CHANNELS + channel) * 8;
    }

    /**
     * Reads one cluster's copy and the descriptor each entry points at (raw, uncounted: the observer's read).
     *
     * @param raw  access to memory.
     * @param syms where the directory is.
     * @param cxy  the cluster whose copy is read.
     * @return its non-empty entries, in slot order.
     */
    public static List<Entry> read(final KernelMemory.Raw raw, final KernelSymbols syms, final int cxy)
    {
        return read(raw, syms, cxy, 0, SIZE);
    }

    /** The non-empty entries of one copy whose slots lie in {@code [from, to)}, in slot order. */
    private static List<Entry> read(final KernelMemory.Raw raw, final KernelSymbols syms, final int cxy,
        final int from, final int to)
    {
        final AtomicBuffer dir = raw.window(cxy, syms.chdevDir(), SIZE);
        final List<Entry> entries = new ArrayList<>();
        for (int slot = from; slot < to; slot += 8)
        {
            final long xptr = dir.getLong(slot);
            if (xptr != 0)
            {
                final AtomicBuffer d = raw.window(PhysicalAddress.cxy(xptr), (int)PhysicalAddress.offset(xptr),
                    Chdev.SIZE);
                final DevType type = d.getInt(Chdev.MAGIC_AT) == Chdev.MAGIC ? DevType.ofCode(d.getInt(Chdev.TYPE))
                    : null;
                entries.add(new Entry(slot, type, d.getInt(Chdev.CHANNEL), xptr));
            }
        }
        return entries;
    }

    /**
     * The chdevs of a kernel, walked from its directories: the shared entries of one copy and the private DMA entries
     * of every copy.
     *
     * @param raw      access to memory.
     * @param syms     where the directory is.
     * @param clusters the clusters with cores, in order.
     * @return every chdev the directories name, each read from its descriptor.
     */
    public static List<Chdev> chdevs(final KernelMemory.Raw raw, final KernelSymbols syms,
        final List<Integer> clusters)
    {
        final List<Chdev> all = new ArrayList<>();
        for (final int cxy : clusters)
        {
            // the first copy whole; of the others, only the private slots (their shared ones repeat the first's:
            // reading them all would be quadratic in clusters, 130,000 entries on 16x16)
            final boolean first = cxy == clusters.get(0);
            for (final Entry e : read(raw, syms, cxy, first ? 0 : DMA, first ? SIZE : EXT))
            {
                all.add(Chdev.read(raw, e.cxy(), e.address()));
            }
        }
        return all;
    }
}
