package org.smpboot.sim.soak;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import org.smpboot.runtime.boot.Magic;
import org.smpboot.sim.boot.BootFlavor;
import org.smpboot.sim.boot.BootOptions;
import org.smpboot.sim.fault.FaultPlan;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.image.ArchInfoWriter;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.run.BootResult;
import org.smpboot.sim.run.PlatformBoot;

/**
 * Many boots of one platform, each with a random fill, start order and jitter and at most one random fault
 * ({@link SoakCase}), each judged against its documented outcome: the soak passes when none is unexplained.
 */
public final class Soak
{
    /** What the boots of one injected kind came to. */
    public static final class Tally
    {
        private int boots;
        private int completed;
        private int coresLeftOut;
        private int failedAsDocumented;
        private int unexplained;

        /** @return boots with this kind injected. */
        public int boots()
        {
            return boots;
        }

        /** @return those that completed. */
        public int completed()
        {
            return completed;
        }

        /** @return cores left out over those boots. */
        public int coresLeftOut()
        {
            return coresLeftOut;
        }

        /** @return those that failed as documented. */
        public int failedAsDocumented()
        {
            return failedAsDocumented;
        }

        /** @return those whose outcome was not the documented one. */
        public int unexplained()
        {
            return unexplained;
        }
    }

    /**
     * The soak's outcome.
     *
     * @param boots       boots run.
     * @param byKind      per injected kind.
     * @param unexplained one line per boot whose outcome was not the documented one, with how to replay it.
     * @param millis      wall-clock duration.
     */
    public record Summary(int boots, Map<String, Tally> byKind, List<String> unexplained, long millis)
    {
    }

    private final Platform platform;
    private final BootLayout layout;
    private final List<BootFlavor> flavors;
    private final Duration timeout;
    private final Duration wakeDeadline;
    private final Duration watchdog;

    /**
     * @param platform     the platform.
     * @param layout       the memory layout.
     * @param flavors      the flavors drawn from.
     * @param timeout      each boot's bound.
     * @param wakeDeadline the wake-up deadline.
     * @param watchdog     the quiet time after which a boot is declared hung.
     */
    public Soak(final Platform platform, final BootLayout layout, final List<BootFlavor> flavors,
        final Duration timeout, final Duration wakeDeadline, final Duration watchdog)
    {
        this.platform = platform;
        this.layout = layout;
        this.flavors = List.copyOf(flavors);
        this.timeout = timeout;
        this.wakeDeadline = wakeDeadline;
        this.watchdog = watchdog;
    }

    /**
     * @param boots    how many.
     * @param seed     the soak's seed: the same seed draws the same boots.
     * @param progress told one line per boot that did not go as documented.
     * @return the summary.
     * @throws IOException when a boot's disk cannot be written.
     */
    public Summary run(final int boots, final long seed, final Consumer<String> progress) throws IOException
    {
        return run(boots, seed, progress, n -> { });
    }

    /**
     * @param boots       how many.
     * @param seed        the soak's seed: the same seed draws the same boots.
     * @param report told one line per boot that did not go as documented.
     * @param done   told how many boots are done, after each.
     * @return the summary.
     * @throws IOException when a boot's disk cannot be written.
     */
    public Summary run(final int boots, final long seed, final Consumer<String> report, final IntConsumer done)
        throws IOException
    {
        final Consumer<String> progress = report;
        final long t0 = System.nanoTime();
        final Random r = new Random(seed);
        final int archBytes = ArchInfoWriter.write(platform).length;
        final Map<String, Tally> byKind = new TreeMap<>();
        final List<String> unexplained = new ArrayList<>();
        for (int i = 0; i < boots; i++)
        {
            final SoakCase c = SoakCase.draw(i, r, platform, flavors, archBytes, layout.kernelShift() != 0);
            final Tally t = byKind.computeIfAbsent(c.injected(), k -> new Tally());
            t.boots++;
            String problem;
            try
            {
                final BootResult b = boot(c);
                final String first = b.faults().isEmpty() ? null : b.faults().get(0).lines().findFirst().orElse("");
                problem = c.judge(b.complete(), b.excluded(), first);
                if (problem == null && b.complete())
                {
                    t.completed++;
                    t.coresLeftOut += b.excluded().size();
                }
                else if (problem == null)
                {
                    t.failedAsDocumented++;
                }
            }
            catch (final RuntimeException e)
            {
                problem = "the boot threw " + e;
            }
            if (problem != null)
            {
                t.unexplained++;
                final String line = String.format("boot %d: %s: %s", i, c.replay(), problem);
                unexplained.add(line);
                progress.accept(line);
            }
            done.accept(i + 1);
        }
        return new Summary(boots, byKind, unexplained, (System.nanoTime() - t0) / 1_000_000);
    }

    private BootResult boot(final SoakCase c) throws IOException
    {
        final PlatformBoot b = new PlatformBoot(platform, new BootOptions(layout, timeout, false, c.flavor()),
            MachineConfig.defaults().withFill(Magic.parseFill(c.fill(), c.seed())).withConsole(null))
            .startOrder(c.seed()).startJitter(c.jitterUs()).wakeDeadline(wakeDeadline).watchdog(watchdog);
        if (c.fault() != null)
        {
            b.faults(new FaultPlan(List.of(c.fault())));
        }
        return b.run(c.fill());
    }
}
