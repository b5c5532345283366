package org.smpboot.sim.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import org.smpboot.runtime.region.Fill;
import org.smpboot.sim.boot.BootFlavor;
import org.smpboot.sim.boot.BootOptions;
import org.smpboot.sim.explore.Explorer;
import org.smpboot.sim.explore.NoSenseBarrier;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.hw.SeededSchedule;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.kernel.KernelBarriers;
import org.smpboot.sim.platform.Platform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code smpboot explore}: boots a (small) platform deterministically under many seeds, each one interleaving of the
 * cores, and reports every seed whose boot breaks an invariant: a schedule explorer for the boot protocols.
 */
@Command(
    name = "explore",
    mixinStandardHelpOptions = true,
    header = "Deterministic boots under many seeds, checked against invariants.",
    description = {
        "Each seed is one interleaving of the cores' shared accesses and waits. Every seed whose boot breaks an " +
            "invariant is reported: not complete (a fault, or a hang past --max-cycles), not exactly one boot core, " +
            "a core not in kernel_init with its own cxy and lid, a cluster without its kernel and boot_info after " +
            "phase 4, or a miscounted boot-complete line. A reported seed replays with --first-seed S --seeds 1, or " +
            "boot --seed S (same platform flags). --strategy pct draws each seed's interleaving by PCT (random " +
            "priorities, --pct-depth - 1 change points over the scheduling points of one uniform boot) instead of " +
            "uniformly.",
        "Use a small platform: every seed is a whole boot, one core at a time; --workers boots run at once. Progress (done/total, rate, ETA) goes " +
            "to standard error: a bar at a terminal, a line every few seconds otherwise.",
        "Exit status: 0 every seed kept every invariant, 1 some seed broke one, 2 bad input."})
final class ExploreCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Mixin
    private PlatformOptions platform;

    @Option(names = "--seeds", paramLabel = "N", description = "How many seeds (default: ${DEFAULT-VALUE}).",
        defaultValue = "100")
    private int seeds;

    @Option(names = "--first-seed", paramLabel = "S", description = "The first seed (default: ${DEFAULT-VALUE}).",
        defaultValue = "1")
    private long first;

    @Option(names = "--flavor", paramLabel = "FLAVOR", description = "elected or tsar (default: ${DEFAULT-VALUE}).", defaultValue = "elected")
    private String flavor;

    @Option(names = "--layout", paramLabel = "LAYOUT", description = "almos-mk or almos-mkh (default: ${DEFAULT-VALUE}).",
        defaultValue = "almos-mkh")
    private String layout;

    @Option(names = "--fill", paramLabel = "PATTERN", description = "RAM content at reset, as for boot (default: ${DEFAULT-VALUE}).",
        defaultValue = "5a")
    private String fill;

    @Option(names = "--max-cycles", paramLabel = "CYCLES", description = "Virtual time one boot may reach before it " +
        "is declared hung (default: ${DEFAULT-VALUE}).", defaultValue = "" + Explorer.DEFAULT_MAX_CYCLES)
    private long maxCycles;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Host-time bound of each boot " +
        "(default: ${DEFAULT-VALUE}).", defaultValue = "60")
    private long timeout;

    @Option(names = "--strategy", description = "How each seed interleaves the cores: random (uniform choices at " +
        "one access in 8 and at every wait) or pct (random priorities and --pct-depth - 1 change points, " +
        "Burckhardt et al. 2010) (default: ${DEFAULT-VALUE}).", defaultValue = "random")
    private String strategy;

    @Option(names = "--pct-depth", paramLabel = "D", description = "PCT's bug depth: D - 1 priority change points " +
        "(default: ${DEFAULT-VALUE}).", defaultValue = "" + SeededSchedule.DEFAULT_PCT_DEPTH)
    private int pctDepth;

    @Option(names = "--stop-at-first", description = "Stop at the first seed that breaks an invariant.")
    private boolean stopAtFirst;

    @Option(names = "--workers", paramLabel = "N", description = "Host threads booting seeds at once; a seed's boot " +
        "is the same whichever runs it (default: the host's processors, here ${DEFAULT-VALUE}).")
    private int workers = Runtime.getRuntime().availableProcessors();

    @Option(names = "--variant", hidden = true, description = "A deliberately broken protocol, the explorer's " +
        "negative control: no-sense-reversal (kernel_init's barriers without sense reversal).")
    private String variant;

    @Override
    public Integer call() throws Exception
    {
        final PrintWriter o = spec.commandLine().getOut();
        if (seeds < 1)
        {
            throw new IllegalArgumentException("--seeds must be at least 1, got " + seeds);
        }
        if (maxCycles < 1)
        {
            throw new IllegalArgumentException("--max-cycles must be at least 1, got " + maxCycles);
        }
        if (workers < 1)
        {
            throw new IllegalArgumentException("--workers must be at least 1, got " + workers);
        }
        if (timeout < 1)
        {
            throw new IllegalArgumentException("--timeout must be at least 1 second, got " + timeout);
        }
        final KernelBarriers barriers;
        if (variant == null)
        {
            barriers = KernelBarriers.SENSE_REVERSING;
        }
        else if (variant.equals("no-sense-reversal"))
        {
            barriers = NoSenseBarrier.KERNEL;
        }
        else
        {
            throw new IllegalArgumentException("--variant " + UserInput.clip(variant) + ": unknown (no-sense-reversal)");
        }
        final SeededSchedule.Strategy how = switch (strategy)
        {
            case "random" -> SeededSchedule.Strategy.RANDOM;
            case "pct" -> SeededSchedule.Strategy.PCT;
            default -> throw new IllegalArgumentException("--strategy " + UserInput.clip(strategy) + ": unknown " +
                "(random, pct)");
        };
        if (pctDepth < 1)
        {
            throw new IllegalArgumentException("--pct-depth must be at least 1, got " + pctDepth);
        }
        final Fill f = UserInput.parse("--fill", () -> BootCommand.resetFill(fill));
        final BootFlavor who = UserInput.parse("--flavor", () -> BootFlavor.of(flavor));
        final BootLayout preset = UserInput.parse("--layout", () -> BootLayout.of(layout));
        final Platform p = platform.bootable();
        final Explorer explorer = new Explorer(p, new BootOptions(preset, Duration.ofSeconds(timeout), false, who),
            MachineConfig.defaults().withFill(f).withConsole(null), f.toString()).barriers(barriers)
            .maxCycles(maxCycles).strategy(how, pctDepth, 0).workers(workers);
        o.printf("explore: %s, %dx%d clusters, %d cores, flavor %s, layout %s, fill %s%s, strategy %s, seeds %d..%d%n",
            p.name(), p.xSize(), p.ySize(), p.cores().size(), who.cliName(), preset.cliName(), f,
            variant == null ? "" : ", variant " + variant, how == SeededSchedule.Strategy.PCT ? "pct (depth " +
            pctDepth + ")" : "random", first, first + seeds - 1);
        o.flush();
        final long t0 = System.nanoTime();
        final List<Explorer.Finding> found;
        try (Progress progress = Progress.of("seeds", seeds, spec.commandLine().getErr(), "smpboot.explore"))
        {
            found = explorer.explore(first, seeds, stopAtFirst, x ->
            {
                progress.done(x.seed() - first + 1);
                if (!x.violations().isEmpty())
                {
                    progress.above(() ->
                    {
                        o.printf("seed %d: %s%n", x.seed(), String.join("; ", x.violations()));
                        o.flush();
                    });
                }
            });
        }
        final long explored = found.isEmpty() || !stopAtFirst ? seeds : found.get(found.size() - 1).seed() - first + 1;
        o.printf("explored %d seeds in %.1f s: %s%s%n", explored, (System.nanoTime() - t0) / 1e9, found.isEmpty() ?
            "every boot kept every invariant" : found.size() + " broke an invariant (seeds " +
            String.join(", ", found.stream().map(x -> Long.toString(x.seed())).toList()) + "; replay one with " +
            "--first-seed S --seeds 1" + (variant == null ? ", or boot --seed S" : "") + ")",
            how == SeededSchedule.Strategy.PCT ? "; PCT change points over k = " + explorer.pctSteps() +
            " scheduling points" : "");
        o.flush();
        return found.isEmpty() ? 0 : 1;
    }
}
