package org.smpboot.sim.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smpboot.sim.TestImages;

class Fat32Test
{
    @TempDir
    Path dir;

    private final byte[] boot = ElfWriter.write(TestImages.boot(BootLayout.ALMOS_MKH));
    private final byte[] kernel = ElfWriter.write(TestImages.kernel());
    private final byte[] archInfo = random(3000, 7);

    @Test
    void ourImagePassesFsckAndListsWithMdir() throws Exception
    {
        final Path img = make(64);
        final Tools.Run fsck = Tools.run("dosfstools", "fsck.fat", "-n", "-v", img.toString());
        assertEquals(0, fsck.status(), fsck.output());
        assertTrue(fsck.output().contains("2 FATs, 32 bit entries"), fsck.output());
        final Tools.Run mdir = Tools.run("mtools", "mdir", "-i", img.toString(), "::");
        assertEquals(0, mdir.status(), mdir.output());
        assertTrue(mdir.output().contains("Volume in drive : is SMPBOOT"), mdir.output());
        assertTrue(mdir.output().matches("(?s).*\\s3000 2024-01-01 +0:00 +arch_info\\.bin\\R.*"), mdir.output());
        assertTrue(mdir.output().matches("(?s).*\\Rkernel +elf +" + kernel.length + " 2024-01-01 +0:00 *\\R.*"),
            mdir.output());
    }

    @Test
    void shortNamesCarryCaseBitsAndLongNamesAnAlias() throws Exception
    {
        final Path img = make(36);
        try (Fat32Reader r = Fat32Reader.open(img))
        {
            assertEquals(List.of("ARCH_I~1.BIN", "kernel.elf"), r.list().stream().map(FatEntry::shortName).toList());
        }
        final Tools.Run mdir = Tools.run("mtools", "mdir", "-i", img.toString(), "::");
        assertTrue(mdir.output().matches("(?s).*\\Rkernel +elf +" + kernel.length + " .*"), mdir.output());
        assertTrue(mdir.output().matches("(?s).*\\RARCH_I~1 BIN +3000 .*arch_info\\.bin\\R.*"), mdir.output());
    }

    @Test
    void missingToolsFailAndNameTheirPackage()
    {
        final String m = assertThrows(org.opentest4j.AssertionFailedError.class,
            () -> Tools.run("some-debian-package", "no-such-tool-smpboot")).getMessage();
        assertEquals("no-such-tool-smpboot not found: install the Debian package some-debian-package " +
            "(apt-get install -y some-debian-package)", m);
    }

    @Test
    void theSmallestVolumePassesFsck() throws Exception
    {
        final Path img = make(DiskLayout.MIN_SIZE_MB);
        final Tools.Run fsck = Tools.run("dosfstools", "fsck.fat", "-n", img.toString());
        assertEquals(0, fsck.status(), fsck.output());
        try (Fat32Reader r = Fat32Reader.open(img))
        {
            assertTrue(r.geometry().clusterCount() >= Fat32Geometry.MIN_CLUSTERS, r.geometry().toString());
        }
        assertThrows(IllegalArgumentException.class, () -> make(DiskLayout.MIN_SIZE_MB - 1));
        assertThrows(IllegalArgumentException.class, () -> make(DiskLayout.MAX_SIZE_MB + 1));
    }

    @Test
    void mcopyReadsOurFilesBack() throws Exception
    {
        final Path img = make(64);
        final Path k = dir.resolve("k.out");
        final Path a = dir.resolve("a.out");
        assertEquals(0, Tools.run("mtools", "mcopy", "-i", img.toString(), "::kernel.elf", k.toString()).status());
        assertEquals(0, Tools.run("mtools", "mcopy", "-i", img.toString(), "::arch_info.bin", a.toString()).status());
        assertArrayEquals(kernel, Files.readAllBytes(k));
        assertArrayEquals(archInfo, Files.readAllBytes(a));
    }

    @Test
    void filesAddedByMtoolsLeaveTheRawBootElfAlone() throws Exception
    {
        final Path img = make(64);
        final byte[] big = random(3 * 1024 * 1024, 3);
        final Path f = dir.resolve("user_data.bin");
        Files.write(f, big);
        final Tools.Run copy = Tools.run("mtools", "mcopy", "-i", img.toString(), f.toString(), "::user_data.bin");
        assertEquals(0, copy.status(), copy.output());
        assertEquals(0, Tools.run("dosfstools", "fsck.fat", "-n", img.toString()).status());
        try (Fat32Reader r = Fat32Reader.open(img))
        {
            assertArrayEquals(boot, r.rawBootElf().orElseThrow());
            assertArrayEquals(big, r.readFile("user_data.bin"));
            assertArrayEquals(kernel, r.readFile("KERNEL.ELF"));
            assertEquals(List.of("arch_info.bin", "kernel.elf", "user_data.bin"),
                r.list().stream().map(FatEntry::name).toList());
        }
    }

    @Test
    void ourReaderReadsWhatMkfsAndMcopyMade() throws Exception
    {
        final Path img = dir.resolve("mkfs.img");
        final Tools.Run mkfs = Tools.run("dosfstools", "mkfs.fat", "-F", "32", "-n", "THEIRS", "-C", img.toString(),
            "65536");
        assertEquals(0, mkfs.status(), mkfs.output());
        final byte[] small = "hello\n".getBytes();
        final byte[] first = random(200_000, 1);
        final byte[] frag = random(900_000, 2);
        put(img, "hello.txt", small);
        put(img, "first.bin", first);
        put(img, "gap_maker.bin", random(5000, 9));
        put(img, "A Long File Name With Spaces.data", kernel);
        // delete the first file and forget FSInfo's next-free hint (0xFFFFFFFF = unknown), so mtools searches from
        // cluster 2: the next file fills the hole and continues after gap_maker.bin, a fragmented chain
        assertEquals(0, Tools.run("mtools", "mdel", "-i", img.toString(), "::first.bin").status());
        patch(img, 512 + 492, -1);
        put(img, "fragmented.bin", frag);
        put(img, "empty", new byte[0]);
        try (Fat32Reader r = Fat32Reader.open(img))
        {
            assertEquals("THEIRS", r.label());
            final Map<String, Long> sizes = new LinkedHashMap<>();
            r.list().forEach(e -> sizes.put(e.name(), e.size()));
            assertEquals(Map.of("hello.txt", 6L, "gap_maker.bin", 5000L, "A Long File Name With Spaces.data",
                (long) kernel.length, "fragmented.bin", 900_000L, "empty", 0L), sizes);
            assertArrayEquals(small, r.readFile("hello.txt"));
            assertArrayEquals(kernel, r.readFile("a long file name with spaces.data"));
            assertArrayEquals(frag, r.readFile("fragmented.bin"));
            assertArrayEquals(new byte[0], r.readFile("empty"));
            assertTrue(r.rawBootElf().isEmpty()); // mkfs reserves 32 sectors: no boot.elf area
            assertThrows(IllegalArgumentException.class, () -> r.readFile("first.bin"));
            final long fragCluster = r.list().stream().filter(e -> e.name().equals("fragmented.bin")).findFirst()
                .orElseThrow().firstCluster();
            final long gapCluster = r.list().stream().filter(e -> e.name().equals("gap_maker.bin")).findFirst()
                .orElseThrow().firstCluster();
            assertTrue(fragCluster < gapCluster, "mtools did not fill the hole, the chain is not fragmented");
        }
    }

    @Test
    void rawBlocksAndBootElfAreWhereTheLayoutSays() throws Exception
    {
        final Path img = make(40);
        try (Fat32Reader r = Fat32Reader.open(img))
        {
            final byte[] area = r.readBlocks(DiskLayout.BOOT_ELF_BLOCK, 2);
            assertArrayEquals(java.util.Arrays.copyOf(boot, 1024), area);
            assertEquals(0x29, r.readBlocks(0, 1)[66]);
            assertArrayEquals(r.readBlocks(0, 1), r.readBlocks(DiskLayout.BACKUP_BOOT_SECTOR, 1));
            assertArrayEquals(boot, r.rawBootElf().orElseThrow());
            assertEquals(DiskLayout.RESERVED_SECTORS, r.geometry().reservedSectors());
            assertThrows(IllegalArgumentException.class, () -> r.readBlocks(40 * 2048 - 1, 2));
        }
    }

    @Test
    void equalInputsGiveEqualImages() throws Exception
    {
        final Path a = make(36);
        final Path b = dir.resolve("again.img");
        Files.move(a, b);
        assertEquals(-1, Files.mismatch(b, make(36)));
    }

    @Test
    void rejectsABadSignature() throws Exception
    {
        final Path img = make(36);
        patch(img, 510, 0);
        assertEquals("boot sector signature at byte 510 is 00 00, expected 55 aa", error(img));
    }

    @Test
    void rejectsAFat16Volume() throws Exception
    {
        final Path img = dir.resolve("fat16.img");
        assertEquals(0, Tools.run("dosfstools", "mkfs.fat", "-F", "16", "-C", img.toString(), "16384").status());
        assertTrue(error(img).startsWith("not FAT32: BPB_FATSz16 at byte 22 is "), error(img));
    }

    @Test
    void rejectsATruncatedImage() throws Exception
    {
        final Path img = make(36);
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw"))
        {
            f.setLength(10L << 20);
        }
        assertEquals("image truncated: BPB_TotSec32 at byte 32 says 73728 sectors of 512 bytes, the file has 10485760 " +
            "bytes", error(img));
        Files.write(img, new byte[100]);
        assertEquals("boot sector truncated: image has 100 bytes, the boot sector at byte 0 needs 512", error(img));
    }

    @Test
    void rejectsABrokenClusterChain() throws Exception
    {
        final Path img = make(36);
        final long entry;
        final long cluster;
        try (Fat32Reader r = Fat32Reader.open(img))
        {
            cluster = r.list().get(1).firstCluster();
            entry = r.geometry().fatEntryOffset(0, cluster);
        }
        patch(img, entry, 1);
        try (Fat32Reader r = Fat32Reader.open(img))
        {
            final String m = assertThrows(ImageFormatException.class, () -> r.readFile("kernel.elf")).getMessage();
            assertEquals("cluster chain of kernel.elf: FAT 0 entry of cluster " + cluster + " at byte " + entry +
                " is 1, not a cluster or end of chain", m);
        }
    }

    private Path make(final int mb) throws IOException
    {
        final Path img = dir.resolve("disk" + mb + ".img");
        final Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("arch_info.bin", archInfo);
        files.put("kernel.elf", kernel);
        Fat32Writer.write(img, mb, DiskLayout.LABEL, boot, files);
        return img;
    }

    private void put(final Path img, final String name, final byte[] content) throws Exception
    {
        final Path f = dir.resolve("src-" + name.replace(' ', '_'));
        Files.write(f, content);
        final Tools.Run r = Tools.run("mtools", "mcopy", "-i", img.toString(), f.toString(), "::" + name);
        assertEquals(0, r.status(), r.output());
    }

    private static void patch(final Path img, final long offset, final int value) throws IOException
    {
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw"))
        {
            final byte[] b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
            f.seek(offset);
            f.write(b, 0, offset == 510 ? 2 : 4);
        }
    }

    private static String error(final Path img)
    {
        final String m = assertThrows(ImageFormatException.class, () -> Fat32Reader.open(img).close()).getMessage();
        assertFalse(m.contains("\n"), m);
        return m;
    }

    private static byte[] random(final int size, final long seed)
    {
        final byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
