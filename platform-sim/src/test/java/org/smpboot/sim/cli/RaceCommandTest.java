package org.smpboot.sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RaceCommandTest
{
    @TempDir
    Path dir;

    private record Result(int status, String out, String err, long millis)
    {
    }

    private static Result smpboot(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final long start = System.nanoTime();
        final int status = SmpbootCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(status, out.toString(), err.toString(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    @Test
    void threadsRaceEveryRoundCorrectly() throws Exception
    {
        final Path json = dir.resolve("race.json");
        final Result r = smpboot("race", "--cpus", "32", "--rounds", "4", "--init-stacks", "2", "--json", json.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("summary: 4 of 4 rounds correct"), r.out());
        assertEquals(4, r.out().lines().filter(l -> l.matches("round \\d: leader cpu \\d+ .*cpu_count 32 sealed.*")).count(),
            r.out());
        final JsonNode rounds = new ObjectMapper().readTree(json.toFile());
        assertEquals(4, rounds.size());
        assertEquals(32, rounds.get(0).get("reports").size());
    }

    @Test
    void magicFillsFailInBoundedTimeNamingTheirCase()
    {
        final Result m1 = smpboot("race", "--cpus", "4", "--fill", "magic1", "--liveness-ms", "300");
        assertEquals(1, m1.status());
        assertEquals(1, m1.err().lines().count(), m1.err());
        assertTrue(m1.err().startsWith("race: round 1 failed at MAGIC1_WITHOUT_LEADER"), m1.err());
        assertTrue(m1.millis() < 10_000, m1.millis() + " ms");

        final Result m2 = smpboot("race", "--cpus", "4", "--fill", "magic2");
        assertEquals(1, m2.status());
        assertTrue(m2.err().startsWith("race: round 1 failed at MAGIC2_WITHOUT_LEADER"), m2.err());
    }

    @Test
    void badInputIsOneLineAndStatusTwo()
    {
        for (final String[] args : new String[][] {
            {"race", "--cpus", "x"}, {"race", "--fill", "bogus"}, {"race", "--cpus", "0"},
            {"race", "--processes", "2"}, {"race", "--straggler", "sometimes"}, {"nosuch"}, {}})
        {
            final Result r = smpboot(args);
            assertEquals(2, r.status(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().lines().count(), String.join(" ", args) + ": " + r.err());
        }
    }

    @Test
    void fourProcessesOnOneMappedFileElectOneLeaderAndCountFour()
    {
        final Path file = dir.resolve("race.dat");
        final Result r = smpboot("race", "--processes", "4", "--file", file.toString(), "--rounds", "2");
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals(2, r.out().lines().filter(l -> l.contains("cpu_count 4 sealed")).count(), r.out());
        assertTrue(r.out().contains("4 CPUs as 4 processes"), r.out());
    }

    @Test
    void aLeaderProcessKilledBeforeMagic2IsReportedByTheFollowersWithinTheDeadline() throws Exception
    {
        final Path file = dir.resolve("crash.dat");
        final Path json = dir.resolve("crash.json");
        final Result r = smpboot("race", "--processes", "4", "--file", file.toString(), "--liveness-ms", "1000",
            "--crash-leader-before-magic2", "--json", json.toString());
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.err().startsWith("race: round 1 failed at LEADER_DEAD"), r.err());
        assertTrue(r.millis() < 30_000, "took " + r.millis() + " ms");
        // the leader's CPU is reported through its process's exit status; the three others name it as dead
        final JsonNode reports = new ObjectMapper().readTree(json.toFile()).get(0).get("reports");
        int dead = 0;
        int leader = -1;
        for (final JsonNode cpu : reports)
        {
            assertEquals("ERROR", cpu.get("role").asText(), cpu.toString());
            if (cpu.get("errorKind").asText().equals("process"))
            {
                assertTrue(cpu.get("error").asText().contains("leader crash injected"), cpu.toString());
                leader = cpu.get("cpu").asInt();
            }
        }
        for (final JsonNode cpu : reports)
        {
            if (cpu.get("errorKind").asText().equals("LEADER_DEAD"))
            {
                assertTrue(cpu.get("error").asText().contains("leader cpu " + leader + " is dead"), cpu.toString());
                dead++;
            }
        }
        assertEquals(3, dead, reports.toString());
    }

    @Test
    void keepLeavesACrashedRunsBlockAndItIsDiagnosed() throws Exception
    {
        final Path file = dir.resolve("keep.dat");
        assertEquals(1, smpboot("race", "--processes", "2", "--file", file.toString(), "--liveness-ms", "500",
            "--crash-leader-before-magic2").status());
        assertTrue(Files.size(file) > 0);
        final Result again = smpboot("race", "--processes", "2", "--file", file.toString(), "--fill", "keep",
            "--liveness-ms", "500");
        assertEquals(1, again.status(), again.out());
        assertTrue(again.err().contains("LEADER_DEAD") || again.err().contains("MAGIC1_WITHOUT_LEADER"), again.err());
    }

    @Test
    void lateCpusArePlainOnTheVerdictLineAndRequireAllFailsTheRound()
    {
        // the seed's literal policy: the leader seals as soon as its arch_init is done; CPUs let go up to 50 ms later
        // arrive after the seal
        final Result plain = smpboot("race", "--cpus", "8", "--rounds", "3", "--straggler", "none", "--jitter-us",
            "50000");
        assertEquals(0, plain.status(), plain.out() + plain.err());
        assertTrue(plain.out().lines().anyMatch(l -> l.matches("round \\d: .* \\d of 8 CPUs LATE \\[.*\\] \\(arrived " +
            "after the seal: not counted, no stack\\).*")), plain.out());
        assertTrue(plain.out().lines().anyMatch(l -> l.startsWith("LATE: ")), plain.out());
        final Result strict = smpboot("race", "--cpus", "8", "--rounds", "3", "--straggler", "none", "--jitter-us",
            "50000", "--require-all");
        assertEquals(1, strict.status(), strict.out());
        assertEquals(1, strict.err().lines().count(), strict.err());
        assertTrue(strict.err().matches("race: round \\d failed at late: \\d of 8 CPUs arrived after cpu_count was " +
            "sealed at \\d+ and were not counted \\[.*\\] \\(--require-all\\)\\s*"), strict.err());
    }
}
