package org.smpboot.stress;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs jcstress as a child JVM and decides whether the run means something. jcstress's own exit code cannot: it is 1
 * whenever a negative control is (correctly) caught, and 0 when no test ran at all. The verdict fails when a real test
 * does not pass, when a negative control (a test class under {@code .negative.}) is NOT flagged FAILED, when a test of
 * the jar's {@code META-INF/TestList} (matching the {@code -t} selection) has no result, or when the child hangs. In
 * mode {@code sanity} (about a hundred samples per test) an uncaught control is only a warning.
 *
 * <pre>
 * java -cp jcstress.jar org.smpboot.stress.Verdict [--mode quick] [--timeout-minutes 40] [--configs auto|c2-stress]
 *     [other jcstress options]
 * </pre>
 * {@code --configs auto} (the default) runs every VM configuration jcstress detects: on JDK 17, interpreter, C1, C2
 * and C2 with its randomizers, each with and without biased locking (8 per test, each in several split-compilation
 * variants unless {@code -sc false}). {@code --configs c2-stress} runs one: C2 alone ({@code -XX:-TieredCompilation})
 * with the C2 randomizers that reorder what the memory model lets it reorder ({@code StressLCM}, {@code StressGCM},
 * {@code StressIGVN}, {@code StressCCP}), without split compilation: the configuration where a missing barrier shows
 * first, and CI's budget (every negative control caught in it, measured in README's jcstress section).
 * Writes {@code results/index.html} and {@code jcstress-console.txt} in the working directory; prints one line per
 * problem and {@code jcstress: N passed, M failed} (plus {@code , K skipped} for controls a sanity run did not catch);
 * exits 1 on any problem.
 */
public final class Verdict
{
    /** Package part that marks a deliberately broken twin which jcstress must flag. */
    public static final String NEGATIVE = ".negative.";

    /** The one-configuration preset of {@code --configs}. */
    private static final String C2_STRESS = "c2-stress";
    /** Its VM flags: C2 only, with the randomizers of its scheduling and value numbering. */
    private static final String C2_STRESS_FLAGS = "-XX:-TieredCompilation -XX:+UnlockDiagnosticVMOptions " +
        "-XX:+StressLCM -XX:+StressGCM -XX:+StressIGVN -XX:+StressCCP";
    /** A per-test line of jcstress 0.16's {@code -v} report: dashes/dots, the status label, the test name. */
    private static final Pattern TEST_LINE =
        Pattern.compile("^[.\\-]*\\s*\\[(OK|FAILED|ERROR|TIMEOUT|VM ERROR)\\]\\s+(\\S+)\\s*$");
    /** The progress line; its last occurrence says how many results were planned and how many arrived. */
    private static final Pattern RESULTS_LINE = Pattern.compile(
        "\\(Results: (\\d+) planned; (\\d+) passed, (\\d+) failed, (\\d+) soft errs, (\\d+) hard errs\\)");

    private Verdict()
    {
    }

    /**
     * @param args {@code --mode M}, {@code --timeout-minutes T}, then options passed to jcstress as given.
     * @throws Exception when the child cannot be started.
     */
    public static void main(final String[] args) throws Exception
    {
        String mode = "quick";
        long timeoutMinutes = 40;
        String configs = "auto";
        String selection = null;
        final List<String> passThrough = new ArrayList<>();
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--mode":
                    mode = args[++i];
                    break;
                case "--timeout-minutes":
                    timeoutMinutes = Long.parseLong(args[++i]);
                    break;
                case "--configs":
                    configs = args[++i];
                    break;
                case "-t":
                    selection = args[i + 1];
                    passThrough.add(args[i]);
                    passThrough.add(args[++i]);
                    break;
                default:
                    passThrough.add(args[i]);
            }
        }
        if (configs.equals(C2_STRESS))
        {
            passThrough.addAll(List.of("-jvmArgs", forkFlags() + " " + C2_STRESS_FLAGS, "-sc", "false"));
        }
        else if (!configs.equals("auto"))
        {
            System.out.println("verdict: --configs must be auto or " + C2_STRESS + ", not '" + configs + "'");
            System.exit(2);
        }
        final int code = run(mode, timeoutMinutes, selection, passThrough, System.out);
        System.exit(code);
    }

    private static int run(
        final String mode, final long timeoutMinutes, final String selection, final List<String> passThrough,
        final PrintStream out) throws IOException, InterruptedException, URISyntaxException
    {
        final Path jar = Path.of(Verdict.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        final Map<String, Integer> expected = ExpectedTests.read(jar, selection);
        final List<String> problems = new ArrayList<>(); // one line each
        int runProblems = 0; // problems with the run as a whole rather than with one test
        if (expected.isEmpty())
        {
            problems.add("no test in " + jar + " matches " + (selection == null ? "anything" : "-t " + selection) +
                ": jcstress would say 'No matching tests' and exit 0");
            runProblems++;
        }
        final int cpus = Runtime.getRuntime().availableProcessors();
        expected.forEach((test, actors) ->
        {
            if (actors > cpus)
            {
                problems.add(test + ": has " + actors + " actors but this machine has " + cpus +
                    " CPUs, so jcstress silently skips it");
            }
        });

        final List<String> command = childCommand(jar, mode, passThrough);
        out.println("verdict: " + expected.size() + " tests expected in mode " + mode + "; running " +
            String.join(" ", command));
        final Path console = Path.of("jcstress-console.txt").toAbsolutePath();
        final long start = System.nanoTime();
        final Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        final Map<String, String> statuses = new TreeMap<>();
        final long[] results = new long[5];
        final Thread reader = new Thread(() -> readReport(child.getInputStream(), console, out, statuses, results),
            "jcstress-output");
        reader.start();
        int exit;
        if (child.waitFor(timeoutMinutes, TimeUnit.MINUTES))
        {
            exit = child.exitValue();
        }
        else
        {
            problems.add("jcstress did not finish within " + timeoutMinutes + " minutes (--timeout-minutes): killed");
            runProblems++;
            child.descendants().forEach(ProcessHandle::destroyForcibly);
            child.destroyForcibly();
            child.waitFor();
            exit = -1;
        }
        reader.join(TimeUnit.SECONDS.toMillis(30));
        final long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

        int passed = 0;
        int skipped = 0;
        for (final String test : expected.keySet())
        {
            final String status = statuses.get(test);
            final boolean negative = test.contains(NEGATIVE);
            if (status == null)
            {
                problems.add(test + ": did not run (no result in the jcstress report)");
            }
            else if (negative && status.equals("FAILED"))
            {
                passed++; // a broken twin flagged as broken: the harness can see what it is built to see
            }
            else if (negative && status.equals("OK") && mode.equals("sanity"))
            {
                // sanity runs ~100 samples per test: a smoke run, too few to be required to catch a rare race
                out.println("verdict: WARNING " + test +
                    ": negative control not caught in mode sanity (required from quick on)");
                skipped++;
            }
            else if (negative && status.equals("OK"))
            {
                problems.add(test + ": negative control NOT caught: jcstress saw no forbidden outcome in mode " + mode);
            }
            else if (negative)
            {
                problems.add(test + ": negative control ended in " + status + ", which proves nothing");
            }
            else if (status.equals("OK"))
            {
                passed++;
            }
            else
            {
                problems.add(test + ": " + status + " (see results/" + test + ".html)");
            }
        }
        for (final String test : statuses.keySet())
        {
            if (!expected.containsKey(test))
            {
                problems.add(test + ": reported by jcstress but absent from META-INF/TestList");
                runProblems++;
            }
        }
        if (results[0] == 0 && exit != -1)
        {
            problems.add("jcstress planned no results (exit code " + exit + ")");
            runProblems++;
        }
        else if (results[1] + results[2] + results[3] + results[4] < results[0])
        {
            problems.add("jcstress produced " + (results[1] + results[2] + results[3] + results[4]) + " of " +
                results[0] + " planned results");
            runProblems++;
        }
        final boolean anyFailed = statuses.values().stream().anyMatch(s -> !s.equals("OK"));
        if (exit > 0 && !anyFailed)
        {
            problems.add("jcstress exited " + exit + " without any failed test in its report (bad option? see " +
                console + ")");
            runProblems++;
        }

        for (final String problem : problems)
        {
            out.println("verdict: FAILED " + problem);
        }
        out.println("verdict: " + seconds + " s wall, console in " + console + ", report in " +
            Path.of("results", "index.html").toAbsolutePath());
        out.println("jcstress: " + passed + " passed, " + (expected.size() - passed - skipped + runProblems) + " failed" +
            (skipped > 0 ? ", " + skipped + " skipped" : ""));
        return problems.isEmpty() ? 0 : 1;
    }

    private static List<String> childCommand(final Path jar, final String mode, final List<String> passThrough)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // jcstress copies the host VM's flags into every forked VM, so pass only flags this JDK knows, and never
        // -XX:+IgnoreUnrecognizedVMOptions: jcstress probes which VM flags work, and that flag would fake the answers.
        if (Runtime.version().feature() >= 22)
        {
            command.add("--enable-native-access=ALL-UNNAMED"); // jcstress's JNA affinity calls are restricted methods
        }
        command.add("-cp");
        command.add(jar.toString());
        command.add("org.openjdk.jcstress.Main");
        command.add("-m");
        command.add(mode);
        command.add("-v"); // without it the report lists no per-test status
        command.add("-r");
        command.add("results");
        command.add("-jvmArgsPrepend");
        command.add(forkFlags());
        command.addAll(passThrough);
        return command;
    }

    /** Flags for the forked test VMs: Agrona's export everywhere; on JDK 23+ also allow sun.misc.Unsafe quietly. */
    private static String forkFlags()
    {
        final String agrona = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
        return Runtime.version().feature() >= 23 ? agrona + " --sun-misc-unsafe-memory-access=allow" : agrona;
    }

    private static void readReport(
        final InputStream stream, final Path console, final PrintStream out, final Map<String, String> statuses,
        final long[] results)
    {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
            var copy = Files.newBufferedWriter(console, StandardCharsets.UTF_8))
        {
            boolean report = false; // inside the RUN RESULTS section
            boolean done = false;
            String line;
            while ((line = in.readLine()) != null)
            {
                if (line.contains("HTML report generated at"))
                {
                    out.println(line);
                    report = false; // what follows is jcstress's stack trace listing the same failures: file only
                    done = true;
                }
                else if (report || line.startsWith("(Results:") || line.startsWith("(ETA:") || line.startsWith("RUN RESULTS:") || line.startsWith("FATAL"))
                {
                    out.println(line); // -v prints every configuration as it ends: keep those in the file only
                }
                copy.write(line);
                copy.newLine();
                if (line.startsWith("RUN RESULTS:") && !done)
                {
                    report = true;
                }
                final Matcher progress = RESULTS_LINE.matcher(line);
                if (progress.find())
                {
                    for (int i = 0; i < results.length; i++)
                    {
                        results[i] = Long.parseLong(progress.group(i + 1));
                    }
                }
                final Matcher test = TEST_LINE.matcher(line);
                if (report && test.matches())
                {
                    // a test may be listed twice (interesting and failed, or one line per failing configuration)
                    statuses.merge(test.group(2), test.group(1), Verdict::worse);
                }
            }
        }
        catch (final IOException e)
        {
            out.println("verdict: cannot read jcstress output: " + e);
        }
    }

    private static String worse(final String a, final String b)
    {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(final String status)
    {
        return status.equals("OK") ? 0 : status.equals("FAILED") ? 1 : 2;
    }
}
