package org.smpboot.sim.hw;

/**
 * TSAR physical addresses: 40 bits, {@code cxy << 32 | offset}, where the 8 most significant bits name the cluster
 * and the 32 least significant the local address (DESIGN.md 3.1).
 */
public final class PhysicalAddress
{
    /** Physical address bits. */
    public static final int WIDTH = 40;
    /** Mask of a valid physical address. */
    public static final long MASK = (1L << WIDTH) - 1;
    /** Clusters a 40-bit space can name (8 bits of cxy). */
    public static final int CXY_SPACE = 256;

    private PhysicalAddress()
    {
    }

    /**
     * @param cxy    a cluster id.
     * @param offset a local address (32 bits, taken unsigned).
     * @return {@code cxy << 32 | offset}.
     */
    public static long of(final int cxy, final int offset)
    {
        return (long)cxy << 32 | (offset & 0xFFFF_FFFFL);
    }

    /**
     * @param paddr a physical address.
     * @return its cluster, bits 39..32.
     */
    public static int cxy(final long paddr)
    {
        return (int)(paddr >>> 32) & 0xFF;
    }

    /**
     * @param paddr a physical address.
     * @return its local offset, bits 31..0 as an unsigned value.
     */
    public static long offset(final long paddr)
    {
        return paddr & 0xFFFF_FFFFL;
    }

    /**
     * @param paddr a physical address.
     * @return {@code 0x} and ten hex digits, as the boot logs print 40-bit addresses.
     */
    public static String format(final long paddr)
    {
        return hex(paddr, 10);
    }

    /**
     * What {@code String.format("0x%0<digits>x", value)} prints, without its parser: the names of a machine's 1,024
     * cores and 256 banks are built on the main thread before a boot starts, where {@code String.format} ran
     * interpreted.
     *
     * @param value  a value, not negative.
     * @param digits the least number of hex digits (zeros in front).
     * @return {@code 0x} and the digits, lower case.
     */
    public static String hex(final long value, final int digits)
    {
        final String h = Long.toHexString(value);
        return h.length() >= digits ? "0x" + h : "0x" + "0".repeat(digits - h.length()) + h;
    }
}
