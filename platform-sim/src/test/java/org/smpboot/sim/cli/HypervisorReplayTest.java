package org.smpboot.sim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.smpboot.sim.cli.CliRun.smpboot;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hypervisor --seed S --script FILE}: the same seed and script give the same logs and trace in another JVM (the
 * quick same-JVM check is {@code org.smpboot.sim.run.HypervisorReplayInProcessTest}).
 */
class HypervisorReplayTest
{
    private static final String SCRIPT = """
        run -nc 1 -i 1
        run -nc 1 -i 2 --fault hostile-guest:write:0x0100004000
        wait
        list
        kill 2
        quit
        """;

    @TempDir
    Path dir;

    private String[] args(final Path script, final long seed, final Path out)
    {
        return new String[] {"hypervisor", "--clusters", "1x3", "--cores", "2", "--seed", Long.toString(seed),
            "--script", script.toString(), "--out", out.toString()};
    }

    // every log and the trace, by path relative to the output directory
    private static List<Path> outputs(final Path out) throws Exception
    {
        try (Stream<Path> s = Files.walk(out))
        {
            return s.filter(p -> p.toString().endsWith(".log") || p.toString().endsWith(".json")).map(out::relativize)
                .sorted().toList();
        }
    }

    @Test
    @Tag("slow")
    void theSameSeedAndScriptGiveByteIdenticalLogsAndTraceAcrossJvms() throws Exception
    {
        final Path script = dir.resolve("session.txt");
        Files.writeString(script, SCRIPT);
        final Path a = dir.resolve("a");
        final CliRun here = smpboot(args(script, 11, a));
        assertEquals(1, here.status(), "the hostile guest faulted: exit 1\n" + here.err() + here.out());
        assertTrue(here.out().contains("[HYPER] HAT fault: instance 2"), here.out());

        final Path b = dir.resolve("b");
        // another JVM, cold, and without the launcher's --add-opens (so on a JDK with virtual threads, without the
        // carrier of their own): neither how fast the host runs the cores nor what runs them changes the run
        final List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "-XX:+IgnoreUnrecognizedVMOptions", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), SmpbootCommand.class.getName()));
        cmd.addAll(Arrays.asList(args(script, 11, b)));
        final Process other = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(dir.resolve("b.out").toFile()).start();
        assertTrue(other.waitFor(300, TimeUnit.SECONDS), "the other JVM did not end within 300 s");
        assertEquals(1, other.exitValue(), Files.readString(dir.resolve("b.out")));

        final List<Path> files = outputs(a);
        assertEquals(files, outputs(b));
        assertTrue(files.contains(Path.of("trace.json")) && files.contains(Path.of("tty0.log")) &&
            files.contains(Path.of("instance1" + File.separator + "tty0.log")), files.toString());
        for (final Path f : files)
        {
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f + " differs");
        }
        // and the seed matters: another one interleaves otherwise
        final Path c = dir.resolve("c");
        smpboot(args(script, 12, c));
        assertFalse(Arrays.equals(Files.readAllBytes(a.resolve("trace.json")),
            Files.readAllBytes(c.resolve("trace.json"))), "seeds 11 and 12 gave the same trace");
    }
}
