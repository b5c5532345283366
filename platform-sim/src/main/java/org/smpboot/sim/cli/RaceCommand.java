package org.smpboot.sim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

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
    header = "Election boot of N CPUs (threads or processes), round by round.",
    description = {
        "CPUs race to CAS asm_magic_val to MAGIC1 on memory of unknown content; the winner (the leader) publishes " +
            "MAGIC2, the others count themselves in cpu_count and draw stacks from arch_init_stack_pool (a fixed " +
            "number, whatever N), then start_stack_pool (one per counted CPU, placed once the count is sealed).",
        "Prints per round the leader, cpu_count, late CPUs, the stack high-water mark and the time to all released.",
        "Exit status: 0 when every round was correct, 1 when one was not (one line names the stage), 2 on bad input."})
final class RaceCommand implements Callable<Integer>
{
    private static final long DEFAULT_CHAOS_MAX_DELAY_MS = 100;

    @Spec
    private CommandSpec spec;

    @Option(names = "--cpus", paramLabel = "N", description = "CPUs racing (default: 8; with --processes P, P).")
    private Integer cpus;

    @Option(names = "--rounds", paramLabel = "R", description = "Rounds, each on freshly filled memory (default: ${DEFAULT-VALUE}).",
        defaultValue = "1")
    private int rounds;

    @Option(names = "--fill", paramLabel = "PATTERN", description = "Reset pattern: zero, 5a, a5, random, random:SEED, word:0xHEX, magic1, " +
        "magic2, keep (default: ${DEFAULT-VALUE}; a bare random changes each round).", defaultValue = "random")
    private String fill;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of fills and start jitter (default: ${DEFAULT-VALUE}).",
        defaultValue = "1")
    private long seed;

    @Option(names = "--init-stacks", paramLabel = "K", description = "Stacks of arch_init_stack_pool, whatever --cpus " +
        "(default: ${DEFAULT-VALUE}).", defaultValue = "" + ElectionBoot.DEFAULT_INIT_STACKS)
    private int initStacks;

    @Option(names = "--stack-size", paramLabel = "BYTES", description = "Bytes per stack (default: ${DEFAULT-VALUE}).",
        defaultValue = "" + ElectionBoot.DEFAULT_STACK_SIZE)
    private int stackSize;

    @Option(names = "--straggler", paramLabel = "POLICY", description = "When the leader seals cpu_count: none, quiet:MS, expected[:N[:MS]] " +
        "(default: expected:--cpus:2000).", defaultValue = "expected")
    private String straggler;

    @Option(names = "--require-all", description = "Fail a round in which a CPU arrived after the seal (LATE): " +
        "every CPU must be counted.")
    private boolean requireAll;

    @Option(names = "--liveness-ms", paramLabel = "MS", description = "Leader heartbeat age that means dead " +
        "(default: ${DEFAULT-VALUE}).",
        defaultValue = "" + ElectionBoot.DEFAULT_LIVENESS_MS)
    private long livenessMs;

    @Option(names = "--timeout-ms", paramLabel = "MS", description = "Bound of every wait (default: ${DEFAULT-VALUE}).",
        defaultValue = "10000")
    private long timeoutMs;

    @Option(names = "--jitter-us", paramLabel = "US", description = "Each CPU starts a random 0..J us after the gate " +
        "(default: ${DEFAULT-VALUE}).", defaultValue = "100")
    private long jitterUs;

    @Option(names = "--processes", paramLabel = "P", description = "Run the CPUs in P JVM processes over --file (default: threads of " +
        "this JVM).", defaultValue = "0")
    private int processes;

    @Option(names = "--file", paramLabel = "PATH", description = "Shared file for --processes; its content is left as found when --fill keep.")
    private Path file;

    @Option(names = "--json", paramLabel = "FILE", description = "Write every round's per-CPU results to this JSON file.")
    private Path json;

    @Option(names = "--chaos", description = "Each round, SIGKILL one process drawn at random at a random moment after " +
        "the gate (needs --processes, at least 2; drawn from --seed); the survivors must complete or name the death " +
        "in bounded time.")
    private boolean chaos;

    @Option(names = "--chaos-max-delay-ms", description = "Latest kill, in ms after the gate (default: " +
        "${DEFAULT-VALUE}).", defaultValue = "" + DEFAULT_CHAOS_MAX_DELAY_MS)
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
        if (cpus == null)
        {
            cpus = processes > 0 ? processes : 8;
        }
        if (processes < 0)
        {
            throw new IllegalArgumentException("--processes must be 0 (threads of this JVM) or more, got " +
                processes);
        }
        if (!straggler.matches("none|quiet:\\d{1,9}|expected(:\\d{1,9}(:\\d{1,9})?)?"))
        {
            throw new IllegalArgumentException("--straggler wants none, quiet:MS or expected[:N[:MS]] (numbers 0 or " +
                "more), got '" + UserInput.clip(straggler) + "'");
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
        if (chaosMaxDelayMs != DEFAULT_CHAOS_MAX_DELAY_MS && !chaos)
        {
            throw new IllegalArgumentException("--chaos-max-delay-ms needs --chaos");
        }
        if (crashLeaderAt != null)
        {
            UserInput.parse("--crash-leader-at", () -> crashStep(crashLeaderAt));
        }
        if (json != null)
        {
            UserInput.writable("--json", json); // before the rounds, not after
        }
        final RaceSettings settings = UserInput.parse("--fill", () -> new RaceSettings(cpus, fill, seed, initStacks,
            stackSize, straggler.equals("expected") ? "expected:" + cpus + ":2000" : straggler, livenessMs, timeoutMs,
            jitterUs, crashLeader ? CrashStep.BEFORE_MAGIC2.text() : crashLeaderAt));
        final Chaos killer = chaos ? UserInput.parse("--chaos-max-delay-ms", () -> new Chaos(seed, chaosMaxDelayMs)) :
            null;
        out.printf("race: %d CPUs as %s, %d round%s, fill %s, %d arch_init stacks of %d bytes, straggler %s%n",
            cpus, processes > 0 ? processes + " processes on " + file : "threads", rounds, rounds > 1 ? "s" : "",
            fill, initStacks, stackSize, settings.straggler());
        final List<RoundVerdict> verdicts = new ArrayList<>();
        try (Race race = processes > 0 ? processRace(settings, killer) : new ThreadRace(settings))
        {
            for (int r = 1; r <= rounds; r++)
            {
                final RoundVerdict v = requireAll ? race.round(r).requireAll() : race.round(r);
                verdicts.add(v);
                out.println(v.describe());
            }
        }
        if (json != null)
        {
            UserInput.write("--json", json, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsBytes(verdicts));
        }
        final long correct = verdicts.stream().filter(RoundVerdict::correct).count();
        final List<RoundVerdict> whole = verdicts.stream()
            .filter(v -> v.correct() && v.leader() != null && v.allReleasedNanos() >= 0).toList();
        final double[] ms = whole.stream().mapToDouble(v -> v.allReleasedNanos() / 1e6).sorted().toArray();
        out.printf("summary: %d of %d rounds correct%s%n", correct, rounds, ms.length == 0 ? "" :
            String.format("; all released in median %.3f ms (min %.3f, max %.3f); leaders %s", ms[ms.length / 2], ms[0],
                ms[ms.length - 1], Arrays.toString(whole.stream().mapToInt(v -> v.leader().cpu()).toArray())));
        final long withLate = verdicts.stream().filter(v -> v.correct() && !v.lateCpus().isEmpty()).count();
        if (withLate > 0)
        {
            out.printf("LATE: %d correct round%s had CPUs that arrived after the seal and were not counted (straggler " +
                "%s; --require-all fails such rounds)%n", withLate, withLate > 1 ? "s" : "", settings.straggler());
        }
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

    /** The step, or a line naming the steps: the user's text quoted at most {@link UserInput#CLIP} characters long. */
    private static CrashStep crashStep(final String text)
    {
        try
        {
            return CrashStep.parse(text);
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalArgumentException("--crash-leader-at " + UserInput.clip(text) + ": unknown step (" +
                Arrays.stream(CrashStep.values()).map(CrashStep::text).collect(Collectors.joining(", ")) + ")", e);
        }
    }

    private ProcessRace processRace(final RaceSettings settings, final Chaos killer)
    {
        if (Files.isDirectory(file))
        {
            throw UserInput.bad("--file", file, "is a directory, not a file");
        }
        try
        {
            return new ProcessRace(settings, processes, file, killer);
        }
        catch (final UncheckedIOException e)
        {
            throw UserInput.bad("--file", file, "cannot map it: " + UserInput.why(e.getCause()));
        }
    }
}
