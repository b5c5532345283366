package org.smpboot.sim.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.smpboot.sim.image.ArchInfoException;
import org.smpboot.sim.image.ArchInfoReader;
import org.smpboot.sim.image.ArchInfoWriter;
import org.smpboot.sim.image.PlatformDtb;
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

    @Provide
    Arbitrary<Object> value()
    {
        final Arbitrary<Object> small = Arbitraries.integers().between(-2, 18).map(i -> (Object)i);
        final Arbitrary<Object> pair = small.list().ofMinSize(0).ofMaxSize(3).map(l -> (Object)l);
        return Arbitraries.frequencyOf(
            Tuple.of(10, small),
            Tuple.of(1, Arbitraries.integers().map(i -> (Object)i)),
            Tuple.of(2, Arbitraries.of("default", "leti", "BDV", "HBA", "SDC", "xyz", "", "4").map(s -> (Object)s)),
            Tuple.of(2, pair),
            Tuple.of(2, pair.list().ofMaxSize(4).map(l -> (Object)l)),
            Tuple.of(1, Arbitraries.of(true, false, 1.5).map(v -> (Object)v)));
    }

    @Provide
    Arbitrary<Map<String, Object>> description()
    {
        final Arbitrary<String> key = Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.of(KEYS)),
            Tuple.of(1, Arbitraries.strings().alpha().ofMaxLength(6)));
        return Arbitraries.maps(key, value()).ofMaxSize(6);
    }

    @Property(seed = "20261121")
    void aDescriptionIsASpecOrOneLineNamingTheProblem(@ForAll("description") final Map<String, Object> json)
        throws Exception
    {
        readAndCheck(new ObjectMapper().writeValueAsString(json));
    }

    @Property(seed = "20261121")
    void aMalformedDescriptionIsOneLine(@ForAll("text") final String text) throws Exception
    {
        readAndCheck(text);
    }

    /** Reads a description file of this text: a valid spec must build, read back and export. */
    private static void readAndCheck(final String text) throws Exception
    {
        final Path file = Files.createTempFile("fuzz-platform", ".json");
        try
        {
            Files.writeString(file, text);
            final PlatformSpec spec = Outcomes.resultOrClearError(Duration.ofSeconds(5), () ->
                PlatformDescription.read(file), IllegalArgumentException.class);
            if (spec != null)
            {
                checkPlatform(spec);
            }
        }
        finally
        {
            Files.deleteIfExists(file);
        }
    }

    @Provide
    Arbitrary<String> text()
    {
        return Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.strings().withChars("{}[]:,\"0123456789 x_sizecorespreset-.").ofMaxLength(40)),
            Tuple.of(1, Arbitraries.strings().ofMaxLength(20)));
    }

    @Provide
    Arbitrary<PlatformSpec> spec()
    {
        final Arbitrary<int[]> widths = Combinators.combine(Arbitraries.integers().between(1, 4),
            Arbitraries.integers().between(1, 4), Arbitraries.integers().between(0, 4)).as((x, y, p) -> new int[] {x, y,
            p});
        return widths.flatMap(w -> Combinators.combine(Arbitraries.integers().between(1, Math.min(4, 1 << w[0])),
            Arbitraries.integers().between(1, Math.min(4, 1 << w[1])), Arbitraries.integers().between(1, 1 << w[2]),
            Arbitraries.integers().between(1, 8), Arbitraries.integers().between(0, 2),
            Arbitraries.of(0, 64, 128)).as((x, y, c, t, n, f) -> new PlatformSpec(x, y, c, t,
            org.smpboot.sim.platform.DeviceType.IOC_BDV, f, n, x - 1, y - 1, w[0], w[1], w[2], List.of())));
    }

    @Property(tries = 300, seed = "20261121")
    void everyValidSpecBuildsReadsBackAndExportsAWellFormedDtb(@ForAll("spec") final PlatformSpec spec)
        throws Exception
    {
        checkPlatform(spec.validate());
    }

    private static void checkPlatform(final PlatformSpec spec) throws ArchInfoException
    {
        final Platform p = Outcomes.resultOrClearError(Duration.ofSeconds(10), () -> PlatformBuilder.build(spec),
            IllegalArgumentException.class);
        if (p == null)
        {
            return; // a spec the builder refuses with one line (e.g. more devices than a cluster holds)
        }
        final Platform back = ArchInfoReader.read("built", ArchInfoWriter.write(p));
        assertEquals(p, back, "arch_info.bin does not read back to the platform it was written from");
        final byte[] dtb = PlatformDtb.export(p);
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
