package org.smpboot.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;

class FbfTest
{
    private static final int BASE = 0xF300_0000;

    @TempDir
    Path dir;

    private Machine machine;
    private Fbf fbf;

    @BeforeEach
    void build()
    {
        machine = new Machine(PlatformBuilder.build(PlatformSpec.defaults()),
            MachineConfig.defaults().withConsole(null).withTtyDir(dir));
        fbf = (Fbf)machine.device(0, DeviceType.FBF_SCL);
    }

    @AfterEach
    void close()
    {
        machine.close();
    }

    /** Grey level of a test pattern: distinct per pixel in a row, varying across rows. */
    private static int shade(final int x, final int y)
    {
        return (x * 2 + y * 7) & 0xFF;
    }

    @Test
    void wordsAreFourLittleEndianPixelsAndThePngReadsBack() throws Exception
    {
        assertEquals(128, fbf.width());
        assertEquals(128, fbf.height());
        final Processor core = machine.processor(0, 3);
        for (int y = 0; y < fbf.height(); y++)
        {
            for (int x = 0; x < fbf.width(); x += 4)
            {
                final int w = shade(x, y) | shade(x + 1, y) << 8 | shade(x + 2, y) << 16 | shade(x + 3, y) << 24;
                machine.bus().write32(core, PhysicalAddress.of(0, BASE + y * fbf.width() + x), w);
            }
        }
        assertEquals(shade(5, 9), fbf.pixel(5, 9));
        assertEquals(0x0403_0201, readWordAfterWriting(core, 0x01, 0x02, 0x03, 0x04));
        final Path png = dir.resolve("fbf.png");
        fbf.savePng(png);
        final BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(128, img.getWidth());
        assertEquals(128, img.getHeight());
        assertEquals(1, img.getRaster().getNumBands(), "greyscale");
        for (int y = 0; y < img.getHeight(); y++)
        {
            for (int x = 0; x < img.getWidth(); x++)
            {
                assertEquals(fbf.pixel(x, y), img.getRaster().getSample(x, y, 0), "pixel " + x + "," + y);
            }
        }
        assertEquals(shade(127, 127), img.getRaster().getSample(127, 127, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> fbf.pixel(128, 0));
    }

    private int readWordAfterWriting(final Processor core, final int... bytes)
    {
        final long last = PhysicalAddress.of(0, BASE + 128 * 128 - 4);
        machine.bus().write32(core, last, bytes[0] | bytes[1] << 8 | bytes[2] << 16 | bytes[3] << 24);
        assertEquals(bytes[0], fbf.pixel(124, 127));
        assertEquals(bytes[3], fbf.pixel(127, 127));
        final int w = machine.bus().read32(core, last);
        machine.bus().write32(core, last, shade(124, 127) | shade(125, 127) << 8 | shade(126, 127) << 16 |
            shade(127, 127) << 24);
        return w;
    }
}
