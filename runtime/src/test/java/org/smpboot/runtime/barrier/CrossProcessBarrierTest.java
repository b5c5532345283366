package org.smpboot.runtime.barrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.smpboot.runtime.internal.AgronaFlag;
import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.region.SharedRegion;

/**
 * Two JVM processes meet at one barrier in a memory-mapped file for 1,000 episodes: participants 0 and 1 run here, 2
 * and 3 in a child JVM. The file starts as random garbage; only this process initialises it.
 */
class CrossProcessBarrierTest
{
    private static final int PARTIES = 4;
    private static final int EPISODES = 1000;

    static int length(final BarrierKind kind, final int parties)
    {
        return kind.footprint(parties) + EpisodeChecker.countersLength(parties);
    }

    static BarrierKind[] kinds()
    {
        return BarrierKind.values();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void twoProcessesPassAThousandEpisodes(final BarrierKind kind, @TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("barrier.dat");
        final Path childLog = dir.resolve("child.log");
        try (SharedRegion region = SharedRegion.map(file, length(kind, PARTIES)))
        {
            region.fill(Fill.random(kind.ordinal()));
            final Barrier barrier = kind.create(region.buffer(), 0, PARTIES, BarrierEpisodeTest.POLICY);
            barrier.initialize();
            final EpisodeChecker checker = new EpisodeChecker(barrier, region.buffer(), kind.footprint(PARTIES));
            checker.initialize();

            final Process child = startChild(kind, file, childLog);
            try
            {
                final Throwable failure = checker.run(new int[] {0, 1}, EPISODES, 5, 120_000);
                if (!child.waitFor(60, TimeUnit.SECONDS))
                {
                    fail("child JVM still running after 60 s; its output: " + read(childLog));
                }
                if (failure != null)
                {
                    throw new AssertionError(failure + "; child output: " + read(childLog), failure);
                }
                assertEquals(0, child.exitValue(), () -> "child JVM failed: " + read(childLog));
            }
            finally
            {
                child.destroyForcibly();
            }
            for (int p = 0; p < PARTIES; p++)
            {
                assertEquals(EPISODES - 1, checker.counterOf(p), "counter of participant " + p);
                assertEquals(EPISODES - 1, barrier.arrivedEpisode(p), "arrival record of participant " + p);
            }
            assertTrue(!barrier.isBroken());
        }
    }

    private static Process startChild(final BarrierKind kind, final Path file, final Path log) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        final String flags = System.getProperty("smpboot.jvmFlags");
        if (flags != null && !flags.isBlank())
        {
            command.addAll(Arrays.asList(flags.trim().split("\\s+")));
        }
        else
        {
            command.add(AgronaFlag.FLAG);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CrossProcessParticipant.class.getName());
        command.addAll(List.of(kind.name(), file.toString(), Integer.toString(PARTIES), Integer.toString(EPISODES),
            "2", "3"));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String read(final Path log)
    {
        try
        {
            return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        }
        catch (final java.io.IOException e)
        {
            return "(cannot read " + log + File.separator + ": " + e + ")";
        }
    }
}
