package org.smpboot.sim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.smpboot.sim.cli.CliRun.smpboot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code smpboot explore} and {@code smpboot boot --seed}: the deterministic mode from the command line. */
class ExploreCommandTest
{
    @TempDir
    Path tmp;

    @Test
    void soundBootsKeepEveryInvariant()
    {
        final CliRun r = smpboot("explore", "--clusters", "1x2", "--cores", "2", "--seeds", "6");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("explored 6 seeds in"), r.out());
        assertTrue(r.out().contains("every boot kept every invariant"), r.out());
    }

    @Test
    void theBrokenBarrierIsReportedWithItsSeedAndReplays()
    {
        final CliRun r = smpboot("explore", "--clusters", "1x2", "--cores", "2", "--flavor", "tsar", "--seeds", "64",
            "--stop-at-first", "--variant", "no-sense-reversal", "--max-cycles", "134217728");
        assertEquals(1, r.status(), r.out() + r.err());
        final Matcher m = Pattern.compile("(?m)^seed (\\d+): fault: .*barrier").matcher(r.out());
        assertTrue(m.find(), r.out());
        final String seed = m.group(1);
        assertTrue(r.out().contains("broke an invariant (seeds " + seed + ";"), r.out());
        final CliRun again = smpboot("explore", "--clusters", "1x2", "--cores", "2", "--flavor", "tsar", "--seeds", "1",
            "--first-seed", seed, "--variant", "no-sense-reversal", "--max-cycles", "134217728");
        assertEquals(1, again.status(), again.out() + again.err());
        assertEquals(r.out().lines().filter(l -> l.startsWith("seed ")).findFirst().orElseThrow(),
            again.out().lines().filter(l -> l.startsWith("seed ")).findFirst().orElseThrow(), "the seed replays");
    }

    @Test
    void badInputIsOneLineAndStatusTwo()
    {
        final CliRun r = smpboot("explore", "--seeds", "0");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--seeds must be at least 1"), r.err());
        final CliRun v = smpboot("explore", "--variant", "nope");
        assertEquals(2, v.status());
        assertTrue(v.err().contains("--variant nope: unknown"), v.err());
    }

    @Test
    void bootWithASeedWritesTheSameTtyLogsTraceAndMapsTwice() throws Exception
    {
        final Path a = tmp.resolve("a");
        final Path b = tmp.resolve("b");
        final CliRun ra = smpboot("boot", "--clusters", "2x2", "--cores", "2", "--seed", "7", "--out", a.toString());
        final CliRun rb = smpboot("boot", "--clusters", "2x2", "--cores", "2", "--seed", "7", "--out", b.toString());
        assertEquals(0, ra.status(), ra.out() + ra.err());
        assertEquals(0, rb.status(), rb.out() + rb.err());
        assertTrue(ra.out().contains("deterministic run, seed 7"), ra.out());
        for (final String f : new String[] {"tty0.log", "trace.json", "memory-maps.txt"})
        {
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f);
        }
        assertTrue(Files.readString(a.resolve("tty0.log")).contains("[KINIT] boot complete at cycle"));
        // the summary too, but the line's whole-command wall time: its durations are virtual time (they were the
        // host's, different at every replay)
        assertTrue(ra.out().lines().anyMatch(l -> l.matches("boot-loader done at cycle \\d+; every core ticking \\d+ " +
            "cycles after kernel_init began")), ra.out());
        assertTrue(ra.out().lines().anyMatch(l -> l.matches("election: .* replaced 0x5a5a5a5a5a5a5a5a at cycle \\d+; .*")),
            ra.out());
        assertEquals(ra.out().replaceAll("; \\d+ ms in all", ""), rb.out().replaceAll("; \\d+ ms in all", "")
            .replace(b.toString(), a.toString()));
        // and report.json's virtual durations beside its host ones
        final JsonNode ja = new ObjectMapper().readTree(Files.readString(a.resolve("report.json")));
        final JsonNode jb = new ObjectMapper().readTree(Files.readString(b.resolve("report.json")));
        for (final String f : new String[] {"/election/elected_cycle", "/kernel/boot_complete_cycles_after_kernel_entry"})
        {
            assertTrue(ja.at(f).asLong() > 0, f + " " + ja.at(f));
            assertEquals(ja.at(f), jb.at(f), f);
        }
        assertTrue(Files.exists(a.resolve("contention-phase3.png")));
        final CliRun rc = smpboot("boot", "--clusters", "2x2", "--cores", "2", "--seed", "8", "--out",
            tmp.resolve("c").toString());
        assertEquals(0, rc.status(), rc.out() + rc.err());
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(a.resolve("trace.json")),
            Files.readAllBytes(tmp.resolve("c").resolve("trace.json"))), "another seed, another interleaving");
    }
}
