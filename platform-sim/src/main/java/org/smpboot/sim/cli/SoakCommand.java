package org.smpboot.sim.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.smpboot.sim.boot.BootFlavor;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.run.PlatformBoot;
import org.smpboot.sim.soak.Soak;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code smpboot soak}: many boots of one platform with random fills, start orders and jitter and random single
 * faults, each judged against its documented outcome; then what was injected and how it came out.
 */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    header = "Many boots with random fills and faults, judged as documented.",
    description = {
        "Boots a platform many times (default: 2x2 clusters x 4 cores, 1000 boots), each with a random reset fill " +
            "(zero, 5a, a5, a random word or stream, now and then the election's magic values) and at most one " +
            "random fault (as boot --fault), and judges each against the outcome README \"Faults\" documents: " +
            "complete without exactly the hardware the fault kills, or a one-line failure naming the stage.",
        "Each boot is deterministic (boot --seed: one core at a time, every bound in virtual time), so the boot " +
            "command a failure prints replays it byte for byte; --workers boots run at once. --parallel runs the " +
            "cores as racing host threads instead, with a random start order and jitter, one boot at a time " +
            "(not replayable exactly).",
        "Prints every boot that did not go as documented (with how to replay it), then per injected kind: " +
            "boots, completed, cores left out, failed as documented, unexplained. Progress (done/total, rate, ETA) " +
            "goes to standard error: a bar at a terminal, a line every few seconds otherwise.",
        "Exit status: 0 none unexplained, 1 some, 2 bad input."})
final class SoakCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Mixin
    private PlatformOptions platform;

    @Option(names = "--boots", paramLabel = "N", description = "Boots to run (default: ${DEFAULT-VALUE}).",
        defaultValue = "1000")
    private int boots;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the draws: the same seed replays the same " +
        "boots (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    private long seed;

    @Option(names = "--flavor", paramLabel = "FLAVOR", description = "elected, tsar or both (default: ${DEFAULT-VALUE}).",
        defaultValue = "both")
    private String flavor;

    @Option(names = "--layout", paramLabel = "LAYOUT", description = "almos-mk or almos-mkh (default: ${DEFAULT-VALUE}).",
        defaultValue = "almos-mkh")
    private String layout;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Bound of each boot (default: " +
        "${DEFAULT-VALUE}).", defaultValue = "12")
    private long timeout;

    @Option(names = "--wake-deadline", paramLabel = "MS", description = "The boots' wake-up deadline (default: " +
        "${DEFAULT-VALUE}).", defaultValue = "1000")
    private long wakeDeadline;

    @Option(names = "--watchdog", paramLabel = "SECONDS", description = "A boot with no progress for this long is " +
        "declared hung; above the election's liveness bound (a quarter of --timeout, at least 2 s), so that the " +
        "election names a dead leader or a magic fill first (default: ${DEFAULT-VALUE}).", defaultValue = "4")
    private long watchdog;

    // Two boots per processor: a soak's fault boots spend much of their time handing the run from one core thread to
    // the next (a wake-up through the OS where core threads are platform threads, Java 17), and a second boot per
    // processor runs in those gaps: the full soak took 99 s with 4 workers against 110 and 111 s with 2 (Java 17, 2
    // CPUs, after the XCU change of session 9; its first 300 boots alone, 37 s either way).
    @Option(names = "--workers", paramLabel = "N", description = "Host threads booting at once; a boot does the " +
        "same whichever runs it (default: twice the host's processors, here ${DEFAULT-VALUE}).")
    private int workers = 2 * Runtime.getRuntime().availableProcessors();

    @Option(names = "--parallel", description = "Boot with the cores as host threads racing in real time, one boot " +
        "at a time, instead of deterministically.")
    private boolean parallel;

    @Override
    public Integer call() throws IOException
    {
        final PrintWriter o = spec.commandLine().getOut();
        if (boots < 1)
        {
            throw new IllegalArgumentException("--boots must be at least 1, got " + boots);
        }
        if (workers < 1)
        {
            throw new IllegalArgumentException("--workers must be at least 1, got " + workers);
        }
        if (parallel && spec.commandLine().getParseResult().hasMatchedOption("--workers"))
        {
            throw new IllegalArgumentException("--workers applies to deterministic boots: --parallel boots one at a " +
                "time (two at once would trip each other's host-time bounds)");
        }
        // the boots' own diagnostics (what each left out) would drown the soak's, which judges them itself; set
        // before PlatformBoot's first use here makes its logger (slf4j-simple reads the level once, then)
        Logging.level("org.smpboot.sim.run", "error");
        final long liveness = PlatformBoot.electionLiveness(Duration.ofSeconds(Math.max(1, timeout))).toMillis();
        if (timeout < 1 || watchdog < 1 || wakeDeadline < 1 || wakeDeadline >= timeout * 1000 ||
            watchdog * 1000 <= Math.max(wakeDeadline, liveness))
        {
            throw new IllegalArgumentException("need --timeout >= 1 s, 1 ms <= --wake-deadline < --timeout and " +
                "--watchdog above both --wake-deadline and the election's liveness bound (" + liveness + " ms), got " +
                timeout + " s, " + wakeDeadline + " ms, " + watchdog + " s");
        }
        final List<BootFlavor> flavors = "both".equals(flavor) ? List.of(BootFlavor.ELECTED, BootFlavor.TSAR) :
            List.of(UserInput.parse("--flavor", () -> BootFlavor.of(flavor)));
        final BootLayout preset = UserInput.parse("--layout", () -> BootLayout.of(layout));
        final Platform p = platform.bootable();
        o.printf("soak: %s, %d cores, %d boots, flavor %s, layout %s, seed %d, %s%n", p.name(), p.cores().size(),
            boots, flavor, preset.cliName(), seed, parallel ? "parallel (host threads racing, one boot at a time)" :
            "deterministic (" + workers + (workers == 1 ? " worker)" : " workers)"));
        o.flush();
        final Soak.Summary s;
        try (Progress progress = Progress.of("boots", boots, spec.commandLine().getErr(), "smpboot.soak"))
        {
            s = new Soak(p, preset, flavors, Duration.ofSeconds(timeout), Duration.ofMillis(wakeDeadline),
                Duration.ofSeconds(watchdog)).deterministic(!parallel).workers(workers).run(boots, seed, line -> progress.above(() ->
                {
                    o.println(line);
                    o.flush();
                }), progress::done);
        }
        o.printf("%-22s %6s %10s %10s %10s %12s%n", "injected", "boots", "completed", "left out", "failed ok",
            "unexplained");
        for (final Map.Entry<String, Soak.Tally> e : s.byKind().entrySet())
        {
            final Soak.Tally t = e.getValue();
            o.printf("%-22s %6d %10d %10d %10d %12d%n", e.getKey(), t.boots(), t.completed(), t.coresLeftOut(),
                t.failedAsDocumented(), t.unexplained());
        }
        o.printf("soak %s: %d boots in %d s, %d unexplained%n", s.unexplained().isEmpty() ? "passed" : "FAILED",
            s.boots(), s.millis() / 1000, s.unexplained().size());
        o.flush();
        if (s.unexplained().isEmpty())
        {
            return 0;
        }
        spec.commandLine().getErr().println("smpboot soak: " + s.unexplained().size() + " of " + s.boots() +
            " boots did not go as documented; first: " + s.unexplained().get(0) + (parallel ? "" : " (with the " +
            "platform flags of this soak)"));
        return 1;
    }
}
