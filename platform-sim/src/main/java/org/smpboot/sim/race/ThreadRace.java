package org.smpboot.sim.race;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.smpboot.runtime.boot.ElectionBoot;
import org.smpboot.runtime.internal.ThreadCpus;
import org.smpboot.runtime.region.SharedRegion;

/** Race rounds with threads of this JVM as CPUs, on one direct region. */
public final class ThreadRace implements Race
{
    private final RaceSettings settings;
    private final SharedRegion region;

    /** @param settings the race. */
    public ThreadRace(final RaceSettings settings)
    {
        this.settings = settings;
        this.region = SharedRegion.allocate(settings.regionLength());
    }

    @Override
    public RoundVerdict round(final int round)
    {
        region.fill(settings.fillFor(round));
        final ElectionBoot boot = settings.boot(region.buffer(), 0);
        final long bound = TimeUnit.MILLISECONDS.toNanos(settings.timeoutMs() * 3 + settings.livenessMs());
        final ThreadCpus.Run<CpuReport> run = ThreadCpus.run(settings.cpus(), settings.jitterUs() * 1000,
            settings.seed() * 31 + round, bound, cpu -> CpuReport.run(cpu, boot::run));
        final List<CpuReport> reports = run.results().stream()
            .map(r -> r.error() != null ? CpuReport.of(r.cpu(), r.error()) : r.value()).toList();
        return RoundVerdict.judge(round, reports, run.gateNanos());
    }

    @Override
    public void close()
    {
        region.close();
    }
}
