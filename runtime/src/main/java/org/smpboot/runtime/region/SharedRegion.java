package org.smpboot.runtime.region;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

import org.agrona.BufferUtil;
import org.agrona.IoUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.smpboot.runtime.internal.AgronaFlag;

/**
 * Shared memory on which the flyweights live: a direct buffer in this JVM, or a file mapped by several JVM processes at
 * once.
 *
 * <p>Nothing is written on creation: a mapped file keeps whatever an earlier run left in it (bytes past the old end of a
 * grown file read as zero, as the OS gives them). Use {@link #fill(Fill)} to impose a reset pattern. The buffer's first
 * byte is aligned to {@link Slot#ALIGNMENT} for direct regions and to the page for mapped ones.
 */
public final class SharedRegion implements AutoCloseable
{
    private final AtomicBuffer buffer;
    private final MappedByteBuffer mapped;
    private final String description;

    private SharedRegion(final AtomicBuffer buffer, final MappedByteBuffer mapped, final String description)
    {
        this.buffer = buffer;
        this.mapped = mapped;
        this.description = description;
    }

    /**
     * @param length bytes.
     * @return a region over a fresh direct buffer of this JVM, aligned to {@link Slot#ALIGNMENT}. Its content is the
     *     JVM's (zero); fill it to test unknown memory.
     */
    public static SharedRegion allocate(final int length)
    {
        AgronaFlag.ensure();
        final ByteBuffer direct = BufferUtil.allocateDirectAligned(Slot.align(length), Slot.ALIGNMENT);
        return new SharedRegion(new UnsafeBuffer(direct, 0, length), null, "direct buffer of " + length + " bytes");
    }

    /**
     * Maps {@code file} read-write, creating it or growing it to {@code length} bytes if needed; several processes may
     * call this at once on the same file. The content is left as found.
     *
     * @param file   the file.
     * @param length bytes to map.
     * @return the region.
     * @throws UncheckedIOException naming the file when it cannot be opened or mapped.
     */
    public static SharedRegion map(final Path file, final int length)
    {
        AgronaFlag.ensure();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            if (raf.length() < length)
            {
                raf.setLength(length); // growing is idempotent when processes race to do it
            }
            final MappedByteBuffer mapped = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, length);
            return new SharedRegion(new UnsafeBuffer(mapped), mapped, "mapped file " + file + " (" + length + " bytes)");
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot map " + file + ": " + e.getMessage(), e);
        }
    }

    /** @return the buffer to wrap flyweights over. */
    public AtomicBuffer buffer()
    {
        return buffer;
    }

    /** @return bytes in the region. */
    public int length()
    {
        return buffer.capacity();
    }

    /**
     * Writes a reset pattern over the whole region.
     *
     * @param fill the pattern.
     * @return this.
     */
    public SharedRegion fill(final Fill fill)
    {
        fill.apply(buffer, 0, buffer.capacity());
        return this;
    }

    /** @return true when the region is a mapped file. */
    public boolean isMapped()
    {
        return mapped != null;
    }

    /** Unmaps a mapped file; does nothing for a direct buffer (the GC frees it). */
    @Override
    public void close()
    {
        if (mapped != null)
        {
            IoUtil.unmap(mapped);
        }
    }

    @Override
    public String toString()
    {
        return description;
    }
}
