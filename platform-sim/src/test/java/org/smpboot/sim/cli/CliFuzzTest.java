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

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;
import org.smpboot.sim.fuzz.Fuzz;
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

    private static Gen<String> value()
    {
        return Generate.frequency(
            Pair.of(6, SourceDSL.integers().between(-1, 17).map(i -> String.valueOf(i))),
            Pair.of(1, SourceDSL.arbitrary().pick("99999999999", "0x10", "1.5", "-0", "abc", "")),
            Pair.of(3, SourceDSL.arbitrary().pick("2x2", "1x1", "0x3", "17x1", "2x", "x", "1,1", "0,0", "3,9", ",",
                "a,b")),
            Pair.of(2, SourceDSL.arbitrary().pick("default", "leti", "nope", "BDV", "HBA", "almos-mk", "almos-mkh",
                "elected", "tsar", "LABEL", "WAY_TOO_LONG_LABEL")),
            Pair.of(3, SourceDSL.arbitrary().pick(PATHS.subList(0, 4))));
    }

    private static Gen<List<String>> imageCommand()
    {
        final Gen<List<String>> command = SourceDSL.arbitrary().pick(List.of(List.of("archinfo", "make"),
            List.of("archinfo", "dump"), List.of("archinfo", "export-dtb"), List.of("disk", "make"),
            List.of("disk", "list"), List.of("archinfo"), List.of("disk"), List.of("nonsense")));
        final List<String> flags = new ArrayList<>(PLATFORM_FLAGS);
        flags.addAll(List.of("--size-mb", "--layout", "--label", "--bogus", "--version", "-h"));
        // file options take paths in the test's directory only: a fuzzed value must not write in the working directory
        final List<String> files = List.of("--out", "--boot", "--kernel", "--arch-info", "--description");
        final Gen<List<String>> pair = Generate.oneOf(
            SourceDSL.arbitrary().pick(flags).zip(value(), (f, v) -> List.of(f, v)),
            SourceDSL.arbitrary().pick(files).zip(SourceDSL.arbitrary().pick(PATHS), (f, v) -> List.of(f, v)));
        final Gen<List<String>> token = Generate.frequency(Pair.of(8, pair),
            Pair.of(1, value().map(v -> List.of(v))),
            Pair.of(1, SourceDSL.arbitrary().pick(files).map(v -> List.of(v))),
            Pair.of(1, SourceDSL.arbitrary().pick(flags).map(v -> List.of(v))));
        return command.zip(SourceDSL.lists().of(token).ofSizeBetween(0, 6), (c, ts) ->
        {
            final List<String> args = new ArrayList<>(c);
            ts.forEach(args::addAll);
            return args;
        });
    }

    @Test
    void anImageCommandLineEndsWithAClearStatus()
    {
        Fuzz.qt().forAll(imageCommand()).checkAssert(args -> check(args, Duration.ofSeconds(30)));
    }

    private static Gen<List<String>> bootCommand()
    {
        final Gen<List<String>> platform = SourceDSL.arbitrary().pick(List.of(List.of("--clusters", "1x1", "--cores",
            "2"), List.of("--clusters", "2x1", "--cores", "2"), List.of("--clusters", "2x2", "--cores", "1"),
            List.of("--clusters", "1x1", "--cores", "0"), List.of("--clusters", "2x2", "--coreless", "1,1")));
        final Gen<List<String>> option = Generate.oneOf(
            SourceDSL.arbitrary().pick("zero", "5a", "a5", "random:7", "word:0x0123456789abcdef", "magic1", "magic2",
                "keep", "word:zz").map(v -> List.of("--fill", v)),
            SourceDSL.arbitrary().pick("elected", "tsar", "other").map(v -> List.of("--flavor", v)),
            SourceDSL.arbitrary().pick("almos-mk", "almos-mkh", "x").map(v -> List.of("--layout", v)),
            SourceDSL.arbitrary().pick("dead-core:0x001", "dead-core:0x004", "dead-cluster:0x10", "slow-core:0x001:20",
                "bad-bank:0x10", "corrupt-archinfo:3", "corrupt-archinfo:40:0x01", "lost-ipi:0x001", "kill-core:0x001",
                "dead-core:0x999", "meltdown:1", "slow-core:1").map(v -> List.of("--fault", v)),
            SourceDSL.arbitrary().pick("1", "500", "0", "99999999").map(v -> List.of("--wake-deadline", v)),
            SourceDSL.arbitrary().pick("0", "2", "-1").map(v -> List.of("--ticks", v)));
        return platform.zip(SourceDSL.lists().of(option).ofSizeBetween(0, 3), (p, os) ->
        {
            final List<String> args = new ArrayList<>(List.of("boot", "--timeout", "8", "--watchdog", "3"));
            args.addAll(p);
            os.forEach(args::addAll);
            return args;
        });
    }

    @Test
    void aBootCommandLineEndsWithAClearStatus()
    {
        Fuzz.qt(12).forAll(bootCommand()).checkAssert(args -> check(args, Duration.ofSeconds(60)));
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
