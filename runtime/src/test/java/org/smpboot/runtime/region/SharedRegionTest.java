package org.smpboot.runtime.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smpboot.runtime.internal.AgronaFlag;
import org.smpboot.runtime.testing.ChildJvm;

class SharedRegionTest
{
    @TempDir
    Path dir;

    @Test
    void aMappedFileKeepsWhatAnEarlierRunLeftAndTwoMappingsShareWrites() throws IOException
    {
        final Path file = dir.resolve("region.dat");
        final byte[] earlier = new byte[4096];
        java.util.Arrays.fill(earlier, (byte)0x3c);
        Files.write(file, earlier);
        try (SharedRegion a = SharedRegion.map(file, 8192); SharedRegion b = SharedRegion.map(file, 8192))
        {
            assertTrue(a.isMapped());
            assertEquals(0x3c3c3c3c3c3c3c3cL, a.buffer().getLong(4088), "previous content is left as found");
            assertEquals(0, a.buffer().getLong(4096), "bytes past the old end read as the OS gives them");
            a.buffer().putLongVolatile(128, 77);
            assertEquals(77, b.buffer().getLongVolatile(128));
            assertTrue(b.buffer().compareAndSetLong(128, 77, 78));
            assertEquals(78, a.buffer().getLongVolatile(128));
        }
        assertEquals(8192, Files.size(file));
    }

    @Test
    void directRegionsAreSlotAlignedAndFillable()
    {
        try (SharedRegion r = SharedRegion.allocate(1000))
        {
            assertEquals(0, r.buffer().addressOffset() % Slot.ALIGNMENT);
            r.fill(Fill.XA5);
            assertEquals(0xa5a5a5a5a5a5a5a5L, r.buffer().getLong(0));
            assertEquals(1000, r.length());
        }
    }

    @Test
    void anUnmappableFileIsNamed()
    {
        final Path missing = dir.resolve("no/such/dir/region.dat");
        final UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> SharedRegion.map(missing, 4096));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void slotPlacementIsChecked()
    {
        assertThrows(IllegalArgumentException.class, () -> Slot.checkPlacement("x", 64, 128, 4096));
        assertThrows(IllegalArgumentException.class, () -> Slot.checkPlacement("x", 3968, 256, 4096));
        assertEquals(256, Slot.align(129));
    }

    @Test
    void aLargerFileIsMappedAsFoundNeverTruncatedAndAFreshOneIsGrownToTheLength() throws IOException
    {
        final Path big = dir.resolve("big.dat");
        Files.write(big, new byte[8192]);
        try (SharedRegion r = SharedRegion.map(big, 4096))
        {
            assertEquals(4096, r.length());
            assertEquals(8192, Files.size(big), "mapping less than the file leaves its tail");
            assertEquals("mapped file " + big + " (4096 bytes)", r.toString());
        }
        final Path fresh = dir.resolve("fresh.dat");
        try (SharedRegion r = SharedRegion.map(fresh, 640))
        {
            assertEquals(640, Files.size(fresh));
            assertEquals(640, r.length());
            assertTrue(r.isMapped());
        }
    }

    @Test
    void closingAMappedRegionUnmapsItsFile() throws IOException
    {
        final Path file = dir.resolve("unmapped.dat");
        final SharedRegion r = SharedRegion.map(file, 4096);
        assertTrue(mapsOf(file), "mapped while open");
        r.close();
        assertFalse(mapsOf(file), "no mapping left after close");
    }

    private static boolean mapsOf(final Path file) throws IOException
    {
        return Files.readAllLines(Path.of("/proc/self/maps")).stream().anyMatch(l -> l.endsWith(file.toString()));
    }

    @Test
    void aDirectRegionSaysWhatItIsAndFillsItsWholeLength()
    {
        final SharedRegion r = SharedRegion.allocate(200);
        assertFalse(r.isMapped());
        assertEquals("direct buffer of 200 bytes", r.toString());
        assertEquals(200, r.length());
        assertSame(r, r.fill(Fill.X5A));
        assertEquals((byte)0x5a, r.buffer().getByte(0));
        assertEquals((byte)0x5a, r.buffer().getByte(199));
        r.close(); // a direct buffer: nothing to unmap, still usable
        assertEquals((byte)0x5a, r.buffer().getByte(199));
    }

    @Test
    void anUnmappableFileIsNamedWithTheCause()
    {
        final Path missing = dir.resolve("none/region.dat");
        final UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> SharedRegion.map(missing, 128));
        assertTrue(e.getMessage().startsWith("cannot map " + missing + ": "), e.getMessage());
        assertTrue(e.getMessage().endsWith(e.getCause().getMessage()), e.getMessage());
    }

    @Test
    void slotsAreAtWholeSlotsAndPlacementNamesWhatAndWhy()
    {
        assertEquals(1000 + 3 * 128, Slot.at(1000, 3));
        assertEquals(0, Slot.align(0));
        assertEquals(128, Slot.align(1));
        assertEquals(128, Slot.align(128));
        Slot.checkPlacement("x", 0, 4096, 4096);
        Slot.checkPlacement("x", 3968, 128, 4096);
        assertEquals("x: offset 64 is not a multiple of 128",
            assertThrows(IllegalArgumentException.class, () -> Slot.checkPlacement("x", 64, 128, 4096)).getMessage());
        assertEquals("x: offset -128 is not a multiple of 128",
            assertThrows(IllegalArgumentException.class, () -> Slot.checkPlacement("x", -128, 1, 4096)).getMessage());
        assertEquals("x: needs 256 bytes at offset 3968 but the buffer holds 4096",
            assertThrows(IllegalArgumentException.class, () -> Slot.checkPlacement("x", 3968, 256, 4096)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Slot.checkPlacement("x", Integer.MAX_VALUE - 127, 256,
            Integer.MAX_VALUE), "no int overflow");
    }

    /** A JVM started without the export must fail at first use with a message naming the flag. */
    @Test
    void aJvmWithoutTheAgronaFlagIsToldWhichFlagItNeeds() throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(ChildJvm.java());
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (!arg.contains("jdk.internal.misc") && !arg.startsWith("-agentlib") && !arg.startsWith("-javaagent"))
            {
                command.add(arg);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(NoFlagProbe.class.getName());
        final ChildJvm.Run r = ChildJvm.run(command);
        assertNotEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains(AgronaFlag.FLAG), r.output());
    }

    /** Run in a child JVM without the flag. */
    public static final class NoFlagProbe
    {
        public static void main(final String[] args)
        {
            try (SharedRegion r = SharedRegion.allocate(128))
            {
                System.out.println("unexpectedly worked: " + r);
            }
        }
    }
}
