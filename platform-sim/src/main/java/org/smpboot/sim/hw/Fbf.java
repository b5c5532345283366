package org.smpboot.sim.hw;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicIntegerArray;

import javax.imageio.ImageIO;

import org.smpboot.sim.platform.Device;

/**
 * The frame buffer (SoCLib {@code vci_framebuffer}, ALMOS-MKH's {@code FBF_SCL}): plain pixel memory of
 * {@code width x height} bytes (arch_info's arg0 and arg1), one byte per pixel holding a grey level, row after row,
 * with no control register. A 32-bit word at byte offset {@code o} holds the pixels {@code o .. o + 3}, the first in
 * its low byte (little-endian, as the MIPS cores of TSAR). When {@code width x height} is not a multiple of 4, the
 * bytes of the last word beyond the frame are kept but belong to no pixel.
 *
 * <p>Thread safety: the pixels live in an {@link AtomicIntegerArray}, one element per bus word, so every word access
 * is atomic and visible to other threads without a lock; a picture taken while cores draw shows each word either
 * before or after its write.
 */
public final class Fbf extends RegisterDevice
{
    private final int width;
    private final int height;
    private final AtomicIntegerArray words;

    /**
     * @param descriptor what arch_info says: arg0 = width, arg1 = height.
     */
    public Fbf(final Device descriptor)
    {
        super(descriptor, "fbf");
        this.width = descriptor.arg0();
        this.height = descriptor.arg1();
        this.words = new AtomicIntegerArray((int)((descriptor.size() + 3) / 4));
    }

    /** @return pixels per row. */
    public int width()
    {
        return width;
    }

    /** @return rows. */
    public int height()
    {
        return height;
    }

    @Override
    public int read32(final Initiator who, final int offset)
    {
        return words.get(offset >>> 2);
    }

    @Override
    public void write32(final Initiator who, final int offset, final int value)
    {
        words.set(offset >>> 2, value);
    }

    /**
     * @param x column, 0 .. width - 1.
     * @param y row, 0 .. height - 1.
     * @return the grey level, 0 .. 255.
     */
    public int pixel(final int x, final int y)
    {
        if (x < 0 || x >= width || y < 0 || y >= height)
        {
            throw new IndexOutOfBoundsException("pixel (" + x + ", " + y + ") outside " + width + " x " + height);
        }
        final int i = y * width + x;
        return words.get(i >>> 2) >>> ((i & 3) * 8) & 0xFF;
    }

    /**
     * Writes the frame as an 8-bit greyscale PNG: a picture of the device memory.
     *
     * @param file where.
     * @throws IOException when it cannot be written.
     */
    public void savePng(final Path file) throws IOException
    {
        final BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        final WritableRaster raster = img.getRaster();
        final int[] row = new int[width];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                row[x] = pixel(x, y);
            }
            raster.setSamples(0, y, width, 1, 0, row);
        }
        if (!ImageIO.write(img, "png", file.toFile()))
        {
            throw new IOException("no PNG writer in this JDK");
        }
    }
}
