package org.smpboot.sim.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;
import org.smpboot.sim.TestImages;
import org.smpboot.sim.image.BlockSource;
import org.smpboot.sim.image.BootImages;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.image.DiskLayout;
import org.smpboot.sim.image.ElfReader;
import org.smpboot.sim.image.ElfWriter;
import org.smpboot.sim.image.Fat32Geometry;
import org.smpboot.sim.image.Fat32Reader;
import org.smpboot.sim.image.Fat32Writer;
import org.smpboot.sim.image.FatEntry;
import org.smpboot.sim.image.ImageFormatException;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;

/**
 * Disk images, mutated: a valid boot disk (FAT32 with arch_info.bin and kernel.elf, boot.elf raw at its block) with
 * bytes changed where the structures are (boot sector, FSInfo, the FATs, the root directory, boot.elf's header), and
 * boot.elf alone with bytes changed. Opening, listing, reading every file and the raw boot.elf, then parsing it, give a
 * result or one of our errors ({@link IOException}, {@link ImageFormatException}, or {@link IllegalArgumentException}
 * for a missing file) with a one-line message, within a bound: a looping cluster chain must not hang the reader.
 */
class DiskFuzzTest
{
    private static final byte[] DISK;
    private static final long[][] REGIONS;
    private static final byte[] BOOT_ELF = ElfWriter.write(TestImages.boot(BootLayout.ALMOS_MKH));

    static
    {
        try
        {
            final BootImages images = TestImages.builtIn(PlatformBuilder.build(PlatformSpec.defaults()),
                BootLayout.ALMOS_MKH);
            final Path file = Files.createTempFile("fuzz-disk", ".img");
            final Map<String, byte[]> files = new LinkedHashMap<>();
            files.put(DiskLayout.ARCH_INFO_FILE, images.archInfoFile());
            files.put(DiskLayout.KERNEL_FILE, images.kernelFile());
            final Fat32Geometry g = Fat32Writer.write(file, DiskLayout.MIN_SIZE_MB, DiskLayout.LABEL, images.bootFile(),
                files);
            DISK = Files.readAllBytes(file);
            Files.delete(file);
            final long fat = (long)g.reservedSectors() * g.bytesPerSector();
            REGIONS = new long[][] {{0, 512}, {512, 512}, {6 * 512, 512}, {fat, 4096},
                {g.fatEntryOffset(1, 0), 4096}, {g.dataStart(), 2048},
                {(long)DiskLayout.BOOT_ELF_BLOCK * DiskLayout.BLOCK_SIZE, 256}};
        }
        catch (final IOException e)
        {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The valid disk with a few bytes overlaid, without copying its megabytes for every input. */
    private record Overlay(Map<Long, Byte> edits) implements BlockSource
    {
        @Override
        public long length()
        {
            return DISK.length;
        }

        @Override
        public int read(final long position, final byte[] dst, final int at, final int n)
        {
            if (position >= DISK.length)
            {
                return -1;
            }
            final int count = (int)Math.min(n, DISK.length - position);
            System.arraycopy(DISK, (int)position, dst, at, count);
            edits.forEach((o, v) ->
            {
                if (o >= position && o < position + count)
                {
                    dst[at + (int)(o - position)] = v;
                }
            });
            return count;
        }

        @Override
        public void close()
        {
        }

        @Override
        public String toString()
        {
            final StringBuilder b = new StringBuilder("disk with");
            edits.forEach((o, v) -> b.append(String.format(" [0x%x]=0x%02x", o, v)));
            return b.toString();
        }
    }

    /** 1 to 8 bytes set in the structures' regions, to any value, often to a telling one. */
    private static Gen<Overlay> disk()
    {
        final Gen<Long> offset = SourceDSL.integers().between(0, REGIONS.length - 1).flatMap(r ->
            SourceDSL.longs().between(REGIONS[r][0], REGIONS[r][0] + REGIONS[r][1] - 1));
        final Gen<Byte> value = Generate.frequency(
            Pair.of(3, SourceDSL.integers().between(Byte.MIN_VALUE, Byte.MAX_VALUE).map(Integer::byteValue)),
            Pair.of(1, SourceDSL.arbitrary().pick((byte)0, (byte)0xFF, (byte)0x0F, (byte)1, (byte)2)));
        return Fuzz.maps(offset, value, 1, 8).map(Overlay::new);
    }

    @Test
    void aMutatedDiskReadsOrFailsWithOneLine()
    {
        Fuzz.qt().forAll(disk()).checkAssert(DiskFuzzTest::readsOrFailsWithOneLine);
    }

    private static void readsOrFailsWithOneLine(final Overlay disk)
    {
        Outcomes.resultOrClearError(Duration.ofSeconds(10), () ->
        {
            try (Fat32Reader fat = Fat32Reader.open(disk))
            {
                assertNotNull(fat.label());
                final List<FatEntry> entries = fat.list();
                for (final FatEntry e : entries)
                {
                    if (!e.directory())
                    {
                        Outcomes.resultOrClearError(Duration.ofSeconds(10), () -> fat.readFile(e.name()),
                            IOException.class, ImageFormatException.class, IllegalArgumentException.class);
                    }
                }
                final byte[] raw = fat.rawBootElf().orElse(null);
                if (raw != null)
                {
                    Outcomes.resultOrClearError(Duration.ofSeconds(5), () -> ElfReader.read(raw),
                        ImageFormatException.class);
                }
                return entries;
            }
        }, IOException.class, ImageFormatException.class, IllegalArgumentException.class);
    }

    /** 1 to 6 bytes set, mostly in the ELF and program headers; now and then truncated. */
    private static Gen<Mutation> bootElf()
    {
        final Gen<Integer> offset = Generate.frequency(Pair.of(4, SourceDSL.integers().between(0, 0xFF)),
            Pair.of(1, SourceDSL.integers().between(0, BOOT_ELF.length - 1)));
        final Gen<Integer> length = Generate.frequency(Pair.of(6, Generate.constant(BOOT_ELF.length)),
            Pair.of(1, SourceDSL.integers().between(0, BOOT_ELF.length)));
        return Mutation.of(BOOT_ELF, offset, length);
    }

    @Test
    void aMutatedBootElfParsesOrFailsWithOneLine()
    {
        Fuzz.qt().forAll(bootElf()).checkAssert(m -> parsesOrFailsWithOneLine(m.bytes()));
    }

    private static void parsesOrFailsWithOneLine(final byte[] file)
    {
        Outcomes.resultOrClearError(Duration.ofSeconds(5), () -> ElfReader.read(file), ImageFormatException.class);
        Outcomes.resultOrClearError(Duration.ofSeconds(5), () -> ElfReader.extent(file), ImageFormatException.class);
    }
}
