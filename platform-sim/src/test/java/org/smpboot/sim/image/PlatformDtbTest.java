package org.smpboot.sim.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;

class PlatformDtbTest
{
    @TempDir
    Path dir;

    /** Runs {@code dtc -I dtb -O dts}; a missing dtc fails the test, since CI must have it. */
    static String dtc(final Path blob) throws IOException, InterruptedException
    {
        final Process p;
        try
        {
            p = new ProcessBuilder("dtc", "-I", "dtb", "-O", "dts", blob.toString()).start();
        }
        catch (final IOException e)
        {
            return fail("dtc not found: install Debian package device-tree-compiler (apt-get install " +
                "device-tree-compiler): " + e.getMessage());
        }
        final byte[] out = p.getInputStream().readAllBytes();
        final String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), err);
        assertEquals("", err, "dtc warnings");
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void headerFollowsFdtVersion17()
    {
        final byte[] blob = PlatformDtb.export(ArchInfo.of(PlatformBuilder.build(PlatformSpec.defaults())));
        final ByteBuffer b = ByteBuffer.wrap(blob);
        assertEquals(0xd00dfeed, b.getInt(0));
        assertEquals(blob.length, b.getInt(4));
        assertEquals(56, b.getInt(8));
        assertEquals(40, b.getInt(16));
        assertEquals(17, b.getInt(20));
        assertEquals(16, b.getInt(24));
        assertEquals(b.getInt(12) + b.getInt(32), blob.length);
        assertEquals(9, b.getInt(b.getInt(12) - 4)); // FDT_END closes the structure block
    }

    @Test
    void dtcReadsTheLetiPlatform() throws Exception
    {
        final Platform leti = PlatformBuilder.build(PlatformSpec.leti());
        final Path blob = dir.resolve("leti.dtb");
        Files.write(blob, PlatformDtb.export(ArchInfo.of(leti)));
        final String dts = dtc(blob);
        assertEquals(16, dts.lines().filter(l -> l.trim().equals("device_type = \"cpu\";")).count(), dts);
        assertTrue(dts.contains("cpu@45 {"), dts); // cxy 0x11, lid 1
        assertTrue(dts.contains("model = \"smpboot_2_3_4\";"), dts);
        // RAM in the four clusters with cores, none in the top row
        assertEquals(4, dts.lines().filter(l -> l.trim().equals("device_type = \"memory\";")).count(), dts);
        assertTrue(dts.contains("memory@1100000000 {"), dts);
        assertTrue(dts.contains("reg = <0x11 0x00 0x00 0x4000000>;"), dts);
        assertTrue(!dts.contains("memory@1200000000"), dts);
        // I/O in cluster (1,2): the PIC, TTY rx 0 on input 16
        assertTrue(dts.contains("pic@12f9000000 {"), dts);
        assertTrue(dts.contains("reg = <0x12 0xf9000000 0x00 0x1000>;"), dts);
        assertTrue(dts.contains("0x10 0x90000 0x00 0x01"), dts);
        // XCU HWI 0-3 hear the DMA channels, HWI 8 the MMC
        assertTrue(dts.contains("smpboot,irq-sources = <0x00 0x60000 0x00 0x00"), dts);
        assertTrue(dts.contains(" 0x08 0x50000 0x00 0x00>;"), dts);
    }

    @Test
    void dtcReadsSixteenBySixteen() throws Exception
    {
        final Path blob = dir.resolve("big.dtb");
        Files.write(blob, PlatformDtb.export(ArchInfo.of(PlatformBuilder.build(ArchInfoTest.big()))));
        final String dts = dtc(blob);
        assertEquals(960, dts.lines().filter(l -> l.trim().equals("device_type = \"cpu\";")).count());
        assertTrue(dts.contains("cpu@3bb {"), dts); // cxy 0xee, lid 3
    }

    @Test
    void writerRefusesMalformedTrees()
    {
        assertThrows(IllegalStateException.class, () -> new FdtWriter().beginNode("").finish(0));
        assertThrows(IllegalStateException.class, () -> new FdtWriter().beginNode("").beginNode("a").endNode()
            .prop("late", 1));
        assertThrows(IllegalStateException.class, () -> new FdtWriter().endNode());
    }
}
