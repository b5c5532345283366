package org.smpboot.sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** {@code smpboot boot --fault}: the summary, TXT0 and report.json name what was left out; bad faults exit 2. */
class BootFaultCommandTest
{
    @TempDir
    Path dir;

    @Test
    void deadCoresAndABadBankAreLeftOutAndNamedEverywhere() throws Exception
    {
        final CliRun r = smpboot("boot", "--flavor", "tsar", "--fault", "dead-core:0x006", "--fault", "bad-bank:0x11",
            "--wake-deadline", "1500", "--timeout", "20", "--out", dir.toString());
        assertEquals(0, r.status(), r.err() + r.out());
        assertTrue(r.out().contains("boot complete: 11/16 cores entered kernel_init (5 left out); "), r.out());
        // TXT0 (the machine's own words) names them; the simulator's diagnostics too (LoggingCommandTest)
        assertTrue(r.out().contains("[BOOT] cluster 0x01: core gid 0x006 did not answer its wake-up IPI within 1500 ms: " +
            "left out of boot_info"), r.out());
        assertTrue(r.out().contains("[BOOT] left out of boot_info: cluster 0x11, gid 0x044, 0x045, 0x046, 0x047: its " +
            "bank failed the self-test: bus error"), r.out());
        final JsonNode report = new ObjectMapper().readTree(Files.readString(dir.resolve("report.json")));
        assertTrue(report.get("complete").asBoolean());
        assertEquals(5, report.get("excluded").size());
        assertEquals(6, report.get("excluded").get(0).get("gid").asInt());
        assertTrue(report.get("excluded").get(0).get("reason").asText().startsWith("no answer to its wake-up IPI"));
        assertEquals("bad-bank:0x11", report.get("injected").get(1).asText());
        assertEquals(1500, report.get("wake_deadline_ms").asInt());
    }

    /**
     * A counted core killed before it counts itself in running_count, with boot's default flags in virtual time: the
     * leader names it from the arrival roll once its heartbeat is older than the election's liveness bound (15 s, a
     * quarter of --timeout), before the watchdog (20 s) and the cycle limit (--timeout: 60 s); the summary says the
     * count was never sealed instead of printing a count, stacks and pools the boot never had.
     */
    @Test
    void aCountedCoreKilledInArchInitIsNamedByTheLeaderAndTheCountWasNeverSealed() throws Exception
    {
        final CliRun r = smpboot("boot", "--seed", "3", "--fault", "kill-core:0x005");
        assertEquals(1, r.status(), r.err() + r.out());
        final String first = r.err().lines().findFirst().orElseThrow();
        assertTrue(first.startsWith("smpboot boot: core[0x00,0] gid 0x000 fault in phase 'phase 1: arch_init: wait " +
            "for the count': election: leader cpu 0: await running_count == cpu_count: counted cpu 5 stopped its " +
            "heartbeat (older than the liveness timeout of 15000 ms)"), first);
        final String election = r.out().lines().filter(l -> l.startsWith("election: ")).findFirst().orElseThrow();
        assertTrue(election.matches("election: 16 candidates, bootstrap CPU gid 0x000 \\(cluster 0x00\\) replaced " +
            "0x5a5a5a5a5a5a5a5a at cycle \\d+; cpu_count never sealed"), election);
    }

    /**
     * The cores a boot leaves out wait, in a deterministic run, until the watchdog or their own bound faults them
     * (seconds of virtual time); report.json counts those steps apart from the boot's, which were 39 billion cycles of
     * phase 1's "other waits" in a boot that completes at cycle 991,552.
     */
    @Test
    void theStepsOfTheCoresLeftOutAreReportedApart() throws Exception
    {
        final CliRun r = smpboot("boot", "--seed", "1", "--flavor", "tsar", "--fault", "bad-bank:0x01", "--timeout", "12",
            "--wake-deadline", "1000", "--watchdog", "4", "--out", dir.toString());
        assertEquals(0, r.status(), r.err() + r.out());
        final Matcher done = Pattern.compile("boot complete at cycle (\\d+): 3 clusters, 12 cores").matcher(r.out());
        assertTrue(done.find(), r.out());
        final long complete = Long.parseLong(done.group(1));
        final JsonNode report = new ObjectMapper().readTree(Files.readString(dir.resolve("report.json")));
        long kept = 0;
        long leftOut = 0;
        for (final JsonNode phase : report.get("timing").get("phases"))
        {
            for (final JsonNode step : phase.get("steps"))
            {
                kept += step.get("core_cycles").asLong();
            }
            if (phase.has("left_out_steps"))
            {
                for (final JsonNode step : phase.get("left_out_steps"))
                {
                    leftOut += step.get("core_cycles").asLong();
                }
            }
        }
        // the kept cores and the devices: a million cycles a core or so (the idle threads tick on after completion)
        assertTrue(kept < 100L * complete, "the boot's own steps, " + kept + " cycles, in a boot complete at " + complete);
        assertTrue(leftOut > 4 * 4_000_000_000L, "the 4 cores left out waited at least the watchdog's 4 s each: " +
            leftOut);
    }

    /**
     * A deterministic boot's bounds are virtual time, in the order their messages are worth: a hang with the default
     * flags (a core of the tsar flavor killed, its cluster's local_barrier never full) ends at the watchdog (20 s past
     * the 10 s wake-up deadline), naming every core's wait, well before the cycle limit (--timeout's 60 s); and
     * --max-cycles moves the limit, which then ends the run naming the seed.
     */
    @Test
    void aDeterministicHangEndsAtTheWatchdogBeforeTheCycleLimitWhichMaxCyclesSets()
    {
        final CliRun hang = smpboot("boot", "--seed", "1", "--flavor", "tsar", "--fault", "kill-core:0x005");
        assertEquals(1, hang.status(), hang.err() + hang.out());
        final String first = hang.err().lines().filter(l -> l.startsWith("smpboot boot: ")).findFirst().orElseThrow();
        assertTrue(first.contains("watchdog: no core made progress for 30000000000 cycles (deterministic run, seed " +
            "1, cycle "), first);
        assertTrue(first.contains("core[0x01,1] gid 0x005 dead in 'phase 4: local_barrier'"), first);
        assertTrue(hang.err().contains("replay this boot: the same command with --seed 1"), hang.err());

        final CliRun limited = smpboot("boot", "--seed", "1", "--max-cycles", "100000000");
        assertEquals(1, limited.status(), limited.err() + limited.out());
        final String limit = limited.err().lines().filter(l -> l.startsWith("smpboot boot: ")).findFirst()
            .orElseThrow();
        assertTrue(limit.contains("deterministic run, seed 1: virtual time passed its limit of 100000000 cycles " +
            "(cycle 100000001)"), limit);
    }

    @Test
    void aFaultTheBootCannotSurviveIsOneLineNamingTheStageThenExit1()
    {
        final CliRun r = smpboot("boot", "--fault", "corrupt-archinfo:0", "--timeout", "10");
        assertEquals(1, r.status(), r.out());
        final String first = r.err().lines().findFirst().orElseThrow();
        assertTrue(first.matches("smpboot boot: core\\[0x..,\\d\\] gid 0x... fault in phase 'phase 2: " +
            "boot_info': arch_info.bin.*"), r.err());
    }

    @Test
    void badFaultsAreOneLineAndExit2()
    {
        for (final String[] bad : new String[][] {
            {"--fault", "melt-core:1"}, {"--fault", "dead-core"}, {"--fault", "dead-core:0x999"},
            {"--fault", "slow-core:0x005"}, {"--fault", "slow-core:0x005:-1"}, {"--fault", "bad-bank:0x22"},
            {"--fault", "lost-ipi:0x005"}, {"--fault", "corrupt-archinfo:999999"}, {"--fault", "kill-core:0x005:"},
            {"--wake-deadline", "0"}, {"--fault", "corrupt-archinfo:1:0x100"}})
        {
            final String[] args = new String[bad.length + 1];
            args[0] = "boot";
            System.arraycopy(bad, 0, args, 1, bad.length);
            final CliRun r = smpboot(args);
            assertEquals(2, r.status(), String.join(" ", bad) + ": " + r.err() + r.out());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("smpboot boot: --"), r.err());
        }
    }

    @Test
    void helpListsTheFaults()
    {
        final CliRun r = smpboot("boot", "--help");
        assertTrue(r.out().contains("--fault=KIND:ARGS"), r.out());
        assertTrue(r.out().contains("kill-core:GID[:STEP]"), r.out());
        assertTrue(r.out().contains("--wake-deadline=MS"), r.out());
    }

    @Test
    void theSeedsNonePolicyMakesItsLateCoresPlainInTheSummaryAndReport() throws Exception
    {
        // a seeded run: the late core writes TXT0 under the boot-loader's lock while kernel_init's cores write under
        // the kernel's, and in a parallel run the UART may weave its line into theirs (a CI run once had "[BOOT] core
        // gid " inside D5's line); in virtual time where it falls is the seed's, the same at every run
        final CliRun r = smpboot("boot", "--straggler", "none", "--fault", "late-core:0x045", "--timeout", "20",
            "--seed", "1", "--out", dir.toString());
        assertEquals(0, r.status(), r.err() + r.out());
        assertTrue(r.out().contains("[BOOT] core gid 0x045 arrived after cpu_count was sealed at "), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("LATE: ") && l.contains("(none)") &&
            l.contains("0x045")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("election: ") && l.contains("sealed by none")), r.out());
        final JsonNode election = new ObjectMapper().readTree(Files.readString(dir.resolve("report.json")))
            .get("election");
        assertEquals("none", election.get("seal").asText());
        assertTrue(java.util.stream.StreamSupport.stream(election.get("late").spliterator(), false)
            .anyMatch(n -> n.asInt() == 0x045), election.toString());
    }

    @Test
    void stragglerIsBadInputInTheTsarFlavorOrMisspelled()
    {
        for (final String[] bad : new String[][] {{"--flavor", "tsar", "--straggler", "none"},
            {"--straggler", "quiet:-1"}, {"--straggler", "soon"}, {"--fault", "late-core:0x005", "--flavor", "tsar"}})
        {
            final String[] args = new String[bad.length + 1];
            args[0] = "boot";
            System.arraycopy(bad, 0, args, 1, bad.length);
            final CliRun r = smpboot(args);
            assertEquals(2, r.status(), String.join(" ", bad) + ": " + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
        }
    }
}
