package org.smpboot.sim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.smpboot.sim.cli.CliRun.smpboot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smpboot.sim.TestImages;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.image.ElfReader;
import org.smpboot.sim.image.ElfWriter;
import org.smpboot.sim.image.Fat32Reader;
import org.smpboot.sim.image.FatEntry;

class DiskCommandTest
{
    @TempDir
    Path dir;

    @Test
    void makeWithDefaultsWritesBuiltInImagesAndSaysArchInfoIsLeftOut() throws Exception
    {
        final Path img = dir.resolve("disk.img");
        final CliRun r = smpboot("disk", "make", "--out", img.toString(), "--layout", "almos-mk", "--size-mb", "40");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("arch_info.bin not given: left out"), r.out());
        assertTrue(r.out().contains("raw at block 2048") && r.out().contains("entry 0x00100000"), r.out());
        assertEquals(40L << 20, Files.size(img));
        try (Fat32Reader disk = Fat32Reader.open(img))
        {
            assertEquals(List.of("kernel.elf"), disk.list().stream().map(FatEntry::name).toList());
            assertArrayEquals(ElfWriter.write(TestImages.kernel()), disk.readFile("kernel.elf"));
            assertEquals(0x100000, ElfReader.read(disk.rawBootElf().orElseThrow()).address("boot_entry"));
        }
    }

    @Test
    void makeStoresGivenFilesAndListShowsThem() throws Exception
    {
        final Path boot = dir.resolve("boot.elf");
        final Path kernel = dir.resolve("kernel.elf");
        final Path arch = dir.resolve("arch_info.bin");
        final byte[] bootBytes = ElfWriter.write(TestImages.boot(BootLayout.ALMOS_MK));
        Files.write(boot, bootBytes);
        Files.write(kernel, ElfWriter.write(TestImages.kernel()));
        Files.write(arch, new byte[] {1, 2, 3, 4, 5});
        final Path img = dir.resolve("disk.img");
        final CliRun make = smpboot("disk", "make", "--out", img.toString(), "--boot", boot.toString(), "--kernel",
            kernel.toString(), "--arch-info", arch.toString());
        assertEquals(0, make.status(), make.err());
        final CliRun list = smpboot("disk", "list", img.toString());
        assertEquals(0, list.status(), list.err());
        assertTrue(list.out().contains("volume SMPBOOT, FAT32, 131072 sectors of 512 bytes"), list.out());
        assertTrue(list.out().contains("boot.elf (raw): block 2048, " + bootBytes.length + " bytes, entry 0x00100000"),
            list.out());
        assertTrue(list.out().matches("(?s).*arch_info\\.bin +5\\R.*"), list.out());
        assertTrue(list.out().matches("(?s).*kernel\\.elf +" + Files.size(kernel) + "\\R.*"), list.out());
    }

    @Test
    void badInputIsOneLineAndStatus2() throws Exception
    {
        final String img = dir.resolve("x.img").toString();
        final Path notElf = dir.resolve("not.elf");
        Files.writeString(notElf, "hello, world, this is not an ELF file at all, just text long enough");
        for (String[] args : List.of(
            new String[] {"disk", "make", "--out", img, "--size-mb", "20"},
            new String[] {"disk", "make", "--out", img, "--layout", "giet"},
            new String[] {"disk", "make", "--out", img, "--boot", notElf.toString()},
            new String[] {"disk", "make", "--out", img, "--kernel", dir.resolve("missing").toString()},
            new String[] {"disk", "make"},
            new String[] {"disk", "list", dir.resolve("missing.img").toString()},
            new String[] {"disk"}))
        {
            final CliRun r = smpboot(args);
            assertEquals(2, r.status(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
        }
        final CliRun boot = smpboot("disk", "make", "--out", img, "--boot", notElf.toString());
        assertTrue(boot.err().startsWith("smpboot disk make: --boot " + notElf + ": bad ELF magic at byte 0"),
            boot.err());
    }

    @Test
    void anInvalidImageIsOneLineNamingWhereAndStatus1() throws Exception
    {
        final Path bad = dir.resolve("bad.img");
        Files.write(bad, new byte[4096]);
        final CliRun r = smpboot("disk", "list", bad.toString());
        assertEquals(1, r.status(), r.err());
        assertEquals("smpboot disk list: " + bad + ": boot sector signature at byte 510 is 00 00, expected 55 aa",
            r.err().strip());
    }
}
