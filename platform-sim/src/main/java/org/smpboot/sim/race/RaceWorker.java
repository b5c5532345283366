package org.smpboot.sim.race;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.smpboot.runtime.boot.ElectionBoot;
import org.smpboot.runtime.internal.ThreadCpus;
import org.smpboot.runtime.region.SharedRegion;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * One CPU process of a {@link ProcessRace}: maps the shared file, waits at the gate, runs its CPUs as threads, and
 * prints one {@code RESULT} JSON line per CPU. Not a user command; the coordinator starts it.
 */
public final class RaceWorker
{
    private RaceWorker()
    {
    }

    /**
     * @param args file, round, comma-separated CPU ids, settings as JSON.
     * @throws Exception on bad arguments (the coordinator reports the exit status).
     */
    public static void main(final String[] args) throws Exception
    {
        final Path file = Path.of(args[0]);
        final int round = Integer.parseInt(args[1]);
        final int[] cpus = Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray();
        final ObjectMapper json = new ObjectMapper();
        final RaceSettings settings = json.readValue(args[3], RaceSettings.class);
        try (SharedRegion region = SharedRegion.map(file, ProcessRace.fileLength(settings)))
        {
            final ProcessGate gate = new ProcessGate(region.buffer());
            final ElectionBoot boot = settings.boot(region.buffer(), ProcessGate.LENGTH);
            gate.arrive();
            final WaitPolicy gatePolicy = WaitPolicy.defaults().withTimeout(300, TimeUnit.SECONDS);
            final long bound = TimeUnit.MILLISECONDS.toNanos(settings.timeoutMs() * 3 + settings.livenessMs() + 60_000);
            final SplittableRandom random = new SplittableRandom(settings.seed() * 31 + round + cpus[0]);
            final long[] jitter = random.longs(cpus.length, 0, settings.jitterUs() * 1000 + 1).toArray();
            final ThreadCpus.Run<CpuReport> run = ThreadCpus.run(cpus, 0, 0, bound, cpu ->
            {
                gate.awaitOpen(round, gatePolicy);
                final long j = jitter[indexOf(cpus, cpu)];
                if (j > 0)
                {
                    LockSupport.parkNanos(j);
                }
                return CpuReport.run(cpu, boot::run);
            });
            final List<CpuReport> reports = run.results().stream()
                .map(r -> r.error() != null ? CpuReport.of(r.cpu(), r.error()) : r.value()).toList();
            final StringBuilder out = new StringBuilder();
            for (final CpuReport r : reports)
            {
                out.append(ProcessRace.RESULT).append(json.writeValueAsString(r)).append('\n');
            }
            System.out.print(out);
            System.out.flush();
        }
    }

    private static int indexOf(final int[] cpus, final int cpu)
    {
        for (int i = 0; i < cpus.length; i++)
        {
            if (cpus[i] == cpu)
            {
                return i;
            }
        }
        throw new IllegalArgumentException("cpu " + cpu);
    }
}
