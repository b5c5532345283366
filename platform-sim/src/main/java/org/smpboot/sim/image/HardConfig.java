package org.smpboot.sim.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.smpboot.sim.platform.Device;
import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.platform.Platform;

/**
 * What the ALMOS-MKH generator writes into {@code hard_config.h} beside arch_info.bin, and what the TSAR preloader and
 * the boot-loader are compiled with (reference almos-mkh.md 2 and 3.1): the few facts they need before they can read
 * arch_info.bin from the disk. The built-in {@code preloader.elf} and {@code boot.elf} carry it in their initialised
 * data ({@code reset_config}, {@code boot_config}), so the software reads it from simulated memory like any other
 * constant of its own image.
 *
 * <table>
 * <caption>layout, {@value #LENGTH} bytes, little-endian</caption>
 * <tr><th>offset</th><th>field</th><th>meaning</th></tr>
 * <tr><td>0x00</td><td>signature (u32)</td><td>{@link #SIGNATURE}, "HCFG"</td></tr>
 * <tr><td>0x04</td><td>p_width (u32)</td><td>bits of lid in gid: {@code lid = gid & (2^p_width - 1)}</td></tr>
 * <tr><td>0x08</td><td>irqs_per_core (u32)</td><td>XCU outputs per core: core lid's first is
 * irqs_per_core x lid</td></tr>
 * <tr><td>0x0C</td><td>xcu_base (u32)</td><td>local address of each cluster's XCU</td></tr>
 * <tr><td>0x10</td><td>txt_base (u64)</td><td>physical base of the TTY whose channel 0 is TXT0</td></tr>
 * <tr><td>0x18</td><td>ioc_base (u64)</td><td>physical base of the block device</td></tr>
 * <tr><td>0x20</td><td>ram_size (u64)</td><td>bytes of cluster 0's RAM (the preloader's stack sits at its
 * top)</td></tr>
 * </table>
 *
 * @param pWidth      bits of lid in gid.
 * @param irqsPerCore XCU outputs per core.
 * @param xcuBase     local address of each cluster's XCU.
 * @param txtBase     physical base of TXT0's TTY.
 * @param iocBase     physical base of the block device.
 * @param ramSize     bytes of cluster 0's RAM.
 */
public record HardConfig(int pWidth, int irqsPerCore, int xcuBase, long txtBase, long iocBase, long ramSize)
{
    /** "HCFG". */
    public static final int SIGNATURE = 0x4746_4348;
    /** Bytes of the block. */
    public static final int LENGTH = 0x28;
    /** Offset of p_width. */
    public static final int P_WIDTH = 0x04;
    /** Offset of irqs_per_core. */
    public static final int IRQS_PER_CORE = 0x08;
    /** Offset of xcu_base. */
    public static final int XCU_BASE = 0x0C;
    /** Offset of txt_base. */
    public static final int TXT_BASE = 0x10;
    /** Offset of ioc_base. */
    public static final int IOC_BASE = 0x18;
    /** Offset of ram_size. */
    public static final int RAM_SIZE = 0x20;

    /**
     * What the generator writes for a platform: its I/O cluster's TTY and block device, cluster 0's XCU and RAM.
     *
     * @param p the host's description.
     * @return its hard_config.
     * @throws IllegalArgumentException when the I/O cluster lacks its TTY or block device (BDV), or cluster 0 its
     *                                  XCU or RAM.
     */
    public static HardConfig of(final Platform p)
    {
        return new HardConfig(p.pWidth(), p.irqsPerCore(), (int)device(p, 0, DeviceType.ICU_XCU).base(),
            device(p, p.ioCxy(), DeviceType.TXT_TTY).base(), device(p, p.ioCxy(), DeviceType.IOC_BDV).base(),
            device(p, 0, DeviceType.RAM_SCL).size());
    }

    /**
     * The block a generator writes for the platform an arch_info.bin describes (a hypervisor builds its guests' images
     * from the arch_info.bin it wrote for them).
     *
     * @param a the parsed arch_info.bin.
     * @return its hard_config.
     * @throws IllegalArgumentException when the I/O cluster lacks its TTY or block device (BDV), or cluster 0 its
     *                                  XCU or RAM.
     */
    public static HardConfig of(final ArchInfo a)
    {
        return new HardConfig(a.pWidth(), a.irqsPerCore(), (int)device(a, 0, DevType.ICU_XCU).base(),
            device(a, a.ioCxy(), DevType.TXT_TTY).base(), device(a, a.ioCxy(), DevType.IOC_BDV).base(),
            device(a, 0, DevType.RAM_SCL).size());
    }

    private static ArchInfo.Device device(final ArchInfo a, final int cxy, final DevType type)
    {
        final ArchInfo.Device d = a.cluster(cxy) == null ? null : a.device(a.cluster(cxy), type);
        if (d == null)
        {
            throw new IllegalArgumentException(String.format("cluster 0x%02x of arch_info.bin has no %s: the boot " +
                "needs it", cxy, type));
        }
        return d;
    }

    private static Device device(final Platform p, final int cxy, final DeviceType type)
    {
        return p.devices().stream().filter(d -> d.cxy() == cxy && d.type() == type).findFirst()
            .orElseThrow(() -> new IllegalArgumentException(String.format(cxy == p.ioCxy() ? "the I/O cluster 0x%02x " +
                "has no %s: the boot needs its TTY and block device" : "cluster 0x%02x has no %s: the boot needs it",
                cxy, type)));
    }

    /**
     * Reads the block where a program finds it: in its own image's data, in simulated memory.
     *
     * @param b      a window on the block ({@value #LENGTH} bytes).
     * @param where  how a failure names the block.
     * @return its values.
     * @throws ImageFormatException when the signature is not there: not the data of an image built with a config.
     */
    public static HardConfig read(final DirectBuffer b, final String where)
    {
        final int signature = b.getInt(0);
        if (signature != SIGNATURE)
        {
            throw new ImageFormatException(String.format("%s: signature 0x%08x at offset 0, expected 0x%08x (HCFG)",
                where, signature, SIGNATURE));
        }
        return new HardConfig(b.getInt(P_WIDTH), b.getInt(IRQS_PER_CORE), b.getInt(XCU_BASE), b.getLong(TXT_BASE),
            b.getLong(IOC_BASE), b.getLong(RAM_SIZE));
    }

    /**
     * Writes the block into an image's initialised data.
     *
     * @param data the segment's bytes.
     * @param at   the block's offset in them.
     */
    public void writeTo(final byte[] data, final int at)
    {
        ByteBuffer.wrap(data, at, LENGTH).order(ByteOrder.LITTLE_ENDIAN).putInt(SIGNATURE).putInt(pWidth)
            .putInt(irqsPerCore).putInt(xcuBase).putLong(txtBase).putLong(iocBase).putLong(ramSize);
    }
}
