package org.smpboot.sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Every option of every command, given bad values: each is exit 2 and one line on standard error, naming the option,
 * and repeating at most about 80 characters of what the user typed. The sweep walks picocli's model of the whole
 * command line, so an option added without bad values listed here fails the sweep until it is.
 */
class BadInputSweepTest
{
    /** A value far too long to repeat: the error may quote at most {@link UserInput#CLIP} characters of it. */
    private static final String LONG = "Q".repeat(5000);
    /** Options that take no value and are bad on their own in no combination the command's defaults make. */
    private static final List<String> FREE_FLAGS = List.of("--stop-at-first", "--quiet", "--verbose", "--require-all", "--help",
        "--version");

    @TempDir
    static Path tmp;

    private static Path dir;
    private static Path junk;
    private static Path badJson;
    private static Path longJson;
    private static Path script;
    private static Path image;

    @BeforeAll
    static void files() throws IOException
    {
        dir = Files.createDirectories(tmp.resolve("a directory"));
        junk = Files.writeString(tmp.resolve("junk.bin"), "not what it should be");
        badJson = Files.writeString(tmp.resolve("bad.json"), "{");
        longJson = Files.writeString(tmp.resolve("long.json"), "{\"x_size\": \"" + LONG + "\"}");
        script = Files.writeString(tmp.resolve("quit.txt"), "quit\n");
        image = tmp.resolve("disk.img");
        assertEquals(0, CliRun.smpboot("disk", "make", "--out", image.toString()).status());
    }

    /**
     * @return per option name, the bad values (each an argument list after the command's base arguments); a command's
     * own entry ({@code "race --cpus"}) wins over the shared one ({@code "--cpus"}).
     */
    private static Map<String, List<List<String>>> bad()
    {
        final Map<String, List<List<String>>> m = new LinkedHashMap<>();
        final String missing = tmp.resolve("no such dir/file").toString();
        // the platform flags
        values(m, "--preset", "nope");
        values(m, "--description", missing, dir.toString(), badJson.toString(), longJson.toString());
        values(m, "--clusters", "2by2", "17x1", "0x1");
        values(m, "--x-size", "0", "17");
        values(m, "--y-size", "0", "17");
        values(m, "--cores", "0", "17", "-1");
        values(m, "--ttys", "0", "9");
        values(m, "--fbf-size", "-1");
        values(m, "--nics", "3", "-1");
        values(m, "--io-cluster", "9,9", "a,b", "1");
        values(m, "--x-width", "0", "9");
        values(m, "--y-width", "0", "9");
        values(m, "--p-width", "0", "5");
        values(m, "--coreless", "9,9", "x");
        values(m, "--ioc", "nope");
        // boot, soak, explore, hypervisor
        values(m, "--fill", "nope", "keep", "word:0xZZ");
        values(m, "--flavor", "both", "nope");
        values(m, "soak --flavor", "nope", "elected,tsar");
        values(m, "--layout", "almos");
        values(m, "--barrier", "nope", "tree,centralized");
        values(m, "--timeout", "0", "-1");
        values(m, "--ticks", "-1");
        values(m, "--watchdog", "-2");
        values(m, "--fault", "melt-core:1", "dead-core:0x999", "dead-core", "lost-ipi:0x005");
        values(m, "--wake-deadline", "0", "99999999");
        values(m, "--seed", "x");
        values(m, "boot --out", "/proc/smpboot-sweep/out", junk.toString());
        m.put("--misorder", List.of(List.of("--misorder")));
        values(m, "boot --disk", missing, dir.toString(), junk.toString());
        values(m, "--arch-info", missing, dir.toString(), junk.toString());
        values(m, "disk make --arch-info", missing, dir.toString());
        // race
        values(m, "--cpus", "0", "-3");
        values(m, "--rounds", "0");
        values(m, "--init-stacks", "0", "-1");
        values(m, "--stack-size", "0", "-8");
        values(m, "--straggler", "nope", "quiet:-1", "expected:x");
        values(m, "--liveness-ms", "0", "-1");
        values(m, "--timeout-ms", "0");
        values(m, "--jitter-us", "-1");
        m.put("--processes", List.of(List.of("--processes", "-1"), List.of("--processes", "2")));
        m.put("--file", List.of(List.of("--processes", "2", "--file", dir.toString()),
            List.of("--file", tmp.resolve("race.dat").toString()),
            List.of("--processes", "2", "--file", "/proc/smpboot-sweep.dat")));
        values(m, "--json", dir.toString(), missing, "/proc/smpboot-sweep.json");
        m.put("--crash-leader-before-magic2", List.of(List.of("--crash-leader-before-magic2"),
            List.of("--processes", "2", "--file", tmp.resolve("race.dat").toString(), "--crash-leader-at", "main",
                "--crash-leader-before-magic2")));
        m.put("--crash-leader-at", List.of(List.of("--crash-leader-at", "main"),
            List.of("--processes", "2", "--file", tmp.resolve("race.dat").toString(), "--crash-leader-at", "nope")));
        m.put("--chaos", List.of(List.of("--chaos"),
            List.of("--processes", "1", "--file", tmp.resolve("race.dat").toString(), "--chaos")));
        m.put("--chaos-max-delay-ms", List.of(List.of("--chaos-max-delay-ms", "5"),
            List.of("--processes", "2", "--file", tmp.resolve("race.dat").toString(), "--chaos",
                "--chaos-max-delay-ms", "-1")));
        // soak and explore
        values(m, "--boots", "0");
        values(m, "soak --watchdog", "0", "1");
        values(m, "soak --wake-deadline", "0", "999999");
        m.put("soak --parallel", List.of(List.of("--parallel", "--workers", "2")));
        values(m, "--seeds", "0");
        values(m, "--first-seed", "x");
        values(m, "--max-cycles", "0");
        // boot's bounds a deterministic run only: without --seed any value is refused
        values(m, "boot --max-cycles", "0", "1000000");
        values(m, "--variant", "nope");
        values(m, "--strategy", "nope", "PCT");
        values(m, "--pct-depth", "0", "-1", "x");
        values(m, "--workers", "0", "-2", "x");
        // scale
        values(m, "--from", "0", "x", "3");
        values(m, "scale --to", "17", "0");
        values(m, "scale --flavor", "nope", "elected,tsar");
        values(m, "scale --barrier", "nope", "tree,,centralized", "tree,nope");
        values(m, "scale --straggler", "nope", "quiet:0", "expected:x");
        values(m, "scale --out", "/proc/smpboot-sweep/out", junk.toString());
        // hypervisor
        values(m, "--channels", "1", "17");
        values(m, "hypervisor --disk", "6=" + missing, "x=" + junk, "6");
        values(m, "--script", missing, dir.toString());
        values(m, "hypervisor --out", "/proc/smpboot-sweep/out", junk.toString());
        // files written
        values(m, "--out", missing, "/proc/smpboot-sweep.out", dir.toString());
        values(m, "disk make --boot", missing, dir.toString(), junk.toString());
        values(m, "disk make --kernel", missing, dir.toString(), junk.toString());
        values(m, "--size-mb", "1", "2000");
        values(m, "--label", "", "twelve chars", "é");
        values(m, "install-boot --boot", missing, junk.toString());
        // parameters
        values(m, "dump <FILE>", missing, dir.toString());
        values(m, "export-dtb <FILE>", missing, dir.toString());
        values(m, "list <IMAGE>", missing, dir.toString());
        values(m, "install-boot <IMAGE>", missing, dir.toString(), junk.toString());
        return m;
    }

    /**
     * @param command a command's qualified name without {@code smpboot}.
     * @return what it needs besides the option under test, so that it reaches its checks (and ends soon if a bad
     * value were taken).
     */
    private static Map<String, String> base(final String command)
    {
        final Map<String, String> b = new LinkedHashMap<>();
        switch (command)
        {
            case "archinfo make" -> b.put("--out", tmp.resolve("a.bin").toString());
            case "archinfo export-dtb" -> b.put("--out", tmp.resolve("a.dtb").toString());
            case "disk make" -> b.put("--out", tmp.resolve("made.img").toString());
            case "disk install-boot" -> b.put("<IMAGE>", image.toString());
            case "soak" -> b.put("--boots", "1");
            case "explore" -> b.put("--seeds", "1");
            case "scale" ->
            {
                b.put("--to", "1");
                b.put("--out", tmp.resolve("scale").toString());
            }
            case "hypervisor" -> b.put("--script", script.toString());
            case "race", "boot", "archinfo dump", "archinfo export-dtb " -> { }
            default -> { }
        }
        return b;
    }

    @TestFactory
    @Tag("slow")
    Stream<DynamicTest> everyOptionOfEveryCommandRefusesBadValuesInOneLine()
    {
        return sweep(1);
    }

    /** The fast tier's share of the sweep: every option still listed, one case in 7 run. */
    @TestFactory
    Stream<DynamicTest> aSeventhOfTheSweep()
    {
        return sweep(7);
    }

    private static Stream<DynamicTest> sweep(final int every)
    {
        final Map<String, List<List<String>>> bad = bad();
        final List<DynamicTest> tests = new ArrayList<>();
        final List<String> unlisted = new ArrayList<>();
        walk(SmpbootCommand.commandLine(), bad, tests, unlisted);
        if (!unlisted.isEmpty())
        {
            fail("no bad values listed for: " + String.join(", ", unlisted));
        }
        assertTrue(tests.size() > 300, "the sweep covers " + tests.size() + " cases");
        final List<DynamicTest> run = new ArrayList<>();
        for (int i = 0; i < tests.size(); i += every)
        {
            run.add(tests.get(i));
        }
        return run.stream();
    }

    private static void walk(final CommandLine cli, final Map<String, List<List<String>>> bad,
        final List<DynamicTest> tests, final List<String> unlisted)
    {
        final String name = cli.getCommandSpec().qualifiedName(" ").replaceFirst("^smpboot ?", "");
        if (name.equals("help"))
        {
            return;
        }
        final List<PositionalParamSpec> params = cli.getCommandSpec().positionalParameters();
        for (final OptionSpec o : cli.getCommandSpec().options())
        {
            final String opt = o.longestName();
            final List<List<String>> cases = new ArrayList<>(listed(bad, name, opt));
            if (o.arity().max() > 0)
            {
                cases.add(List.of(opt, LONG));
            }
            else if (cases.isEmpty() && FREE_FLAGS.contains(opt))
            {
                continue;
            }
            if (listed(bad, name, opt).isEmpty())
            {
                unlisted.add(name + " " + opt);
            }
            for (final List<String> c : cases)
            {
                tests.add(test(name, opt, c, params));
            }
        }
        for (final PositionalParamSpec p : params)
        {
            final String label = "<" + p.paramLabel() + ">";
            final List<List<String>> cases = new ArrayList<>(listed(bad, name, label));
            if (cases.isEmpty())
            {
                unlisted.add(name + " " + label);
            }
            cases.add(List.of(label, LONG));
            for (final List<String> c : cases)
            {
                tests.add(test(name, label, c, params));
            }
        }
        cli.getSubcommands().values().stream().distinct().forEach(s -> walk(s, bad, tests, unlisted));
    }

    private static List<List<String>> listed(final Map<String, List<List<String>>> bad, final String command,
        final String opt)
    {
        final String last = command.contains(" ") ? command.substring(command.lastIndexOf(' ') + 1) : command;
        return bad.getOrDefault(command + " " + opt, bad.getOrDefault(last + " " + opt, bad.getOrDefault(opt,
            List.of())));
    }

    private static DynamicTest test(final String command, final String opt, final List<String> value,
        final List<PositionalParamSpec> params)
    {
        final String shown = String.join(" ", value).replace(LONG, "Q x 5000");
        return DynamicTest.dynamicTest(command + " " + shown, () ->
        {
            final List<String> args = new ArrayList<>(List.of(command.split(" ")));
            final Map<String, String> base = base(command);
            value.forEach(base::remove);
            String positional = null;
            for (final Map.Entry<String, String> b : base.entrySet())
            {
                if (b.getKey().startsWith("<"))
                {
                    positional = b.getValue();
                }
                else
                {
                    args.add(b.getKey());
                    args.add(b.getValue());
                }
            }
            for (final String v : value)
            {
                if (!v.startsWith("<"))
                {
                    args.add(v);
                }
            }
            if (positional != null)
            {
                args.add(positional);
            }
            if (!params.isEmpty() && positional == null && !opt.startsWith("<") && !command.endsWith("export-dtb"))
            {
                args.add(image.toString()); // a command whose parameter is required gets a good one
            }
            final CliRun r = CliRun.smpboot(args.toArray(String[]::new));
            final String where = String.join(" ", args).replace(LONG, "Q x 5000") + ": ";
            assertEquals(2, r.status(), where + r.err() + r.out());
            assertEquals(1, r.err().lines().count(), where + r.err());
            assertFalse(r.err().contains("Q".repeat(UserInput.CLIP + 1)), where + "repeats the input: " + r.err());
            final String named = opt.startsWith("<") ? "" : opt;
            assertTrue(r.err().contains(named) || value.size() > 2, where + "does not name " + opt + ": " + r.err());
        });
    }

    private static void values(final Map<String, List<List<String>>> m, final String key, final String... values)
    {
        final String opt = key.contains(" ") ? key.substring(key.lastIndexOf(' ') + 1) : key;
        final List<List<String>> cases = new ArrayList<>();
        for (final String v : values)
        {
            cases.add(List.of(opt, v));
        }
        m.put(key, cases);
    }
}
