package org.smpboot.sim.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.smpboot.sim.boot.BootImages;
import org.smpboot.sim.image.BlockSource;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.image.DefaultImages;
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
    private static final byte[] BOOT_ELF = ElfWriter.write(DefaultImages.boot(BootLayout.ALMOS_MKH));

    static
    {
        try
        {
            final BootImages images = BootImages.builtIn(PlatformBuilder.build(PlatformSpec.defaults()),
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
    }

    @Provide
    Arbitrary<Overlay> disk()
    {
        final Arbitrary<Long> offset = Arbitraries.integers().between(0, REGIONS.length - 1).flatMap(r ->
            Arbitraries.longs().between(REGIONS[r][0], REGIONS[r][0] + REGIONS[r][1] - 1));
        final Arbitrary<Byte> value = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.bytes()),
            Tuple.of(1, Arbitraries.of((byte)0, (byte)0xFF, (byte)0x0F, (byte)1, (byte)2)));
        return Arbitraries.maps(offset, value).ofMinSize(1).ofMaxSize(8).map(Overlay::new);
    }

    @Property(seed = "20261121")
    void aMutatedDiskReadsOrFailsWithOneLine(@ForAll("disk") final Overlay disk)
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

    @Provide
    Arbitrary<byte[]> bootElf()
    {
        final Arbitrary<Integer> offset = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.integers().between(0, 0xFF)),
            Tuple.of(1, Arbitraries.integers().between(0, BOOT_ELF.length - 1)));
        final Arbitrary<int[]> edit = Combinators.combine(offset, Arbitraries.integers().between(0, 255))
            .as((o, v) -> new int[] {o, v});
        final Arbitrary<Integer> length = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(BOOT_ELF.length)),
            Tuple.of(1, Arbitraries.integers().between(0, BOOT_ELF.length)));
        return Combinators.combine(edit.list().ofMinSize(1).ofMaxSize(6), length).as((edits, n) ->
        {
            final byte[] b = java.util.Arrays.copyOf(BOOT_ELF, n);
            edits.stream().filter(e -> e[0] < b.length).forEach(e -> b[e[0]] = (byte)e[1]);
            return b;
        });
    }

    @Property(seed = "20261121")
    void aMutatedBootElfParsesOrFailsWithOneLine(@ForAll("bootElf") final byte[] file)
    {
        Outcomes.resultOrClearError(Duration.ofSeconds(5), () -> ElfReader.read(file), ImageFormatException.class);
        Outcomes.resultOrClearError(Duration.ofSeconds(5), () -> ElfReader.extent(file), ImageFormatException.class);
    }
}
