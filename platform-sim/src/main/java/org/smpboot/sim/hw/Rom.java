package org.smpboot.sim.hw;

import java.util.concurrent.atomic.AtomicIntegerArray;

import org.smpboot.sim.platform.Device;

/**
 * A read-only memory (TSAR's boot ROM at 0xBFC00000 in cluster 0, 16 KiB): the hypervisor keeps its HAT activation
 * code there. Reads return the 32-bit little-endian words of its image; a write is a {@link BusError} naming the ROM.
 * Its image is set by the machine builder, at construction or through {@link #load(byte[], int)}; bytes never loaded
 * read as 0.
 *
 * <p>Thread safety: the words live in an {@link AtomicIntegerArray}, so reads need no lock and see a load that
 * happened before; {@link #load(byte[], int)} is synchronized because it merges bytes into words.
 */
public final class Rom extends RegisterDevice
{
    private final int size;
    private final AtomicIntegerArray words;

    /**
     * @param descriptor what arch_info says; {@code size} is the ROM's size.
     */
    public Rom(final Device descriptor)
    {
        super(descriptor, "rom");
        this.size = (int)descriptor.size();
        this.words = new AtomicIntegerArray((size + 3) / 4);
    }

    /**
     * @param descriptor what arch_info says.
     * @param image      the content from byte 0.
     */
    public Rom(final Device descriptor, final byte[] image)
    {
        this(descriptor);
        load(image, 0);
    }

    /** @return bytes. */
    public int size()
    {
        return size;
    }

    /**
     * Places bytes in the ROM, as its programmer would: for the machine builder, before or while cores run.
     *
     * @param image  the bytes.
     * @param offset where the first goes.
     * @throws IllegalArgumentException when they do not fit.
     */
    public synchronized void load(final byte[] image, final int offset)
    {
        if (offset < 0 || offset > size || image.length > size - offset)
        {
            throw new IllegalArgumentException(image.length + " bytes at offset " + offset + " do not fit in " +
                name + " (" + size + " bytes)");
        }
        for (int i = 0; i < image.length; i++)
        {
            final int at = offset + i;
            final int shift = (at & 3) * 8;
            final int w = words.get(at >>> 2);
            words.set(at >>> 2, w & ~(0xFF << shift) | (image[i] & 0xFF) << shift);
        }
    }

    @Override
    public int read32(final Initiator who, final int offset)
    {
        return words.get(offset >>> 2);
    }

    @Override
    public void write32(final Initiator who, final int offset, final int value)
    {
        throw new BusError(who, "write32", descriptor.base() + offset, name + " is read-only memory");
    }
}
