package org.smpboot.sim.kernel;

import org.agrona.concurrent.AtomicBuffer;
import org.smpboot.sim.image.DevType;

/**
 * A channel device (ALMOS-MKH's {@code chdev_t}): one per channel of a multi-channel device, internal ones in their
 * own cluster, external ones on the cluster that global index modulo the clusters with cores names (D4). The
 * {@link ChdevDirectory} of every cluster points at them.
 * <table>
 * <caption>{@code chdev_t}, in the host cluster's {@code chdevs} zone ({@value #SIZE} bytes each)</caption>
 * <tr><th>offset</th><th>field</th></tr>
 * <tr><td>0x00</td><td>magic {@link #MAGIC}, ASCII "CHDV"</td></tr>
 * <tr><td>0x04</td><td>type code ({@link DevType#code()})</td></tr>
 * <tr><td>0x08</td><td>channel</td></tr>
 * <tr><td>0x0C</td><td>global index (-1 for an internal chdev)</td></tr>
 * <tr><td>0x10</td><td>base: the channel's physical address (u64)</td></tr>
 * <tr><td>0x18</td><td>server core lid</td></tr>
 * <tr><td>0x1C</td><td>WTI mailbox of the host XCU (-1 when the device raises no interrupt through the IOPIC)</td></tr>
 * <tr><td>0x20</td><td>IOPIC input (-1 when none)</td></tr>
 * <tr><td>0x24</td><td>is_rx (0)</td></tr>
 * </table>
 *
 * @param type      the device type.
 * @param channel   its channel.
 * @param index     global index of an external chdev, -1 for an internal one.
 * @param host      the cluster holding the descriptor.
 * @param base      the device's physical base.
 * @param server    the core of the host cluster serving it.
 * @param wti       the host XCU's WTI mailbox its interrupt arrives in, or -1.
 * @param picInput  the IOPIC input forwarded to that mailbox, or -1.
 * @param address   where the descriptor sits in the host's kdata.
 */
public record Chdev(DevType type, int channel, int index, int host, long base, int server, int wti,
    int picInput, int address)
{
    /** Bytes of a descriptor. */
    public static final int SIZE = 64;
    /** Descriptor magic, ASCII "CHDV". */
    public static final int MAGIC = 0x5644_4843;
    /** Offset of the magic. */
    public static final int MAGIC_AT = 0x00;
    /** Offset of the type code. */
    public static final int TYPE = 0x04;
    /** Offset of the channel. */
    public static final int CHANNEL = 0x08;
    /** Offset of the global index. */
    public static final int INDEX = 0x0C;
    /** Offset of the base. */
    public static final int BASE = 0x10;
    /** Offset of the server lid. */
    public static final int SERVER = 0x18;
    /** Offset of the WTI. */
    public static final int WTI = 0x1C;
    /** Offset of the IOPIC input. */
    public static final int PIC_INPUT = 0x20;

    /** @return whether it is replicated per cluster (ICU, MMC, DMA). */
    public boolean internal()
    {
        return index < 0;
    }

    /**
     * Writes the descriptor (its type, channel, index, base, server, WTI and input; not its host and address, which
     * are where it is written).
     *
     * @param w a window of {@link #SIZE} bytes over it.
     */
    void write(final AtomicBuffer w)
    {
        w.putInt(MAGIC_AT, MAGIC);
        w.putInt(TYPE, type.code());
        w.putInt(CHANNEL, channel);
        w.putInt(INDEX, index);
        w.putLong(BASE, base);
        w.putInt(SERVER, server);
        w.putInt(WTI, wti);
        w.putInt(PIC_INPUT, picInput);
    }

    /**
     * Reads a descriptor back (raw, uncounted: the observer's read).
     *
     * @param raw     access to memory.
     * @param cxy     its cluster.
     * @param address its local address.
     * @return what it holds; its type is null when no descriptor lies there.
     */
    public static Chdev read(final KernelMemory.Raw raw, final int cxy, final int address)
    {
        final AtomicBuffer d = raw.window(cxy, address, SIZE);
        final DevType type = d.getInt(MAGIC_AT) == MAGIC ? DevType.ofCode(d.getInt(TYPE)) : null;
        return new Chdev(type, d.getInt(CHANNEL), d.getInt(INDEX), cxy, d.getLong(BASE), d.getInt(SERVER),
            d.getInt(WTI), d.getInt(PIC_INPUT), address);
    }
}
