package org.smpboot.sim.image;

import java.io.Closeable;
import java.io.IOException;

/**
 * Bytes of a disk, read at any byte position: an image file for tools, or the simulated block device for the
 * boot-loader, which reads the FAT32 volume through the BDV's registers.
 */
public interface BlockSource extends Closeable
{
    /**
     * @return the disk's size in bytes.
     * @throws IOException when it cannot be known.
     */
    long length() throws IOException;

    /**
     * Reads up to {@code n} bytes.
     *
     * @param position byte position on the disk.
     * @param dst      where to put them.
     * @param at       first index in {@code dst}.
     * @param n        bytes wanted.
     * @return bytes read, fewer than {@code n} only at the end of the disk, -1 past it.
     * @throws IOException when the disk cannot be read.
     */
    int read(long position, byte[] dst, int at, int n) throws IOException;
}
