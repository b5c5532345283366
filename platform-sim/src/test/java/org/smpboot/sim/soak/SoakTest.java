package org.smpboot.sim.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smpboot.sim.boot.BootFlavor;
import org.smpboot.sim.cli.SmpbootCommand;
import org.smpboot.sim.image.ArchInfoWriter;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;
import org.smpboot.sim.run.BootResult;

/** The deterministic soak: its boots do the same on any number of workers, and each replays from its printed line. */
class SoakTest
{
    private static final Platform PLATFORM = PlatformBuilder.build(PlatformSpec.defaults());

    @TempDir
    Path tmp;

    private static Soak soak()
    {
        return new Soak(PLATFORM, BootLayout.ALMOS_MKH, List.of(BootFlavor.ELECTED, BootFlavor.TSAR),
            Duration.ofSeconds(12), Duration.ofMillis(1000), Duration.ofSeconds(4));
    }

    private static String tallies(final Soak.Summary s)
    {
        final StringBuilder b = new StringBuilder();
        for (final Map.Entry<String, Soak.Tally> e : s.byKind().entrySet())
        {
            final Soak.Tally t = e.getValue();
            b.append(e.getKey()).append(' ').append(t.boots()).append(' ').append(t.completed()).append(' ')
                .append(t.coresLeftOut()).append(' ').append(t.failedAsDocumented()).append(' ')
                .append(t.unexplained()).append('\n');
        }
        return b.toString();
    }

    @Test
    @Tag("slow") // 16 boots: the full tier only
    void itsBootsTallyTheSameOnOneWorkerAndOnThree() throws Exception
    {
        final List<Integer> order = new ArrayList<>();
        final Soak.Summary one = soak().workers(1).run(8, 11, line -> { }, order::add);
        final Soak.Summary three = soak().workers(3).run(8, 11, line -> { }, n -> { });
        assertEquals(tallies(one), tallies(three));
        assertEquals(one.unexplained(), three.unexplained());
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), order, "each boot told once, in order");
        assertEquals(List.of(), one.unexplained(), tallies(one));
    }

    /**
     * The line a failure would print is a `boot` command that runs the very same boot: its TXT0 is the soak's, byte
     * for byte, for a boot with a fault injected.
     */
    @Test
    void aBootsReplayLineRunsTheSameBootFromTheCommandLine() throws Exception
    {
        final Random r = new Random(5);
        final int archBytes = ArchInfoWriter.write(PLATFORM).length;
        SoakCase c = null;
        for (int i = 0; c == null; i++)
        {
            final SoakCase d = SoakCase.draw(i, r, PLATFORM, List.of(BootFlavor.ELECTED, BootFlavor.TSAR), archBytes,
                false);
            if (d.fault() != null && d.fault().kind().cliName().equals("slow-core"))
            {
                c = d;
            }
        }
        final Soak soak = soak();
        final BootResult inSoak = soak.boot(c);
        final String line = soak.replay(c);
        assertTrue(line.startsWith("boot --seed " + c.seed() + " "), line);
        final List<String> args = new ArrayList<>(Arrays.asList(line.split(" ")));
        args.addAll(List.of("--out", tmp.toString()));
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        SmpbootCommand.execute(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        final String replayed = Files.readString(tmp.resolve("tty0.log"), StandardCharsets.UTF_8);
        assertEquals(inSoak.txt0(), replayed, line + "\n" + err);
    }
}
