package org.smpboot.sim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import org.smpboot.sim.explore.IsolationExplorer;
import org.smpboot.sim.hyper.HatMistake;
import org.smpboot.sim.platform.Platform;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code smpboot hypervisor explore}: the isolation explorer, many seeds of two guests and a hostile one. */
@Command(
    name = "explore",
    mixinStandardHelpOptions = true,
    header = "The isolation explorer: seeded runs of two guests and a hostile one, each checked for isolation.",
    description = {
        "Runs the hypervisor deterministically under seeds S .. S+N-1 with one",
        "scenario: two guests and a hostile one (its core 0 writes into a guest",
        "cluster it does not have), each on one cluster, then wait and list. After",
        "each seed: no RAM of an instance or of the hypervisor was written by",
        "another instance's cores or devices, the two guests completed, the hostile",
        "one faulted alone on a HAT fault. Prints every seed that broke one.",
        "Needs 4 clusters with cores (default platform: 2x2 x 4 cores).",
        "Exit status: 0 every seed kept isolation, 1 one did not, 2 bad input."})
final class HypervisorExploreCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Mixin
    private PlatformOptions platform;

    @Option(names = "--seeds", paramLabel = "N", description = "Seeds to run (default: ${DEFAULT-VALUE}).",
        defaultValue = "20")
    private int seeds;

    @Option(names = "--first-seed", paramLabel = "S", description = "The first seed (default: ${DEFAULT-VALUE}).",
        defaultValue = "1")
    private long first;

    @Option(names = "--max-cycles", paramLabel = "CYCLES", description = "Virtual time a seed may reach (default: " +
        "${DEFAULT-VALUE}).", defaultValue = "17179869184")
    private long maxCycles;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "The hypervisor's bound of each guest's boot " +
        "(default: ${DEFAULT-VALUE}).", defaultValue = "60")
    private long timeout;

    @Option(names = "--stop-at-first", description = "Stop at the first seed that breaks isolation.")
    private boolean stopAtFirst;

    @Option(names = "--variant", hidden = true, paramLabel = "MISTAKE", description = "Negative control: a mistake " +
        "the hypervisor writes into every HAT (leaky-hat, short-ram).", defaultValue = "none")
    private String variant;

    @Override
    public Integer call() throws IOException
    {
        final PrintWriter o = spec.commandLine().getOut();
        if (seeds < 1)
        {
            throw new IllegalArgumentException("--seeds must be at least 1, got " + seeds);
        }
        if (timeout < 1)
        {
            throw new IllegalArgumentException("--timeout must be at least 1 second, got " + timeout);
        }
        if (maxCycles < 1)
        {
            throw new IllegalArgumentException("--max-cycles must be at least 1, got " + maxCycles);
        }
        final HatMistake mistake = UserInput.parse("--variant", () -> HatMistake.of(variant));
        final Platform p = platform.platform();
        final IsolationExplorer explorer = new IsolationExplorer(p, mistake, maxCycles, Duration.ofSeconds(timeout));
        o.printf("hypervisor explore: %s, %dx%d clusters, %d cores, seeds %d..%d%s%n", p.name(), p.xSize(), p.ySize(),
            p.cores().size(), first, first + seeds - 1, mistake == HatMistake.NONE ? "" : ", variant " +
            mistake.cliName());
        o.flush();
        final long t0 = System.nanoTime();
        final List<IsolationExplorer.Verdict> verdicts;
        try
        {
            verdicts = explorer.explore(first, seeds, stopAtFirst, v ->
            {
                if (!v.ok())
                {
                    o.println("seed " + v.seed() + ": " + String.join("; ", v.broken()));
                    o.flush();
                }
            });
        }
        finally
        {
            explorer.close();
        }
        final List<Long> bad = verdicts.stream().filter(v -> !v.ok()).map(IsolationExplorer.Verdict::seed).toList();
        o.printf("explored %d seeds in %.1f s: %s%n", verdicts.size(), (System.nanoTime() - t0) / 1e9,
            bad.isEmpty() ? "every seed kept isolation" : bad.size() + " broke it (seeds " + bad.toString()
                .replaceAll("[\\[\\]]", "") + "; replay one with --first-seed S --seeds 1)");
        o.flush();
        return bad.isEmpty() ? 0 : 1;
    }
}
