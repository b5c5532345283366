package org.smpboot.sim.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smpboot.sim.TestImages;

class ElfTest
{
    @TempDir
    Path dir;

    @Test
    void readelfShowsTheBootLoaderSegmentsAndSymbols() throws Exception
    {
        final Path f = dir.resolve("boot.elf");
        Files.write(f, ElfWriter.write(TestImages.boot(BootLayout.ALMOS_MKH)));
        final Tools.Run r = Tools.run("binutils", "readelf", "-W", "-h", "-l", "-s", f.toString());
        assertEquals(0, r.status(), r.output());
        assertFalse(r.output().contains("Warning") || r.output().contains("Error"), r.output());
        assertTrue(r.output().contains("ELF32") && r.output().contains("little endian"), r.output());
        assertTrue(r.output().contains("EXEC (Executable file)") && r.output().contains("MIPS R3000"), r.output());
        assertTrue(r.output().contains("Entry point address:               0x200000"), r.output());
        assertTrue(Pattern.compile("LOAD +0x[0-9a-f]+ 0x00200000 0x00200000 0x07c00 0x07c00 R E")
            .matcher(r.output()).find(), r.output());
        // .frames: each function's frame size, read by the boot-loader's prologues from the copy it runs
        assertTrue(Pattern.compile("LOAD +0x[0-9a-f]+ 0x00207c00 0x00207c00 0x00080 0x00400 R  ")
            .matcher(r.output()).find(), r.output());
        assertTrue(Pattern.compile("00207c00 +128 OBJECT +GLOBAL DEFAULT +2 frames").matcher(r.output()).find(),
            r.output());
        assertTrue(Pattern.compile("LOAD +0x[0-9a-f]+ 0x00208000 0x00208000 0x01000 0x33000 RW ")
            .matcher(r.output()).find(), r.output());
        assertTrue(Pattern.compile("00200000 +256 FUNC +GLOBAL DEFAULT +1 boot_entry").matcher(r.output()).find(),
            r.output());
        assertTrue(Pattern.compile("00208000 +64 OBJECT +GLOBAL DEFAULT +3 boot_config").matcher(r.output()).find(),
            r.output());
        assertTrue(Pattern.compile("00208040 +5312 OBJECT +GLOBAL DEFAULT +3 boot_info").matcher(r.output()).find(),
            r.output());
        assertTrue(Pattern.compile("0020a000 +0x20000 OBJECT +GLOBAL DEFAULT +3 global_barrier").matcher(r.output())
            .find(), r.output());
    }

    @Test
    void readelfShowsThePreloaderAtTheResetAddress() throws Exception
    {
        final Path f = dir.resolve("preloader.elf");
        Files.write(f, ElfWriter.write(TestImages.preloader()));
        final Tools.Run r = Tools.run("binutils", "readelf", "-W", "-h", "-l", "-s", f.toString());
        assertEquals(0, r.status(), r.output());
        assertTrue(Pattern.compile("LOAD +0x[0-9a-f]+ 0x00000000 0x00000000 0x04000 0x04000 R E")
            .matcher(r.output()).find(), r.output());
        assertTrue(Pattern.compile("00000000 +1024 FUNC +GLOBAL DEFAULT +1 reset").matcher(r.output()).find(),
            r.output());
    }

    @Test
    void readelfShowsTheKernelAtItsZones() throws Exception
    {
        final Path f = dir.resolve("kernel.elf");
        Files.write(f, ElfWriter.write(TestImages.kernel()));
        final Tools.Run r = Tools.run("binutils", "readelf", "-W", "-h", "-l", "-s", "-S", f.toString());
        assertEquals(0, r.status(), r.output());
        assertFalse(r.output().contains("Warning") || r.output().contains("Error"), r.output());
        assertTrue(Pattern.compile("LOAD +0x[0-9a-f]+ 0x00004000 0x00004000 0x17c00 0x17c00 R E")
            .matcher(r.output()).find(), r.output());
        assertTrue(Pattern.compile("LOAD +0x[0-9a-f]+ 0x0001bc00 0x0001bc00 0x00020 0x00400 R  ")
            .matcher(r.output()).find(), r.output());
        assertTrue(Pattern.compile("00004200 +6144 FUNC +GLOBAL DEFAULT +1 kernel_init").matcher(r.output()).find(),
            r.output());
        assertTrue(Pattern.compile("0001bc00 +32 OBJECT +GLOBAL DEFAULT +2 frames").matcher(r.output()).find(),
            r.output());
        assertTrue(Pattern.compile("0001c000 +0 OBJECT +GLOBAL DEFAULT +3 kdata").matcher(r.output()).find(),
            r.output());
        assertTrue(r.output().contains(".kcode") && r.output().contains(".frames") && r.output().contains(".kdata") &&
            r.output().contains(".symtab"), r.output());
    }

    @Test
    void roundTripKeepsSegmentsSymbolsAndEntry()
    {
        for (ElfImage image : List.of(TestImages.boot(BootLayout.ALMOS_MK), TestImages.boot(BootLayout.ALMOS_MKH),
            TestImages.kernel()))
        {
            final byte[] file = ElfWriter.write(image);
            final ElfImage back = ElfReader.read(file);
            assertEquals(image, back);
            assertEquals(file.length, ElfReader.extent(file));
            // zero padding after the file, as when read raw from disk blocks, changes nothing
            assertEquals(image, ElfReader.read(Arrays.copyOf(file, file.length + 4096)));
            assertEquals(file.length, ElfReader.extent(Arrays.copyOf(file, file.length + 4096)));
        }
    }

    @Test
    void defaultsSitInTheirZonesAndResolveSymbols()
    {
        final ElfImage mk = TestImages.boot(BootLayout.ALMOS_MK);
        assertEquals(0x100000, mk.entry());
        assertEquals(0x100000, mk.address("boot_entry"));
        assertEquals(0x200000, TestImages.boot(BootLayout.ALMOS_MKH).address("boot_entry"));
        final ElfImage k = TestImages.kernel();
        assertEquals(k.address("kernel_init"), k.entry());
        assertEquals(0x4000, k.segment(".kcode").orElseThrow().paddr());
        assertEquals(k.address("kdata"), k.segment(".kdata").orElseThrow().paddr());
        assertEquals(k.address("kdata"), k.address("boot_info"));
        for (ElfImage image : List.of(mk, TestImages.boot(BootLayout.ALMOS_MKH)))
        {
            final ElfSegment last = image.segments().get(image.segments().size() - 1);
            assertTrue(last.paddr() + last.memSize() <= image.entry() + BootLayout.BOOT_ZONE_SIZE);
        }
        assertArrayEquals(ElfWriter.write(k), ElfWriter.write(TestImages.kernel()));
        assertThrows(IllegalArgumentException.class, () -> k.address("nope"));
    }

    @Test
    void rejectsATruncatedHeader()
    {
        assertEquals("ELF header truncated: file has 20 bytes, e_ident at byte 0 starts a 52-byte header",
            error(Arrays.copyOf(kernel(), 20)));
    }

    @Test
    void rejectsBadMagic()
    {
        final byte[] f = kernel();
        f[1] = 'X';
        assertEquals("bad ELF magic at byte 0: 7f 58 4c 46, expected 7f 45 4c 46", error(f));
    }

    @Test
    void rejectsWrongClassEndiannessMachineAndType()
    {
        assertEquals("e_ident[EI_CLASS] at byte 4 is 2, expected 1 (ELFCLASS32)", error(patch(4, 2, 1)));
        assertEquals("e_ident[EI_DATA] at byte 5 is 2, expected 1 (ELFDATA2LSB, little-endian)", error(patch(5, 2, 1)));
        assertEquals("e_machine at byte 18 is 3, expected 8 (EM_MIPS)", error(patch(18, 3, 2)));
        assertEquals("e_type at byte 16 is 1, expected 2 (ET_EXEC)", error(patch(16, 1, 2)));
    }

    @Test
    void rejectsATruncatedProgramHeaderTable()
    {
        final byte[] f = patch(28, 0x7fff_fff0, 4);
        assertTrue(error(f).startsWith("program header table truncated: e_phoff 0x7ffffff0 + 3 x 32 bytes > file " +
            "size"), error(f));
        assertTrue(error(f).endsWith("(e_phoff at byte 28)"), error(f));
    }

    @Test
    void rejectsASegmentOutsideTheFile()
    {
        final byte[] f = patch(52 + 32 + 4, 0x10_0000, 4); // second program header's p_offset
        assertTrue(error(f).matches("segment 1 outside the file: p_offset 0x100000 \\+ p_filesz 0x20 > file size " +
            "0x[0-9a-f]+ \\(program header at byte 84\\)"), error(f));
    }

    @Test
    void rejectsATruncatedSegment()
    {
        final byte[] whole = kernel();
        final ElfSegment kdata = TestImages.kernel().segments().get(2);
        final int offset = ByteBuffer.wrap(whole).order(ByteOrder.LITTLE_ENDIAN).getInt(52 + 2 * 32 + 4);
        final byte[] cut = Arrays.copyOf(whole, offset + 100);
        assertEquals(String.format("segment 2 outside the file: p_offset 0x%x + p_filesz 0x%x > file size 0x%x " +
            "(program header at byte 116)", offset, kdata.fileSize(), offset + 100), error(cut));
    }

    @Test
    void rejectsFileSizeAboveMemorySize()
    {
        final byte[] f = patch(52 + 20, 0x10, 4); // first program header's p_memsz
        assertEquals("segment 0: p_filesz 0x17c00 > p_memsz 0x10 (program header at byte 52)", error(f));
    }

    @Test
    void rejectsASectionOutsideTheFile()
    {
        final byte[] f = kernel();
        final int shoff = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).getInt(32);
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putInt(shoff + 3 * 40 + 16, 0x7000_0000);
        assertTrue(error(f).startsWith("section 3 outside the file: sh_offset 0x70000000"), error(f));
        assertTrue(error(f).endsWith("(section header at byte " + (shoff + 120) + ")"), error(f));
    }

    private static byte[] kernel()
    {
        return ElfWriter.write(TestImages.kernel());
    }

    private static byte[] patch(final int offset, final int value, final int width)
    {
        final ByteBuffer b = ByteBuffer.wrap(kernel()).order(ByteOrder.LITTLE_ENDIAN);
        switch (width)
        {
            case 1 -> b.put(offset, (byte) value);
            case 2 -> b.putShort(offset, (short) value);
            default -> b.putInt(offset, value);
        }
        return b.array();
    }

    private static String error(final byte[] file)
    {
        final String m = assertThrows(ImageFormatException.class, () -> ElfReader.read(file)).getMessage();
        assertFalse(m.contains("\n"), m);
        return m;
    }
}
