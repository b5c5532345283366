package org.smpboot.sim.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.smpboot.sim.boot.BootFlavor;
import org.smpboot.sim.boot.CountSeal;
import org.smpboot.sim.driver.BarrierKind;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.run.PlatformBoot;
import org.smpboot.sim.scale.Scale;
import org.smpboot.sim.scale.ScaleCharts;
import org.smpboot.sim.scale.ScaleTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code smpboot scale}: a range of square meshes booted deterministically, their virtual cycles tabled and plotted.
 */
@Command(
    name = "scale",
    mixinStandardHelpOptions = true,
    header = "Boots a range of platforms in virtual time; tables and plots of their cycles.",
    description = {
        "Boots square meshes of --from x --from up to --to x --to clusters (the side doubling, --to included) of " +
            "--cores cores each, deterministically (--seed, the timed strategy: every request reaches its target's " +
            "queue in the order of its arrival cycle), once per flavor and barrier class asked for. Every figure is " +
            "virtual time read from the simulated machine, so it does not depend on the host: the cycles of each " +
            "boot phase and of each class of step per core, the hottest bank's or device's queueing delay, each " +
            "barrier's episodes.",
        "Writes scale.csv and scale.json (one row per boot) and four plots against the cores or clusters: " +
            "scale-phases.png, scale-steps.png, scale-queue.png, scale-barriers.png. The default range took about " +
            "95 s of CPU, most of it the 16x16x4 boot (4 minutes of wall time on a quiet 2-core host).",
        "Exit status: 0 every boot completed, 1 some did not, 2 bad input."})
final class ScaleCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Option(names = "--from", paramLabel = "SIDE", description = "The smallest mesh side (default: ${DEFAULT-VALUE}).",
        defaultValue = "1")
    private int from;

    @Option(names = "--to", paramLabel = "SIDE", description = "The largest mesh side, at most 16 " +
        "(default: ${DEFAULT-VALUE}).", defaultValue = "16")
    private int to;

    @Option(names = "--cores", paramLabel = "N", description = "Cores per cluster, 1 to 4 (default: ${DEFAULT-VALUE}).",
        defaultValue = "4")
    private int cores;

    @Option(names = "--flavor", paramLabel = "FLAVOR", description = "elected, tsar or both " +
        "(default: ${DEFAULT-VALUE}).", defaultValue = "elected")
    private String flavor;

    @Option(names = "--barrier", paramLabel = "KIND[,KIND...]", description = "Barrier classes behind global_barrier " +
        "and local_barrier, as boot --barrier: centralized, tree, dissemination, hierarchical " +
        "(default: ${DEFAULT-VALUE}).", defaultValue = "centralized")
    private String barrier;

    @Option(names = "--layout", paramLabel = "LAYOUT", description = "almos-mk or almos-mkh " +
        "(default: ${DEFAULT-VALUE}).", defaultValue = "almos-mkh")
    private String layout;

    @Option(names = "--straggler", paramLabel = "RULE", description = "When the elected leader seals cpu_count, as " +
        "boot --straggler: none, quiet[:MS] or expected[:MS] (default: ${DEFAULT-VALUE}: as soon as the cores " +
        "arch_info.bin lists have counted themselves, so that the phases show the boot's work; boot's default, " +
        "quiet:" + CountSeal.QUIET_MS + ", adds its " + CountSeal.QUIET_MS + " ms, " + CountSeal.QUIET_MS +
        " million cycles, to phase 3 at every size).", defaultValue = "expected")
    private String straggler;

    @Option(names = "--seed", paramLabel = "S", description = "Every boot's seed (default: ${DEFAULT-VALUE}).",
        defaultValue = "1")
    private long seed;

    @Option(names = "--max-cycles", paramLabel = "CYCLES", description = "Virtual time each boot may reach " +
        "(default: ${DEFAULT-VALUE}).", defaultValue = "" + PlatformBoot.DEFAULT_MAX_CYCLES)
    private long maxCycles;

    @Option(names = "--out", paramLabel = "DIR", description = "Directory (created if missing) for the table and " +
        "the plots (default: ${DEFAULT-VALUE}).", defaultValue = "scale")
    private Path out;

    @Override
    public Integer call() throws Exception
    {
        final PrintWriter o = spec.commandLine().getOut();
        if (cores < 1 || cores > 4)
        {
            throw new IllegalArgumentException("--cores must be 1 to 4 (2 bits of lid in gid), got " + cores);
        }
        if (maxCycles < 1)
        {
            throw new IllegalArgumentException("--max-cycles must be at least 1, got " + maxCycles);
        }
        final List<Integer> sides = UserInput.parse("--from/--to", () -> Scale.sides(from, to));
        final List<BootFlavor> flavors = "both".equals(flavor) ? List.of(BootFlavor.ELECTED, BootFlavor.TSAR) :
            List.of(UserInput.parse("--flavor", () -> BootFlavor.of(flavor)));
        final List<BarrierKind> barriers = new ArrayList<>();
        for (final String b : barrier.split(",", -1))
        {
            barriers.add(UserInput.parse("--barrier", () -> BarrierKind.of(b.strip())));
        }
        final BootLayout preset = UserInput.parse("--layout", () -> BootLayout.of(layout));
        if (spec.commandLine().getParseResult().hasMatchedOption("--straggler") &&
            !flavors.contains(BootFlavor.ELECTED))
        {
            throw new IllegalArgumentException("--straggler applies to --flavor elected or both (tsar counts no " +
                "cores: the preloader exits tell core[0][0] who arrived)");
        }
        final CountSeal seal = UserInput.parse("--straggler", () -> CountSeal.parse(straggler));
        final Path dir = BootCommand.outDir(out);
        o.printf("scale: %s clusters of %d cores, flavor %s, barrier %s, layout %s, seed %d%s%n", String.join(", ",
            sides.stream().map(s -> s + "x" + s).toList()), cores, flavor, barrier, preset.cliName(), seed,
            flavors.contains(BootFlavor.ELECTED) ? ", straggler " + seal : "");
        o.printf("%-16s %6s %-8s %-13s %9s %16s  %s%n", "platform", "cores", "flavor", "barrier", "complete",
            "total cycles", "hottest queue: mean / longest wait");
        o.flush();
        Logging.level("org.smpboot.sim.run", "error"); // each boot's own diagnostics: its row says it
        final List<Scale.Point> points = new Scale(cores, preset, seed, Duration.ofSeconds(120), maxCycles)
            .seal(seal).run(sides, flavors, barriers, p ->
            {
                o.printf(Locale.ROOT, "%-16s %6d %-8s %-13s %9s %,16d  %s: %.1f / %d%n", p.side() + "x" + p.side() +
                    "x" + cores, p.cores(), p.flavor(), p.barrier(), p.complete() ? "yes" : "NO", p.totalCycles(),
                    p.hottest(), p.hottestMean(), p.hottestMax());
                o.flush();
            });
        ScaleTable.write(points, dir);
        final List<String> files = new ArrayList<>(Arrays.asList("scale.csv", "scale.json"));
        files.addAll(ScaleCharts.write(points, dir));
        o.printf("wrote %s: %s%n", dir, String.join(", ", files));
        final long failed = points.stream().filter(p -> !p.complete()).count();
        if (failed > 0)
        {
            spec.commandLine().getErr().println("smpboot scale: " + failed + " of " + points.size() + " boots did " +
                "not complete (replay one with boot --seed " + seed + " and its platform flags)");
            return 1;
        }
        return 0;
    }
}
