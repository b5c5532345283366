package org.smpboot.sim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.smpboot.sim.cli.CliRun.smpboot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smpboot.sim.kernel.KernelElf;
import org.smpboot.sim.image.DiskLayout;
import org.smpboot.sim.image.ElfWriter;
import org.smpboot.sim.image.Fat32Reader;
import org.smpboot.sim.image.Tools;
import org.smpboot.sim.run.UserDisk;

/**
 * {@code boot --disk}, {@code boot --arch-info} and {@code disk install-boot}: the user's own images boot. The volume
 * is made by mkfs.fat and filled by mtools as a user would, so that kernel.elf lands in non-contiguous clusters among
 * long names, a subdirectory and deleted files; the simulated boot-loader reads it through the bus, cluster by
 * cluster, and every cluster's kernel must be the file's, byte for byte.
 */
class UserDiskBootTest
{
    private static final int FILLER_FILES = 12;
    private static final int FILLER_BYTES = 20 * 1024; // 40 clusters of 512 bytes: 6 holes of 40 hold the 210-cluster kernel

    @TempDir
    Path dir;

    @Test
    void aFragmentedVolumeMadeByMkfsFatAndMtoolsBootsAndEveryClusterHoldsTheKernelByteForByte() throws Exception
    {
        // the user's files: an arch_info.bin of their platform (2 clusters of 2 cores) and the kernel
        final Path archInfo = dir.resolve("arch_info.bin");
        assertEquals(0, smpboot("archinfo", "make", "--clusters", "1x2", "--cores", "2", "--out", archInfo.toString())
            .status());
        final byte[] kernel = ElfWriter.write(KernelElf.image());
        final Path kernelFile = dir.resolve("kernel.elf");
        Files.write(kernelFile, kernel);

        // a volume with room for boot.elf in its reserved sectors, one sector per cluster
        final Path img = dir.resolve("mine.img");
        tool("dosfstools", "mkfs.fat", "-F", "32", "-R", "4096", "-s", "1", "-n", "MINE", "-C", img.toString(),
            "40960");
        final String i = img.toString();
        tool("mtools", "mmd", "-i", i, "::/a directory with a long name");
        tool("mtools", "mcopy", "-i", i, archInfo.toString(), "::/a directory with a long name/copy of arch_info.bin");
        final List<Path> fillers = new ArrayList<>();
        for (int k = 0; k < FILLER_FILES; k++)
        {
            final Path f = dir.resolve("filler number " + k + " with a long name.dat");
            Files.write(f, new byte[FILLER_BYTES]);
            fillers.add(f);
            tool("mtools", "mcopy", "-i", i, f.toString(), "::/");
        }
        // fill the rest of the volume (but a few clusters the root directory may grow into), then delete every
        // other filler: the free clusters are then mostly 6 holes of 40
        final long free = freeBytes(i) - 8 * 512;
        final Path rest = dir.resolve("rest.dat");
        try (var ch = java.nio.channels.FileChannel.open(rest, java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE))
        {
            ch.truncate(0);
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {1}), free - 1);
        }
        tool("mtools", "mcopy", "-i", i, rest.toString(), "::/");
        for (int k = 1; k < FILLER_FILES; k += 2)
        {
            tool("mtools", "mdel", "-i", i, "::/" + fillers.get(k).getFileName());
        }
        tool("mtools", "mcopy", "-i", i, kernelFile.toString(), "::/kernel.elf");
        tool("mtools", "mcopy", "-i", i, archInfo.toString(), "::/arch_info.bin");
        assertEquals(0, Tools.run("dosfstools", "fsck.fat", "-n", i).status());

        final List<Long> clusters;
        try (Fat32Reader r = Fat32Reader.open(img))
        {
            clusters = r.clusters(DiskLayout.KERNEL_FILE);
        }
        int gaps = 0;
        for (int k = 1; k < clusters.size(); k++)
        {
            gaps += clusters.get(k) != clusters.get(k - 1) + 1 ? 1 : 0;
        }
        assertTrue(gaps >= 3, "kernel.elf should be fragmented, its clusters: " + clusters);

        // without boot.elf it does not boot, and says why; install-boot writes it
        final CliRun none = smpboot("boot", "--disk", i);
        assertEquals(2, none.status(), none.err());
        assertTrue(none.err().contains("no boot.elf raw at block 2048 (install one: smpboot disk install-boot"),
            none.err());
        final CliRun install = smpboot("disk", "install-boot", i);
        assertEquals(0, install.status(), install.err());
        assertTrue(install.out().startsWith("disk: wrote boot.elf (built-in, layout almos-mkh, "), install.out());
        assertEquals(0, Tools.run("dosfstools", "fsck.fat", "-n", i).status(), "install-boot touches no file");

        // the host reads the same bytes the user copied
        assertArrayEquals(kernel, UserDisk.read(img).images().kernelFile());

        final Path out = dir.resolve("out");
        final CliRun boot = smpboot("boot", "--disk", i, "--out", out.toString());
        assertEquals(0, boot.status(), boot.err() + boot.out());
        assertTrue(boot.out().startsWith("boot: smpboot_1_2_2, 1x2 clusters, 4 cores,"), boot.out());
        assertTrue(boot.out().contains("FAT32 volume 'MINE'"), boot.out());
        assertTrue(boot.out().contains("boot complete: 4/4 cores entered kernel_init"), boot.out());
        final JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        int kernels = 0;
        boolean loaded = false;
        for (final JsonNode map : report.get("memory_maps"))
        {
            for (final JsonNode zone : map.get("zones"))
            {
                for (final JsonNode held : zone.get("holds"))
                {
                    // the memory maps compare each zone with the file's bytes, whole
                    loaded |= map.get("phase").asText().equals("phase 2") && held.asText().equals("kernel.elf file");
                    kernels += map.get("phase").asText().equals("phase 4") && held.asText().equals("kernel " +
                        "kcode+kdata") ? 1 : 0;
                }
            }
        }
        assertTrue(loaded, "kernel.elf read through the FAT chain into its zone");
        assertEquals(2, kernels, "every cluster holds the kernel after phase 4");
    }

    @Test
    void aVolumeWhoseReservedSectorsCannotHoldBootElfIsRefusedInOneLine() throws Exception
    {
        final Path img = dir.resolve("plain.img");
        tool("dosfstools", "mkfs.fat", "-F", "32", "-C", img.toString(), "40960");
        final byte[] before = Files.readAllBytes(img);
        final CliRun r = smpboot("disk", "install-boot", img.toString());
        assertEquals(2, r.status(), r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("its reserved sectors (BPB_RsvdSecCnt at byte 14: 32 of 512 bytes) end at " +
            "byte 16384; boot.elf goes raw at blocks 2048..4095, up to byte 2097152: make the volume with mkfs.fat " +
            "-F 32 -R 4096"), r.err());
        assertArrayEquals(before, Files.readAllBytes(img), "nothing written");
        final CliRun notFat = smpboot("disk", "install-boot", dir.resolve("nothing.img").toString());
        assertEquals(2, notFat.status());
        assertTrue(notFat.err().contains("nothing.img: no such file"), notFat.err());
    }

    @Test
    void archInfoBootsTheGivenPlatformOnTheDiskItBuilds() throws Exception
    {
        final Path archInfo = dir.resolve("a.bin");
        assertEquals(0, smpboot("archinfo", "make", "--clusters", "2x1", "--cores", "1", "--out", archInfo.toString())
            .status());
        final CliRun r = smpboot("boot", "--arch-info", archInfo.toString());
        assertEquals(0, r.status(), r.err() + r.out());
        assertTrue(r.out().startsWith("boot: smpboot_2_1_1, 2x1 clusters, 2 cores,"), r.out());
        assertTrue(r.out().contains("boot complete: 2/2 cores entered kernel_init"), r.out());
        final CliRun both = smpboot("boot", "--arch-info", archInfo.toString(), "--cores", "2");
        assertEquals(2, both.status());
        assertEquals("smpboot boot: --arch-info and the platform flags exclude each other: the platform is the one " +
            "arch_info.bin describes", both.err().strip());
        Files.write(archInfo, new byte[] {1, 2, 3});
        final CliRun bad = smpboot("boot", "--arch-info", archInfo.toString());
        assertEquals(2, bad.status());
        assertEquals(1, bad.err().lines().count(), bad.err());
        assertTrue(bad.err().startsWith("smpboot boot: --arch-info " + archInfo + ": "), bad.err());
    }

    private static void tool(final String pkg, final String tool, final String... args)
        throws IOException, InterruptedException
    {
        final Tools.Run r = Tools.run(pkg, tool, args);
        assertEquals(0, r.status(), tool + " " + String.join(" ", args) + ": " + r.output());
    }

    private static long freeBytes(final String img) throws IOException, InterruptedException
    {
        final Tools.Run r = Tools.run("mtools", "mdir", "-i", img, "::/");
        final Matcher m = Pattern.compile("([\\d ]+) bytes free").matcher(r.output());
        assertTrue(m.find(), r.output());
        return Long.parseLong(m.group(1).replace(" ", ""));
    }
}
