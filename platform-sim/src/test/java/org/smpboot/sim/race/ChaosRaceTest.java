package org.smpboot.sim.race;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 22, items 1 and 4, across processes: one CPU process killed by SIGKILL at a random moment of each round
 * (chaos), and the leader's process halted at each of its steps in turn. Every survivor completes with a plausible
 * count or names the death within the liveness timeout plus {@link RoundVerdict#LIVENESS_MARGIN_MS}; never two
 * leaders, never a hang, never a plain timeout. The long run: {@code -Dsmpboot.chaos.rounds=1000} (README, "Chaos").
 */
class ChaosRaceTest
{
    /** Liveness timeout of these races: short, so that a round with a death ends soon. */
    static final long LIVENESS_MS = 500;

    @TempDir
    Path dir;

    static RaceSettings settings(final int cpus, final long seed, final String crashAt)
    {
        return new RaceSettings(cpus, "random", seed, 2, 1024, "expected:" + cpus + ":2000", LIVENESS_MS, 10_000, 100,
            crashAt);
    }

    private static List<RoundVerdict> chaos(final Path file, final int processes, final int cpus, final int rounds,
        final long seed)
    {
        final List<RoundVerdict> verdicts = new ArrayList<>();
        try (ProcessRace race = new ProcessRace(settings(cpus, seed, null), processes, file, new Chaos(seed, 100)))
        {
            for (int r = 1; r <= rounds; r++)
            {
                final RoundVerdict v = race.round(r);
                System.out.println("chaos: " + v.describe());
                verdicts.add(v);
            }
        }
        System.out.println(ChaosSummary.of(verdicts).describe());
        return verdicts;
    }

    private static void allCorrect(final List<RoundVerdict> verdicts)
    {
        for (final RoundVerdict v : verdicts)
        {
            assertTrue(v.correct(), v.describe() + " " + v.problems());
        }
    }

    @Test
    void aRoundWithOneProcessKilledEndsWellForEverySurvivor()
    {
        allCorrect(chaos(dir.resolve("chaos.dat"), 3, 6, 2, 22));
    }

    @Tag("slow")
    @Test
    void fiveRoundsOfSixProcessesWithOneKilledEach()
    {
        final int rounds = Integer.getInteger("smpboot.chaos.rounds", 5);
        final List<RoundVerdict> verdicts = chaos(dir.resolve("chaos.dat"), 6, 6, rounds, 2026);
        allCorrect(verdicts);
        final ChaosSummary s = ChaosSummary.of(verdicts);
        assertEquals(rounds, s.correct());
    }

    @ParameterizedTest
    @EnumSource(CrashStep.class)
    @Tag("slow")
    void aLeaderProcessHaltedAtEachOfItsStepsIsNamedByEverySurvivor(final CrashStep step)
    {
        try (ProcessRace race = new ProcessRace(settings(4, 5, step.text()), 4, dir.resolve("crash.dat")))
        {
            final RoundVerdict v = race.round(1);
            System.out.println("crash-leader-at " + step + ": " + v.describe());
            final CpuReport dead = v.reports().stream().filter(r -> "process".equals(r.errorKind())).findFirst()
                .orElseThrow(() -> new AssertionError("no process halted: " + v.reports()));
            assertTrue(dead.error().contains("leader crash injected"), dead.error());
            final Set<String> named = step == CrashStep.BEFORE_MAGIC2 ? Set.of("LEADER_DEAD", "MAGIC1_WITHOUT_LEADER") :
                Set.of("LEADER_DEAD", "STALE_BOOT");
            for (final CpuReport r : v.reports())
            {
                if (r == dead)
                {
                    continue;
                }
                if (step == CrashStep.MAIN)
                {
                    assertEquals("FOLLOWER", r.role(), r.toString());
                    continue;
                }
                assertTrue(r.failed() && named.contains(r.errorKind()), step + ": " + r);
                final long tookNs = r.endedNanos() - Math.max(r.startedNanos(), v.gateNanos());
                assertTrue(r.named().contains(dead.cpu()) || r.errorKind().equals("MAGIC1_WITHOUT_LEADER"), r.toString());
                assertTrue(tookNs < RoundVerdict.livenessBoundNanos(LIVENESS_MS) + 30_000_000_000L, r.toString());
            }
        }
    }
}
