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
import org.smpboot.sim.run.BootWorkers;
import org.smpboot.sim.run.PlatformBoot;

/**
 * Many boots of one platform, each with a random fill and at most one random fault ({@link SoakCase}), each judged
 * against its documented outcome: the soak passes when none is unexplained.
 *
 * <p>Two modes. Deterministic (the default): each boot runs one core at a time under its own seed
 * ({@link PlatformBoot#seed}), every bound in virtual time, so a boot depends on its seed and flags only and the
 * command line its report prints replays it byte for byte; independent boots run on several host threads at once
 * ({@link BootWorkers}), told in order. Parallel ({@code deterministic(false)}): the cores are host threads racing
 * for real, with a random start order and start jitter, one boot at a time (two at once would trip each other's
 * host-time bounds on a small host); such a boot is not replayable exactly.
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
    private boolean deterministic = true;
    private int workers = Runtime.getRuntime().availableProcessors();

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
     * @param on true (the default) for boots in virtual time, one core at a time, each replayable by its seed; false
     *           for host threads racing, one boot at a time.
     * @return this.
     */
    public Soak deterministic(final boolean on)
    {
        this.deterministic = on;
        return this;
    }

    /**
     * @param n host threads booting at once in the deterministic mode, at least 1 (default: one per host processor).
     * @return this.
     */
    public Soak workers(final int n)
    {
        if (n < 1)
        {
            throw new IllegalArgumentException("workers must be at least 1, got " + n);
        }
        this.workers = n;
        return this;
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
     * @param boots  how many.
     * @param seed   the soak's seed: the same seed draws the same boots.
     * @param report told one line per boot that did not go as documented.
     * @param done   told how many boots are done, after each.
     * @return the summary.
     * @throws IOException when a boot's disk cannot be written.
     */
    public Summary run(final int boots, final long seed, final Consumer<String> report, final IntConsumer done)
        throws IOException
    {
        final long t0 = System.nanoTime();
        final Random r = new Random(seed);
        final int archBytes = ArchInfoWriter.write(platform).length;
        final List<SoakCase> cases = new ArrayList<>(boots);
        for (int i = 0; i < boots; i++)
        {
            cases.add(SoakCase.draw(i, r, platform, flavors, archBytes, layout.kernelShift() != 0));
        }
        final Map<String, Tally> byKind = new TreeMap<>();
        final List<String> unexplained = new ArrayList<>();
        final int[] told = {0};
        BootWorkers.inOrder(deterministic ? workers : 1, "soak-worker", 0, boots, i -> judge(cases.get((int)i)), j ->
        {
            final Tally t = byKind.computeIfAbsent(j.c().injected(), k -> new Tally());
            t.boots++;
            if (j.problem() != null)
            {
                t.unexplained++;
                final String line = String.format("boot %d: %s: %s", j.c().index(), replay(j.c()), j.problem());
                unexplained.add(line);
                report.accept(line);
            }
            else if (j.complete())
            {
                t.completed++;
                t.coresLeftOut += j.excluded();
            }
            else
            {
                t.failedAsDocumented++;
            }
            done.accept(++told[0]);
            return false;
        });
        return new Summary(boots, byKind, unexplained, (System.nanoTime() - t0) / 1_000_000);
    }

    /** One boot's judgement: whether it completed, how many cores it left out, and what was not as documented. */
    private record Judged(SoakCase c, boolean complete, int excluded, String problem)
    {
    }

    private Judged judge(final SoakCase c) throws IOException
    {
        try
        {
            final BootResult b = boot(c);
            final String first = b.faults().isEmpty() ? null : b.faults().get(0).lines().findFirst().orElse("");
            return new Judged(c, b.complete(), b.excluded().size(), c.judge(b.complete(), b.excluded(), first));
        }
        catch (final RuntimeException e)
        {
            return new Judged(c, false, 0, "the boot threw " + e);
        }
    }

    /**
     * @param c a boot.
     * @return how to replay it: in the deterministic mode, the arguments of {@code smpboot boot} (with the soak's
     * platform flags) that run the very same boot.
     */
    public String replay(final SoakCase c)
    {
        if (!deterministic)
        {
            return c.replay();
        }
        return "boot --seed " + c.seed() + " --flavor " + c.flavor().cliName() + " --layout " + layout.cliName() +
            " --fill " + c.fill() + (c.fault() == null ? "" : " --fault " + c.fault()) + " --timeout " +
            timeout.toSeconds() + " --wake-deadline " + wakeDeadline.toMillis() + " --watchdog " + watchdog.toSeconds();
    }

    /**
     * @param c a boot.
     * @return its result: in the deterministic mode the boot {@link #replay} names, built as {@code smpboot boot}
     * builds it.
     * @throws IOException when its disk cannot be written.
     */
    BootResult boot(final SoakCase c) throws IOException
    {
        final PlatformBoot b;
        if (deterministic)
        {
            // as `boot --seed` does: the fill's own seed is in its spec (random:N, word:X), the schedule's is the boot's
            b = new PlatformBoot(platform, new BootOptions(layout, timeout, false, c.flavor()),
                MachineConfig.defaults().withFill(Magic.parseFill(c.fill(), 1)).withConsole(null))
                .wakeDeadline(wakeDeadline).watchdog(watchdog).seed(c.seed());
        }
        else
        {
            b = new PlatformBoot(platform, new BootOptions(layout, timeout, false, c.flavor()),
                MachineConfig.defaults().withFill(Magic.parseFill(c.fill(), c.seed())).withConsole(null))
                .startOrder(c.seed()).startJitter(c.jitterUs()).wakeDeadline(wakeDeadline).watchdog(watchdog);
        }
        if (c.fault() != null)
        {
            b.faults(new FaultPlan(List.of(c.fault())));
        }
        return b.run(c.fill());
    }
}
