package org.smpboot.runtime.region;

import org.agrona.concurrent.AtomicBuffer;
import org.smpboot.runtime.internal.AgronaFlag;

/**
 * The boot's memory allocator: a bump pointer over a zone of the region, as a flyweight. It never frees; boot memory
 * lives until the kernel reclaims the whole zone.
 *
 * <h2>Layout ({@link #LENGTH} bytes, slot-aligned)</h2>
 * <pre>
 *  +0  next   long  first free byte
 *  +8  limit  long  end of the zone (exclusive)
 *  +16 start  long  first byte of the zone
 * </pre>
 * Allocation is a CAS on {@code next}, so any CPU may allocate once {@link #initialize} has been published.
 */
public final class BumpAllocator
{
    /** Bytes of the allocator's state. */
    public static final int LENGTH = Slot.LENGTH;

    private static final int NEXT = 0;
    private static final int LIMIT = 8;
    private static final int START = 16;

    private AtomicBuffer buffer;
    private int offset;

    /**
     * @param buffer shared memory.
     * @param offset slot-aligned offset of the state.
     * @return this.
     */
    public BumpAllocator wrap(final AtomicBuffer buffer, final int offset)
    {
        AgronaFlag.ensure();
        Slot.checkPlacement("allocator", offset, LENGTH, buffer.capacity());
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * Writes an empty allocator over the zone {@code [start, limit)}.
     *
     * @param start first byte.
     * @param limit end, exclusive.
     */
    public void initialize(final long start, final long limit)
    {
        if (start < 0 || limit < start || limit > buffer.capacity())
        {
            throw new IllegalArgumentException("allocator zone [" + start + ", " + limit + ") outside the region of " +
                buffer.capacity() + " bytes");
        }
        buffer.putLong(offset + START, start);
        buffer.putLong(offset + LIMIT, limit);
        buffer.putLongVolatile(offset + NEXT, start);
    }

    /**
     * @param size  bytes.
     * @param align power of two.
     * @return offset of the block.
     * @throws IllegalStateException naming the request and what is left when the zone is exhausted.
     */
    public int allocate(final int size, final int align)
    {
        while (true)
        {
            final long next = buffer.getLongVolatile(offset + NEXT);
            final long at = (next + align - 1) & -(long)align;
            final long end = at + size;
            final long limit = buffer.getLong(offset + LIMIT);
            if (end > limit)
            {
                throw new IllegalStateException("allocator exhausted: " + size + " bytes requested, " +
                    Math.max(0, limit - at) + " left of [" + buffer.getLong(offset + START) + ", " + limit + ")");
            }
            if (buffer.compareAndSetLong(offset + NEXT, next, end))
            {
                return (int)at;
            }
        }
    }

    /** @return bytes handed out so far. */
    public long used()
    {
        return buffer.getLongVolatile(offset + NEXT) - buffer.getLong(offset + START);
    }
}
