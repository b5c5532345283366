package org.smpboot.sim.fuzz;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;
import org.smpboot.sim.image.ArchInfo;
import org.smpboot.sim.image.ArchInfoReader;
import org.smpboot.sim.image.ArchInfoWriter;
import org.smpboot.sim.image.PlatformDtb;
import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformDescription;
import org.smpboot.sim.platform.PlatformSpec;

/**
 * Platform descriptions (the JSON files of {@code --description}): objects of known keys with values in and out of
 * range, of the wrong kind, and unknown keys. A description is a valid spec or an {@link IllegalArgumentException}
 * naming the problem in one line; a valid spec builds a platform whose arch_info.bin reads back to it and whose DTB
 * export is a well-formed flattened device tree.
 */
class PlatformFuzzTest
{
    private static final List<String> KEYS = List.of("preset", "x_size", "y_size", "cores", "ttys", "ioc", "fbf_size",
        "nics", "io_cluster", "x_width", "y_width", "p_width", "coreless");
    private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /** Mostly small numbers, where the limits are; now and then any int, a name, a pair, pairs, another kind. */
    private static Gen<Object> value()
    {
        final Gen<Object> small = SourceDSL.integers().between(-2, 18).map(i -> (Object)i);
        final Gen<Object> pair = SourceDSL.lists().of(small).ofSizeBetween(0, 3).map(l -> (Object)l);
        return Generate.frequency(
            Pair.of(10, small),
            Pair.of(1, SourceDSL.integers().all().map(i -> (Object)i)),
            Pair.of(2, SourceDSL.arbitrary().pick("default", "leti", "BDV", "HBA", "SDC", "xyz", "", "4")
                .map(v -> (Object)v)),
            Pair.of(2, pair),
            Pair.of(2, SourceDSL.lists().of(pair).ofSizeBetween(0, 4).map(l -> (Object)l)),
            Pair.of(1, SourceDSL.arbitrary().pick(List.<Object>of(true, false, 1.5))));
    }

    /** Up to 6 keys, mostly known ones, now and then a word of letters. */
    private static Gen<Map<String, Object>> description()
    {
        final Gen<String> key = Generate.frequency(Pair.of(12, SourceDSL.arbitrary().pick(KEYS)),
            Pair.of(1, Fuzz.strings(LETTERS, 6)));
        return Fuzz.maps(key, value(), 0, 6);
    }

    @Test
    void aDescriptionIsASpecOrOneLineNamingTheProblem()
    {
        final ObjectMapper json = new ObjectMapper();
        Fuzz.qt().forAll(description()).checkAssert(d -> readAndCheck(assertDoesNotThrow(() ->
            json.writeValueAsString(d))));
    }

    /** Mostly JSON's punctuation, digits and the letters of the keys; now and then any characters. */
    private static Gen<String> text()
    {
        return Generate.frequency(
            Pair.of(3, Fuzz.strings("{}[]:,\"0123456789 x_sizecorespreset-.", 40)),
            Pair.of(1, SourceDSL.strings().allPossible().ofLengthBetween(0, 20)));
    }

    @Test
    void aMalformedDescriptionIsOneLine()
    {
        Fuzz.qt().forAll(text()).checkAssert(PlatformFuzzTest::readAndCheck);
    }

    /** Reads a description file of this text: a valid spec must build, read back and export. */
    private static void readAndCheck(final String text)
    {
        final Path file = assertDoesNotThrow(() -> Files.createTempFile("fuzz-platform", ".json"));
        try
        {
            // as UTF-8 bytes: a lone surrogate of the generated text becomes '?' where writeString would refuse it
            assertDoesNotThrow(() -> Files.write(file, text.getBytes(StandardCharsets.UTF_8)));
            final PlatformSpec spec = Outcomes.resultOrClearError(Duration.ofSeconds(5), () ->
                PlatformDescription.read(file), IllegalArgumentException.class);
            if (spec != null)
            {
                checkPlatform(spec);
            }
        }
        finally
        {
            assertDoesNotThrow(() -> Files.deleteIfExists(file));
        }
    }

    /** Widths of 1 to 4 bits for x and y, 0 to 4 for the core index; a mesh, cores, ttys, nics, fbf within them. */
    private static Gen<PlatformSpec> spec()
    {
        final Gen<int[]> widths = SourceDSL.integers().between(1, 4).zip(SourceDSL.integers().between(1, 4),
            SourceDSL.integers().between(0, 4), (x, y, p) -> new int[] {x, y, p});
        return widths.flatMap(w -> SourceDSL.integers().between(1, Math.min(4, 1 << w[0])).zip(
            SourceDSL.integers().between(1, Math.min(4, 1 << w[1])), SourceDSL.integers().between(1, 1 << w[2]),
            (x, y, c) -> new int[] {x, y, c}).zip(SourceDSL.integers().between(1, 8),
            SourceDSL.integers().between(0, 2), SourceDSL.arbitrary().pick(0, 64, 128), (xyc, t, n, f) ->
            new PlatformSpec(xyc[0], xyc[1], xyc[2], t, DeviceType.IOC_BDV, f, n, xyc[0] - 1, xyc[1] - 1, w[0], w[1],
            w[2], List.of())));
    }

    @Test
    void everyValidSpecBuildsReadsBackAndExportsAWellFormedDtb()
    {
        Fuzz.qt(300).forAll(spec()).checkAssert(spec -> checkPlatform(spec.validate()));
    }

    private static void checkPlatform(final PlatformSpec spec)
    {
        final Platform p = Outcomes.resultOrClearError(Duration.ofSeconds(10), () -> PlatformBuilder.build(spec),
            IllegalArgumentException.class);
        if (p == null)
        {
            return; // a spec the builder refuses with one line (e.g. more devices than a cluster holds)
        }
        final ArchInfo back = assertDoesNotThrow(() -> ArchInfoReader.read("built", ArchInfoWriter.write(p)),
            "arch_info.bin of a built platform");
        assertEquals(ArchInfo.of(p), back, "arch_info.bin does not read back to the platform it was written from");
        final byte[] dtb = PlatformDtb.export(back);
        final ByteBuffer b = ByteBuffer.wrap(dtb); // big-endian, as FDT is
        assertEquals(0xD00D_FEED, b.getInt(0), "FDT magic");
        assertEquals(dtb.length, b.getInt(4), "totalsize");
        final int structOff = b.getInt(8);
        final int stringsOff = b.getInt(12);
        final int structSize = b.getInt(36);
        assertTrue(structOff > 0 && structOff + structSize <= dtb.length && stringsOff <= dtb.length, "block offsets");
        assertEquals(1, b.getInt(structOff), "the structure block begins with FDT_BEGIN_NODE");
        assertEquals(9, b.getInt(structOff + structSize - 4), "the structure block ends with FDT_END");
    }
}
