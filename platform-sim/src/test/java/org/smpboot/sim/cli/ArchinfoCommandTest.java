package org.smpboot.sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.smpboot.sim.cli.CliRun.smpboot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smpboot.sim.image.ArchInfo;
import org.smpboot.sim.image.ArchInfoReader;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;

class ArchinfoCommandTest
{
    @TempDir
    Path dir;

    private Path make(final String name, final String... flags)
    {
        final Path out = dir.resolve(name);
        final String[] args = new String[flags.length + 4];
        args[0] = "archinfo";
        args[1] = "make";
        System.arraycopy(flags, 0, args, 2, flags.length);
        args[flags.length + 2] = "--out";
        args[flags.length + 3] = out.toString();
        final CliRun r = smpboot(args);
        assertEquals(0, r.status(), r.err());
        return out;
    }

    @Test
    void makeWritesThePresetsAndFlagsOverrideThem() throws Exception
    {
        final Path leti = make("leti.bin", "--preset", "leti");
        assertEquals(ArchInfo.of(PlatformBuilder.build(PlatformSpec.leti())),
            ArchInfoReader.read("leti.bin", Files.readAllBytes(leti)));
        final ArchInfo big = ArchInfoReader.read("big.bin", Files.readAllBytes(make("big.bin", "--x-size", "16",
            "--y-size", "16", "--cores", "16", "--p-width", "4", "--io-cluster", "15,15", "--coreless", "3,4",
            "--ioc", "rdk")));
        assertEquals(255 * 16, big.cores().size());
        assertEquals(0xff, big.ioCxy());
    }

    @Test
    void makeReadsADescriptionFile() throws Exception
    {
        final Path json = dir.resolve("p.json");
        Files.writeString(json, "{\"preset\": \"leti\", \"x_size\": 3, \"io_cluster\": [2, 2], " +
            "\"coreless\": [[0, 2], [1, 2], [2, 2]], \"ioc\": \"HBA\"}");
        final ArchInfo p = ArchInfoReader.read("p.bin", Files.readAllBytes(make("p.bin", "--description",
            json.toString())));
        assertEquals(9, p.clusters().size());
        assertEquals(24, p.cores().size());
        assertEquals(0x22, p.ioCxy());
    }

    @Test
    void dumpPrintsOneLinePerClusterCoreDeviceAndIrq()
    {
        final Path bin = make("a.bin");
        final CliRun r = smpboot("archinfo", "dump", bin.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(4, r.out().lines().filter(l -> l.startsWith("cluster[")).count(), r.out());
        assertEquals(16, r.out().lines().filter(l -> l.startsWith("  core[")).count(), r.out());
        assertTrue(r.out().contains("  core[5] gid 0x005 cxy 0x01 lid 1\n"), r.out());
        assertTrue(r.out().contains("  device[1] ICU_XCU base 0x00f0000000 size 0x1000 channels 16 args 16 16 16 16 " +
            "irqs 16\n"), r.out());
        assertTrue(r.out().contains("input 16 <- TXT_TTY channel 0 rx\n"), r.out());
    }

    @Test
    void exportDtbFromFileOrFlagsGivesTheSameBlob() throws Exception
    {
        final Path bin = make("leti.bin", "--preset", "leti");
        final Path a = dir.resolve("a.dtb");
        final Path b = dir.resolve("b.dtb");
        assertEquals(0, smpboot("archinfo", "export-dtb", bin.toString(), "--out", a.toString()).status());
        assertEquals(0, smpboot("archinfo", "export-dtb", "--preset", "leti", "--out", b.toString()).status());
        assertEquals(-1, Files.mismatch(a, b));
        assertTrue(org.smpboot.sim.image.PlatformDtbTestAccess.dtc(a).contains("pic@12f9000000"));
    }

    @Test
    void invalidFileIsOneLineNamingFieldAndOffsetStatusOne() throws Exception
    {
        final Path bin = make("a.bin");
        final byte[] bytes = Files.readAllBytes(bin);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(0xE0 + 60, 2);
        Files.write(bin, bytes);
        final CliRun r = smpboot("archinfo", "dump", bin.toString());
        assertEquals(1, r.status());
        assertEquals("smpboot archinfo dump: " + bin + ": core[5].gid at offset 0x11c: duplicate gid 0x0002 (also core[2])\n",
            r.err());
        final CliRun missing = smpboot("archinfo", "dump", dir.resolve("nope.bin").toString());
        assertEquals(2, missing.status(), "a missing file is bad input");
        assertEquals("smpboot archinfo dump: " + dir.resolve("nope.bin") + ": cannot read it: no such file or " +
            "directory\n", missing.err());
    }

    @Test
    void badInputIsOneLineAndStatusTwo() throws Exception
    {
        final Path json = dir.resolve("bad.json");
        Files.writeString(json, "{\"x_sise\": 3}");
        final Path out = dir.resolve("x.bin");
        final String o = out.toString();
        for (final String[] args : new String[][] {
            {"archinfo"}, {"archinfo", "make"}, {"archinfo", "make", "--out", o, "--preset", "tsar"},
            {"archinfo", "make", "--out", o, "--cores", "5"}, {"archinfo", "make", "--out", o, "--io-cluster", "2,0"},
            {"archinfo", "make", "--out", o, "--io-cluster", "2"}, {"archinfo", "make", "--out", o, "--ioc", "usb"},
            {"archinfo", "make", "--out", o, "--x-size", "17"}, {"archinfo", "make", "--out", o, "--coreless", "0,0"},
            {"archinfo", "make", "--out", o, "--description", json.toString()},
            {"archinfo", "make", "--out", o, "--description", json.toString(), "--preset", "leti"},
            {"archinfo", "export-dtb", o, "--cores", "2", "--out", o}})
        {
            final CliRun r = smpboot(args);
            assertEquals(2, r.status(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().lines().count(), String.join(" ", args) + ": " + r.err());
        }
        assertTrue(Files.notExists(out));
        final CliRun r = smpboot("archinfo", "make", "--out", o, "--description", json.toString());
        assertTrue(r.err().contains("unknown key 'x_sise'"), r.err());
    }
}
