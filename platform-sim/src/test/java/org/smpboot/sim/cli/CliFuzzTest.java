package org.smpboot.sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Assertions;
import org.smpboot.sim.image.ArchInfoWriter;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;

/**
 * Command lines, fuzzed: the image commands with any mix of their flags and of values good and bad (numbers out of
 * range, malformed meshes, missing, garbage and valid files, directories), and a few whole boots with random platform,
 * fill, flavor, layout and fault arguments. Every one ends within a bound with exit 0, 1 or 2; a failure says so on
 * standard error, first line naming the command, no stack trace, no bare exception; bad input (2) is exactly one line.
 */
class CliFuzzTest
{
    private static final Path DIR;
    private static final List<String> PATHS;

    static
    {
        try
        {
            DIR = Files.createTempDirectory("smpboot-cli-fuzz");
            final Path valid = DIR.resolve("arch_info.bin");
            Files.write(valid, ArchInfoWriter.write(PlatformBuilder.build(PlatformSpec.defaults())));
            final Path garbage = DIR.resolve("garbage.bin");
            Files.write(garbage, new byte[] {0x7f, 'E', 'L', 'F', 1, 2, 3});
            final Path json = DIR.resolve("desc.json");
            Files.writeString(json, "{\"x_size\": 3, \"cores\": 2}");
            PATHS = List.of(valid.toString(), garbage.toString(), json.toString(), DIR.toString(),
                DIR.resolve("out.bin").toString(), DIR.resolve("missing/deeper/x.bin").toString());
        }
        catch (final IOException e)
        {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final List<String> PLATFORM_FLAGS = List.of("--preset", "--description", "--clusters", "--x-size",
        "--y-size", "--cores", "--ttys", "--ioc", "--fbf-size", "--nics", "--io-cluster", "--x-width", "--y-width",
        "--p-width", "--coreless");

    private static Arbitrary<String> value()
    {
        return Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.integers().between(-1, 17).map(String::valueOf)),
            Tuple.of(1, Arbitraries.of("99999999999", "0x10", "1.5", "-0", "abc", "")),
            Tuple.of(3, Arbitraries.of("2x2", "1x1", "0x3", "17x1", "2x", "x", "1,1", "0,0", "3,9", ",", "a,b")),
            Tuple.of(2, Arbitraries.of("default", "leti", "nope", "BDV", "HBA", "almos-mk", "almos-mkh", "elected",
                "tsar", "LABEL", "WAY_TOO_LONG_LABEL")),
            Tuple.of(3, Arbitraries.of(PATHS.subList(0, 4))));
    }

    @Provide
    Arbitrary<List<String>> imageCommand()
    {
        final Arbitrary<List<String>> command = Arbitraries.of(List.of("archinfo", "make"), List.of("archinfo", "dump"),
            List.of("archinfo", "export-dtb"), List.of("disk", "make"), List.of("disk", "list"), List.of("archinfo"),
            List.of("disk"), List.of("nonsense"));
        final List<String> flags = new ArrayList<>(PLATFORM_FLAGS);
        flags.addAll(List.of("--size-mb", "--layout", "--label", "--bogus", "--version", "-h"));
        // file options take paths in the test's directory only: a fuzzed value must not write in the working directory
        final List<String> files = List.of("--out", "--boot", "--kernel", "--arch-info", "--description");
        final Arbitrary<List<String>> pair = Arbitraries.oneOf(
            Combinators.combine(Arbitraries.of(flags), value()).as((f, v) -> List.of(f, v)),
            Combinators.combine(Arbitraries.of(files), Arbitraries.of(PATHS)).as((f, v) -> List.of(f, v)));
        final Arbitrary<List<String>> token = Arbitraries.frequencyOf(Tuple.of(8, pair),
            Tuple.of(1, value().map(List::of)), Tuple.of(1, Arbitraries.of(files).map(List::of)),
            Tuple.of(1, Arbitraries.of(flags).map(List::of)));
        return Combinators.combine(command, token.list().ofMaxSize(6)).as((c, ts) ->
        {
            final List<String> args = new ArrayList<>(c);
            ts.forEach(args::addAll);
            return args;
        });
    }

    @Property(seed = "20261121")
    void anImageCommandLineEndsWithAClearStatus(@ForAll("imageCommand") final List<String> args)
    {
        check(args, Duration.ofSeconds(30));
    }

    @Provide
    Arbitrary<List<String>> bootCommand()
    {
        final Arbitrary<List<String>> platform = Arbitraries.of(List.of("--clusters", "1x1", "--cores", "2"),
            List.of("--clusters", "2x1", "--cores", "2"), List.of("--clusters", "2x2", "--cores", "1"),
            List.of("--clusters", "1x1", "--cores", "0"), List.of("--clusters", "2x2", "--coreless", "1,1"));
        final Arbitrary<List<String>> option = Arbitraries.oneOf(
            Arbitraries.of("zero", "5a", "a5", "random:7", "word:0x0123456789abcdef", "magic1", "magic2", "keep",
                "word:zz").map(v -> List.of("--fill", v)),
            Arbitraries.of("elected", "tsar", "other").map(v -> List.of("--flavor", v)),
            Arbitraries.of("almos-mk", "almos-mkh", "x").map(v -> List.of("--layout", v)),
            Arbitraries.of("dead-core:0x001", "dead-core:0x004", "dead-cluster:0x10", "slow-core:0x001:20",
                "bad-bank:0x10", "corrupt-archinfo:3", "corrupt-archinfo:40:0x01", "lost-ipi:0x001", "kill-core:0x001",
                "dead-core:0x999", "meltdown:1", "slow-core:1").map(v -> List.of("--fault", v)),
            Arbitraries.of("1", "500", "0", "99999999").map(v -> List.of("--wake-deadline", v)),
            Arbitraries.of("0", "2", "-1").map(v -> List.of("--ticks", v)));
        return Combinators.combine(platform, option.list().ofMaxSize(3)).as((p, os) ->
        {
            final List<String> args = new ArrayList<>(List.of("boot", "--timeout", "8", "--watchdog", "3"));
            args.addAll(p);
            os.forEach(args::addAll);
            return args;
        });
    }

    @Property(tries = 12, seed = "20261121")
    void aBootCommandLineEndsWithAClearStatus(@ForAll("bootCommand") final List<String> args)
    {
        check(args, Duration.ofSeconds(60));
    }

    private static void check(final List<String> args, final Duration bound)
    {
        final CliRun r = Assertions.assertTimeoutPreemptively(bound, () ->
            CliRun.smpboot(args.toArray(String[]::new)), "hung: " + args);
        assertTrue(r.status() >= 0 && r.status() <= 2, args + " exit " + r.status());
        if (r.status() == 0)
        {
            return;
        }
        final String first = r.err().lines().findFirst().orElse("");
        assertTrue(first.startsWith("smpboot"), args + ": the first error line names the command: " + r.err());
        assertFalse(r.err().contains("\tat ") || r.err().matches("(?s).*(Exception|Error)(:|$).*") ||
            first.endsWith(": null"), args + ": a bare exception:\n" + r.err());
        if (r.status() == 2)
        {
            assertEquals(1, r.err().lines().count(), args + ": bad input is one line:\n" + r.err());
        }
    }
}
