package org.smpboot.sim.race;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.smpboot.runtime.region.SharedRegion;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * Race rounds across JVM processes on one memory-mapped file. Each round the coordinator (this process) writes the
 * control page, fills the boot region with the round's pattern (unless {@code keep}), starts one JVM per process with
 * CPUs {@code i, i + P, i + 2P, ...}, opens the gate when all have mapped the file, and collects the JSON line each CPU
 * prints. A process that dies leaves its CPUs reported as ERROR, with its exit status.
 *
 * <p>With {@link Chaos}, each round one process drawn at random is killed by SIGKILL at a random moment after the gate;
 * its CPUs are reported KILLED, and the verdict judges what the survivors made of it ({@link RoundVerdict}).
 */
public final class ProcessRace implements Race
{
    /** Prefix of a CPU's result line on a worker's standard output. */
    static final String RESULT = "RESULT ";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RaceSettings settings;
    private final int processes;
    private final Path file;
    private final SharedRegion region;
    private final ProcessGate gate;
    private final Chaos chaos;

    /**
     * @param settings  the race.
     * @param processes JVM processes.
     * @param file      the shared file (created or grown if needed; its content is left as found until a fill).
     */
    public ProcessRace(final RaceSettings settings, final int processes, final Path file)
    {
        this(settings, processes, file, null);
    }

    /**
     * @param settings  the race.
     * @param processes JVM processes.
     * @param file      the shared file (created or grown if needed; its content is left as found until a fill).
     * @param chaos     one process killed per round, or null.
     */
    public ProcessRace(final RaceSettings settings, final int processes, final Path file, final Chaos chaos)
    {
        if (chaos != null && processes < 2)
        {
            throw new IllegalArgumentException("--chaos needs at least 2 processes (one is killed, the others judged)");
        }
        this.chaos = chaos;
        if (processes < 1 || processes > settings.cpus())
        {
            throw new IllegalArgumentException("--processes must be between 1 and --cpus (" + settings.cpus() + "), got " +
                processes);
        }
        this.settings = settings;
        this.processes = processes;
        this.file = file.toAbsolutePath();
        this.region = SharedRegion.map(this.file, ProcessGate.LENGTH + settings.regionLength());
        this.gate = new ProcessGate(region.buffer());
    }

    /** @return bytes of the shared file the race uses. */
    static int fileLength(final RaceSettings settings)
    {
        return ProcessGate.LENGTH + settings.regionLength();
    }

    @Override
    public RoundVerdict round(final int round)
    {
        gate.reset();
        settings.fillFor(round).apply(region.buffer(), ProcessGate.LENGTH, settings.regionLength());
        final List<Process> workers = new ArrayList<>();
        final List<Path> outputs = new ArrayList<>();
        final Map<Integer, Integer> processOfCpu = new HashMap<>();
        final List<List<Integer>> cpusOf = new ArrayList<>();
        try
        {
            for (int p = 0; p < processes; p++)
            {
                final List<Integer> cpus = new ArrayList<>();
                for (int cpu = p; cpu < settings.cpus(); cpu += processes)
                {
                    cpus.add(cpu);
                    processOfCpu.put(cpu, p);
                }
                cpusOf.add(cpus);
                final Path out = Files.createTempFile("smpboot-race-" + p + "-", ".out");
                outputs.add(out);
                workers.add(new ProcessBuilder(command(round, cpus))
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start());
            }
            final WaitPolicy startPolicy = WaitPolicy.defaults().withTimeout(300, TimeUnit.SECONDS); // JVMs start slowly on a loaded machine
            try
            {
                gate.awaitReady(processes, startPolicy);
            }
            catch (final RuntimeException e)
            {
                throw new IllegalStateException(e.getMessage() + "; worker output: " + firstLines(outputs), e);
            }
            final long gateNanos = System.nanoTime(); // CLOCK_MONOTONIC: comparable across processes of this machine
            gate.open(round);
            Kill kill = null;
            if (chaos != null)
            {
                final Chaos.Plan plan = chaos.plan(round, processes);
                long left;
                while ((left = gateNanos + plan.delayNanos() - System.nanoTime()) > 0)
                {
                    java.util.concurrent.locks.LockSupport.parkNanos(left);
                }
                final Process victim = workers.get(plan.process());
                final boolean alive = victim.isAlive();
                victim.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, as a processor that stops
                final long killNanos = System.nanoTime();
                kill = new Kill(plan.process(), cpusOf.get(plan.process()), killNanos - gateNanos, killNanos, alive);
            }

            final long boundMs = settings.timeoutMs() * 3 + settings.livenessMs() + 30_000;
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(boundMs);
            final int[] exit = new int[processes];
            for (int p = 0; p < processes; p++)
            {
                final Process w = workers.get(p);
                if (!w.waitFor(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())),
                    TimeUnit.MILLISECONDS))
                {
                    w.destroyForcibly();
                    w.waitFor(10, TimeUnit.SECONDS);
                    exit[p] = Integer.MIN_VALUE;
                }
                else
                {
                    exit[p] = w.exitValue();
                }
            }
            final Map<Integer, CpuReport> reports = new HashMap<>();
            for (final Path out : outputs)
            {
                for (final String line : Files.readAllLines(out, StandardCharsets.UTF_8))
                {
                    if (line.startsWith(RESULT))
                    {
                        final CpuReport r = JSON.readValue(line.substring(RESULT.length()), CpuReport.class);
                        reports.put(r.cpu(), r);
                    }
                }
            }
            final List<CpuReport> all = new ArrayList<>();
            for (int cpu = 0; cpu < settings.cpus(); cpu++)
            {
                final CpuReport r = reports.get(cpu);
                if (r != null)
                {
                    all.add(r);
                }
                else if (kill != null && kill.wasAlive() && kill.process() == processOfCpu.get(cpu))
                {
                    all.add(CpuReport.killed(cpu, kill.process()));
                }
                else
                {
                    final int p = processOfCpu.get(cpu);
                    final String status = exit[p] == Integer.MIN_VALUE ? "was killed after " + boundMs + " ms" :
                        "exited with status " + exit[p];
                    all.add(new CpuReport(cpu, CpuReport.ERROR, -1, -1, -1, -1, -1, null, "process",
                        "cpu " + cpu + ": its process " + p + " " + status + " before reporting" +
                        (exit[p] == CrashStep.EXIT ? " (leader crash injected: " + settings.crashStep().description() +
                        ")" : ""), List.of()));
                }
            }
            return RoundVerdict.judge(round, all, gateNanos, kill, settings.livenessMs());
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("race round " + round + ": " + e.getMessage(), e);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("race round " + round + " interrupted", e);
        }
        finally
        {
            workers.forEach(Process::destroyForcibly);
            for (final Path out : outputs)
            {
                try
                {
                    Files.deleteIfExists(out);
                }
                catch (final IOException ignored)
                {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    private List<String> command(final int round, final List<Integer> cpus)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (!arg.startsWith("-agentlib") && !arg.startsWith("-javaagent") && !arg.startsWith("-Xrunjdwp"))
            {
                command.add(arg); // the Agrona export and whatever else this JVM was given
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(RaceWorker.class.getName());
        command.add(file.toString());
        command.add(Integer.toString(round));
        command.add(cpus.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElseThrow());
        try
        {
            command.add(JSON.writeValueAsString(settings));
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        return command;
    }

    private static String firstLines(final List<Path> outputs)
    {
        final StringBuilder sb = new StringBuilder();
        for (final Path out : outputs)
        {
            try
            {
                Files.readAllLines(out).stream().limit(3).forEach(l -> sb.append(l).append(" | "));
            }
            catch (final IOException ignored)
            {
                // best effort
            }
        }
        return sb.length() == 0 ? "(none)" : sb.toString();
    }

    @Override
    public void close()
    {
        region.close();
    }
}
