package org.smpboot.sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator's diagnostics go through slf4j to slf4j-simple on standard error, and {@code --quiet} and
 * {@code --verbose} set their level. slf4j-simple reads its levels once per JVM, so each run is a JVM of its own, as
 * a user's: {@code smpboot}'s main class on this test's class path.
 */
class LoggingCommandTest
{
    private static final String[] LEFT_OUT = {"boot", "--clusters", "1x2", "--cores", "2", "--flavor", "tsar",
        "--fault", "dead-core:0x001", "--wake-deadline", "1000", "--timeout", "20"};

    @TempDir
    Path dir;

    @Test
    @Tag("slow")
    void whatTheBootLeftOutIsAWarningTheFaultsInjectedInformation() throws Exception
    {
        final Run r = smpboot(LEFT_OUT);
        assertEquals(0, r.status, r.err);
        assertTrue(r.out.contains("boot complete: 3/4 cores entered kernel_init (1 left out)"), r.out);
        assertTrue(r.err.contains("INFO PlatformBoot - faults injected: dead-core:0x001\n"), r.err);
        assertTrue(r.err.contains("WARN PlatformBoot - left out: cluster 0x00, gid 0x001: no answer to its wake-up " +
            "IPI within 1000 ms\n"), r.err);
        assertFalse(r.err.contains("DEBUG"), r.err);
    }

    @Test
    @Tag("slow")
    void quietKeepsOnlyWarningsAndVerboseAddsDebugLines() throws Exception
    {
        final List<String> quiet = new ArrayList<>(List.of(LEFT_OUT));
        quiet.add(1, "--quiet");
        final Run q = smpboot(quiet.toArray(String[]::new));
        assertEquals(0, q.status, q.err);
        assertEquals("WARN PlatformBoot - left out: cluster 0x00, gid 0x001: no answer to its wake-up IPI within " +
            "1000 ms\n", q.err);
        final Run v = smpboot("--verbose", "boot", "--clusters", "1x1", "--cores", "1");
        assertEquals(0, v.status, v.err);
        assertTrue(v.err.contains("DEBUG boot - timeout 60 s, wake-up deadline 10000 ms, election liveness 15000 ms, " +
            "watchdog 20 s; a disk built for smpboot_1_1_1\n"), v.err);
    }

    @Test
    void quietAndVerboseExcludeEachOther() throws Exception
    {
        final Run both = smpboot("boot", "-q", "-v");
        assertEquals(2, both.status, both.err);
        assertEquals("smpboot: --quiet and --verbose exclude each other (see: smpboot --help)\n", both.err);
        assertEquals("", both.out);
    }

    /** What a JVM running the CLI printed and returned. */
    private record Run(int status, String out, String err)
    {
    }

    private Run smpboot(final String... args) throws IOException, InterruptedException
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String a : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (a.startsWith("--add-exports") || a.startsWith("-XX:+IgnoreUnrecognized") || a.startsWith("--sun-misc"))
            {
                cmd.add(a);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(SmpbootCommand.class.getName());
        cmd.addAll(List.of(args));
        final Path out = dir.resolve("out.txt");
        final Path err = dir.resolve("err.txt");
        final Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS))
        {
            p.destroyForcibly();
            throw new AssertionError("smpboot " + String.join(" ", args) + " did not end within 120 s");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    }
}
