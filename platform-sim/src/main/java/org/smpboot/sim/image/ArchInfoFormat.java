package org.smpboot.sim.image;

/**
 * The arch_info.bin layout: ALMOS-MKH's {@code tools/arch_info/arch_info.h} (reference almos-mkh.md 4.2) with a
 * version, the file size and p_width added so a reader can check the file alone. Little-endian, sections packed one
 * after another with no padding; every field is a u32 unless the table says otherwise.
 *
 * <table>
 * <caption>header, 144 bytes at offset 0</caption>
 * <tr><th>offset</th><th>field</th><th>meaning</th></tr>
 * <tr><td>0x00</td><td>signature</td><td>0xBABE2016</td></tr>
 * <tr><td>0x04</td><td>version</td><td>{@value #VERSION}</td></tr>
 * <tr><td>0x08</td><td>header_size</td><td>{@value #HEADER_SIZE}</td></tr>
 * <tr><td>0x0C</td><td>total_size</td><td>bytes of the whole file</td></tr>
 * <tr><td>0x10</td><td>x_size</td><td>clusters along x, 1 .. 2^x_width</td></tr>
 * <tr><td>0x14</td><td>y_size</td><td>clusters along y, 1 .. 2^y_width</td></tr>
 * <tr><td>0x18</td><td>paddr_width</td><td>40</td></tr>
 * <tr><td>0x1C</td><td>x_width</td><td>1 .. 4</td></tr>
 * <tr><td>0x20</td><td>y_width</td><td>1 .. 4</td></tr>
 * <tr><td>0x24</td><td>p_width</td><td>0 .. 4; gid = cxy &lt;&lt; p_width | lid</td></tr>
 * <tr><td>0x28</td><td>cores_max</td><td>most cores in one cluster</td></tr>
 * <tr><td>0x2C</td><td>devices_max</td><td>most devices in one cluster</td></tr>
 * <tr><td>0x30</td><td>total_clusters</td><td>x_size * y_size</td></tr>
 * <tr><td>0x34</td><td>total_cores</td><td>entries of the core array</td></tr>
 * <tr><td>0x38</td><td>total_devices</td><td>entries of the device array</td></tr>
 * <tr><td>0x3C</td><td>total_irqs</td><td>entries of the irq array</td></tr>
 * <tr><td>0x40</td><td>io_cxy</td><td>cluster of the external peripherals</td></tr>
 * <tr><td>0x44</td><td>boot_cxy</td><td>cluster of the boot core</td></tr>
 * <tr><td>0x48</td><td>irqs_per_core</td><td>XCU outputs per core</td></tr>
 * <tr><td>0x4C</td><td>cache_line_size</td><td>bytes</td></tr>
 * <tr><td>0x50</td><td>name[64]</td><td>ASCII, NUL-padded, at least one NUL</td></tr>
 * </table>
 * <table>
 * <caption>records after the header, in this order</caption>
 * <tr><th>section</th><th>entry bytes</th><th>fields (entry-relative offset)</th></tr>
 * <tr><td>cluster[total_clusters], ordered x then y</td><td>20</td>
 *     <td>0 cxy, 4 cores, 8 core_offset, 12 devices, 16 device_offset (offsets are indexes into the arrays
 *     below and equal the running sums)</td></tr>
 * <tr><td>core[total_cores]</td><td>12</td><td>0 gid, 4 cxy, 8 lid</td></tr>
 * <tr><td>device[total_devices]</td><td>48</td><td>0 base (u64, cxy &lt;&lt; 32 | local), 8 size (u64), 16 type
 *     (func &lt;&lt; 16 | impl), 20 channels, 24 arg0, 28 arg1, 32 arg2, 36 arg3, 40 irqs, 44 irq_offset</td></tr>
 * <tr><td>irq[total_irqs]</td><td>8</td><td>0 dev_type (u32, source of input irq_offset + port), 4 channel (u8),
 *     5 is_rx (u8, 0|1), 6 valid (u8, 0|1), 7 reserved (u8, 0)</td></tr>
 * </table>
 */
public final class ArchInfoFormat
{
    /** The magic at offset 0. */
    public static final int SIGNATURE = 0xBABE2016;
    /** This layout's version. */
    public static final int VERSION = 1;
    /** Physical address bits: 8 of cxy, 32 of offset. */
    public static final int PADDR_WIDTH = 40;
    /** Header bytes. */
    public static final int HEADER_SIZE = 144;
    /** Offset of name[64]. */
    public static final int NAME_OFFSET = 0x50;
    /** Bytes of name. */
    public static final int NAME_SIZE = 64;
    /** Bytes of one cluster entry. */
    public static final int CLUSTER_SIZE = 20;
    /** Bytes of one core entry. */
    public static final int CORE_SIZE = 12;
    /** Bytes of one device entry. */
    public static final int DEVICE_SIZE = 48;
    /** Bytes of one irq entry. */
    public static final int IRQ_SIZE = 8;

    /** Header field names in offset order, 4 bytes each from offset 0, then name. */
    static final String[] HEADER_FIELDS = {"signature", "version", "header_size", "total_size", "x_size", "y_size",
        "paddr_width", "x_width", "y_width", "p_width", "cores_max", "devices_max", "total_clusters", "total_cores",
        "total_devices", "total_irqs", "io_cxy", "boot_cxy", "irqs_per_core", "cache_line_size"};

    private ArchInfoFormat()
    {
    }

    /**
     * @param clusters cluster entries.
     * @param cores    core entries.
     * @param devices  device entries.
     * @param irqs     irq entries.
     * @return the file size those counts need.
     */
    public static long size(final long clusters, final long cores, final long devices, final long irqs)
    {
        return HEADER_SIZE + clusters * CLUSTER_SIZE + cores * CORE_SIZE + devices * DEVICE_SIZE + irqs * IRQ_SIZE;
    }

    /**
     * @param field a header field name.
     * @return its offset.
     */
    static int headerOffset(final String field)
    {
        for (int i = 0; i < HEADER_FIELDS.length; i++)
        {
            if (HEADER_FIELDS[i].equals(field))
            {
                return 4 * i;
            }
        }
        throw new IllegalArgumentException(field);
    }
}
