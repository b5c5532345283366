package org.smpboot.runtime.region;

/**
 * Layout constants shared by every flyweight.
 *
 * <p>Each contended word gets its own {@value #LENGTH}-byte slot: two 64-byte cache lines, because the adjacent-line
 * prefetcher of x86 cores pulls lines in pairs and would otherwise make neighbours false-share.
 */
public final class Slot
{
    /** Bytes of one slot. */
    public static final int LENGTH = 128;

    /** Alignment every flyweight offset must honour (one slot). */
    public static final int ALIGNMENT = LENGTH;

    private Slot()
    {
    }

    /**
     * Offset of slot {@code index} after {@code base}.
     *
     * @param base  first byte of the structure.
     * @param index slot number.
     * @return byte offset of that slot.
     */
    public static int at(final int base, final int index)
    {
        return base + index * LENGTH;
    }

    /**
     * Rounds {@code length} up to a whole number of slots.
     *
     * @param length bytes.
     * @return bytes, a multiple of {@link #LENGTH}.
     */
    public static int align(final int length)
    {
        return (length + LENGTH - 1) & -LENGTH;
    }

    /**
     * Fails unless {@code offset} is slot-aligned and {@code length} bytes fit in {@code capacity}.
     *
     * @param what     name of the structure, for the message.
     * @param offset   first byte.
     * @param length   bytes needed.
     * @param capacity bytes available.
     */
    public static void checkPlacement(final String what, final int offset, final int length, final int capacity)
    {
        if (offset < 0 || (offset & (ALIGNMENT - 1)) != 0)
        {
            throw new IllegalArgumentException(what + ": offset " + offset + " is not a multiple of " + ALIGNMENT);
        }
        if ((long)offset + length > capacity)
        {
            throw new IllegalArgumentException(
                what + ": needs " + length + " bytes at offset " + offset + " but the buffer holds " + capacity);
        }
    }
}
