package org.smpboot.sim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.smpboot.runtime.boot.ElectionBoot;
import org.smpboot.sim.race.Chaos;
import org.smpboot.sim.race.CrashStep;
import org.smpboot.sim.race.ChaosSummary;
import org.smpboot.sim.race.ProcessRace;
import org.smpboot.sim.race.Race;
import org.smpboot.sim.race.RaceSettings;
import org.smpboot.sim.race.RoundVerdict;
import org.smpboot.sim.race.ThreadRace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code smpboot race}: the seed-002 election boot of N CPUs, as threads or as processes on a mapped file. */
@Command(
    name = "race",
    mixinStandardHelpOptions = true,
    description = {
        "CPUs race to CAS asm_magic_val to MAGIC1 on memory of unknown content, count themselves in cpu_count, draw",
        "stacks from arch_init_stack_pool (fixed size) then start_stack_pool (one per counted CPU), as seed 002 says.",
        "Prints per round the leader, cpu_count, late CPUs, the stack high-water mark and the time to all released.",
        "Exit status: 0 when every round was correct, 1 when one was not (one line names the stage), 2 on bad input."})
final class RaceCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Option(names = "--cpus", description = "CPUs racing (default: ${DEFAULT-VALUE}, or --processes).", defaultValue = "-1")
    private int cpus;

    @Option(names = "--rounds", description = "Rounds, each on freshly filled memory (default: ${DEFAULT-VALUE}).",
        defaultValue = "1")
    private int rounds;

    @Option(names = "--fill", description = "Reset pattern: zero, 5a, a5, random, random:SEED, word:0xHEX, magic1, " +
        "magic2, keep (default: ${DEFAULT-VALUE}; a bare random changes each round).", defaultValue = "random")
    private String fill;

    @Option(names = "--seed", description = "Seed of fills and start jitter (default: ${DEFAULT-VALUE}).",
        defaultValue = "1")
    private long seed;

    @Option(names = "--init-stacks", description = "Stacks of arch_init_stack_pool, whatever --cpus " +
        "(default: ${DEFAULT-VALUE}).", defaultValue = "" + ElectionBoot.DEFAULT_INIT_STACKS)
    private int initStacks;

    @Option(names = "--stack-size", description = "Bytes per stack (default: ${DEFAULT-VALUE}).",
        defaultValue = "" + ElectionBoot.DEFAULT_STACK_SIZE)
    private int stackSize;

    @Option(names = "--straggler", description = "When the leader seals cpu_count: none, quiet:MS, expected[:N[:MS]] " +
        "(default: expected:--cpus:2000).", defaultValue = "expected")
    private String straggler;

    @Option(names = "--liveness-ms", description = "Leader heartbeat age that means dead (default: ${DEFAULT-VALUE}).",
        defaultValue = "" + ElectionBoot.DEFAULT_LIVENESS_MS)
    private long livenessMs;

    @Option(names = "--timeout-ms", description = "Bound of every wait (default: ${DEFAULT-VALUE}).",
        defaultValue = "10000")
    private long timeoutMs;

    @Option(names = "--jitter-us", description = "Each CPU starts a random 0..J us after the gate " +
        "(default: ${DEFAULT-VALUE}).", defaultValue = "100")
    private long jitterUs;

    @Option(names = "--processes", description = "Run the CPUs in P JVM processes over --file (default: threads of " +
        "this JVM).", defaultValue = "0")
    private int processes;

    @Option(names = "--file", description = "Shared file for --processes; its content is left as found when --fill keep.")
    private Path file;

    @Option(names = "--json", description = "Write every round's per-CPU results to this JSON file.")
    private Path json;

    @Option(names = "--chaos", description = "Each round, SIGKILL one process drawn at random at a random moment after " +
        "the gate (needs --processes, at least 2; drawn from --seed); the survivors must complete or name the death " +
        "in bounded time.")
    private boolean chaos;

    @Option(names = "--chaos-max-delay-ms", description = "Latest kill, in ms after the gate (default: " +
        "${DEFAULT-VALUE}).", defaultValue = "100")
    private long chaosMaxDelayMs;

    @Option(names = "--crash-leader-before-magic2",
        description = "Fault injection: the leader's process halts between MAGIC1 and MAGIC2 (needs --processes); " +
            "the followers name it dead once its heartbeat is older than --liveness-ms. Same as --crash-leader-at " +
            "before-magic2.")
    private boolean crashLeader;

    @Option(names = "--crash-leader-at", paramLabel = "STEP", description = "Fault injection: the leader's process " +
        "halts at STEP (needs --processes): before-magic2, init-memory, init-cpu, init-globals, init-scheduler, " +
        "seal-wait, start-stacks, main; the others name it dead within --liveness-ms, or complete when it dies in " +
        "its main.")
    private String crashLeaderAt;

    @Override
    public Integer call() throws IOException
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (cpus == -1)
        {
            cpus = processes > 0 ? processes : 8;
        }
        if (rounds < 1)
        {
            throw new IllegalArgumentException("--rounds must be at least 1, got " + rounds);
        }
        if ((processes > 0) != (file != null))
        {
            throw new IllegalArgumentException("--processes and --file go together");
        }
        if ((crashLeader || crashLeaderAt != null) && processes == 0)
        {
            throw new IllegalArgumentException((crashLeader ? "--crash-leader-before-magic2" : "--crash-leader-at") +
                " needs --processes");
        }
        if (crashLeader && crashLeaderAt != null)
        {
            throw new IllegalArgumentException("--crash-leader-before-magic2 and --crash-leader-at: give one");
        }
        if (chaos && processes < 2)
        {
            throw new IllegalArgumentException("--chaos needs --processes 2 or more and --file");
        }
        if (fill.trim().equalsIgnoreCase("keep") && processes == 0)
        {
            throw new IllegalArgumentException("--fill keep needs --processes and --file (a fresh buffer has nothing to keep)");
        }
        final RaceSettings settings = new RaceSettings(cpus, fill, seed, initStacks, stackSize,
            straggler.equals("expected") ? "expected:" + cpus + ":2000" : straggler, livenessMs, timeoutMs, jitterUs,
            crashLeader ? CrashStep.BEFORE_MAGIC2.text() : crashLeaderAt);
        out.printf("race: %d CPUs as %s, %d round%s, fill %s, %d arch_init stacks of %d bytes, straggler %s%n",
            cpus, processes > 0 ? processes + " processes on " + file : "threads", rounds, rounds > 1 ? "s" : "",
            fill, initStacks, stackSize, settings.straggler());
        final List<RoundVerdict> verdicts = new ArrayList<>();
        try (Race race = processes > 0 ?
            new ProcessRace(settings, processes, file, chaos ? new Chaos(seed, chaosMaxDelayMs) : null) :
            new ThreadRace(settings))
        {
            for (int r = 1; r <= rounds; r++)
            {
                final RoundVerdict v = race.round(r);
                verdicts.add(v);
                out.println(v.describe());
            }
        }
        if (json != null)
        {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), verdicts);
        }
        final long correct = verdicts.stream().filter(RoundVerdict::correct).count();
        final List<RoundVerdict> whole = verdicts.stream()
            .filter(v -> v.correct() && v.leader() != null && v.allReleasedNanos() >= 0).toList();
        final double[] ms = whole.stream().mapToDouble(v -> v.allReleasedNanos() / 1e6).sorted().toArray();
        out.printf("summary: %d of %d rounds correct%s%n", correct, rounds, ms.length == 0 ? "" :
            String.format("; all released in median %.3f ms (min %.3f, max %.3f); leaders %s", ms[ms.length / 2], ms[0],
                ms[ms.length - 1], Arrays.toString(whole.stream().mapToInt(v -> v.leader().cpu()).toArray())));
        if (chaos)
        {
            out.println(ChaosSummary.of(verdicts).describe());
        }
        final RoundVerdict failed = verdicts.stream().filter(v -> !v.correct()).findFirst().orElse(null);
        if (failed != null)
        {
            err.println("race: round " + failed.round() + " failed at " + failed.problems().get(0));
            return 1;
        }
        return 0;
    }
}
