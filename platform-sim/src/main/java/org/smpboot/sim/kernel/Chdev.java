package org.smpboot.sim.kernel;

import org.smpboot.sim.image.DevType;

/**
 * A channel device (ALMOS-MKH's {@code chdev_t}): one per channel of a multi-channel device, internal ones in their
 * own cluster, external ones on the cluster that global index modulo the clusters with cores names (D4).
 *
 * <p>In memory, in the host cluster's {@code chdevs} area, {@link #SIZE} bytes: 0 magic "CHDV", 4 type code,
 * 8 channel, 12 global index (-1 for an internal chdev), 16 base (u64), 24 server core lid, 28 WTI (-1 when the
 * device raises no interrupt through the IOPIC), 32 IOPIC input (-1 when none), 36 is_rx.
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

    /** @return whether it is replicated per cluster (ICU, MMC, DMA). */
    public boolean internal()
    {
        return index < 0;
    }
}
