package org.smpboot.sim.cli;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.smpboot.runtime.region.Fill;
import org.smpboot.sim.fault.HostileGuest;
import org.smpboot.sim.hw.CoreFault;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.hyper.HatMistake;
import org.smpboot.sim.hyper.HyperSettings;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.run.HypervisorRun;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code smpboot hypervisor}: boots a platform in hypervisor mode (seed 000); its shell runs on the simulated
 * core[0][0] and reads TTY 0, into which this command types what comes from the terminal (JLine: line editing,
 * history, Tab completion), from {@code --script FILE}, or from standard input when it is not a terminal.
 */
@Command(
    name = "hypervisor",
    mixinStandardHelpOptions = true,
    header = "Boots in hypervisor mode: a shell runs ALMOS-MKH instances.",
    subcommands = {HypervisorExploreCommand.class},
    description = {
        "Boots a simulated TSAR platform in hypervisor mode (default: 2x2 clusters",
        "x 4 cores): every core runs the hypervisor, core[0][0] its shell on TTY 0,",
        "the others wait for an IPI. Shell commands (numbers in decimal or 0x hex):",
        "  run -nc N -i I [--flavor elected|tsar] [--layout almos-mk|almos-mkh]",
        "         [--straggler RULE] [--tty T] [--fault hostile-guest:read|write:ADDR]",
        "                 boot ALMOS-MKH on N free clusters with IOC channel I,",
        "                 a TTY channel of 4 sub-channels and the frame buffer",
        "                 of the same index; its cores elect a leader (elected;",
        "                 --straggler: when the leader seals the count, as in",
        "                 boot) or its core 0 boots (tsar, the default), in the",
        "                 layout given (default: almos-mkh)",
        "  list | kill I | wait [I...] [--timeout S] | help | quit",
        "Each instance's TTY sub-channels go to OUT/instance<I>/tty<0..3>.log,",
        "TTY 0 (the hypervisor's log) to OUT/tty0.log and to standard output, the",
        "trace of typed events to OUT/trace.json. With --seed, one core runs at a",
        "time in an order the seed picks: the same seed and script give the same",
        "logs and trace, byte for byte.",
        "Exit status: 0 every command succeeded and no instance failed, 1 a",
        "command failed or an instance faulted or timed out, 2 bad input.",
        "hypervisor explore: the isolation explorer (see its --help)."})
final class HypervisorCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Mixin
    private PlatformOptions platform;

    @Option(names = "--fill", description = "RAM content at reset, and what kill scrubs back: zero, 5a, a5, " +
        "random[:SEED], word:0xHEX (default: ${DEFAULT-VALUE}).", defaultValue = "5a")
    private String fill;

    @Option(names = "--out", paramLabel = "DIR", description = "Directory (created if missing) for TTY 0's log, " +
        "each instance's TTY logs and built boot disks, and the trace (default: a new temporary directory).")
    private Path out;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Bound of each guest's boot and of every " +
        "wait in it, of a launch and of wait (default: ${DEFAULT-VALUE}).", defaultValue = "60")
    private long timeout;

    @Option(names = "--channels", paramLabel = "K", description = "IOC, TTY and frame-buffer channels; TTY channel " +
        "0 is the hypervisor's (default: ${DEFAULT-VALUE}).", defaultValue = "8")
    private int channels;

    @Option(names = "--disk", paramLabel = "I=FILE", description = "Disk image of IOC channel I (repeatable); a " +
        "channel without one gets a boot disk built for its instance at run time.")
    private Map<Integer, Path> disks = new HashMap<>();

    @Option(names = "--script", paramLabel = "FILE", description = "Type FILE into TTY 0 instead of the terminal " +
        "(then the end of input: quit).")
    private Path script;

    @Option(names = "--seed", paramLabel = "S", description = "Run deterministically, one core at a time in an " +
        "order the seed picks (needs --script or piped input).")
    private Long seed;

    @Option(names = "--max-cycles", paramLabel = "CYCLES", description = "With --seed: the virtual time the run may " +
        "reach (default: ${DEFAULT-VALUE}).", defaultValue = "17179869184")
    private long maxCycles;

    @Option(names = "--variant", hidden = true, paramLabel = "MISTAKE", description = "Negative control: a mistake " +
        "written into every HAT (leaky-hat, short-ram).", defaultValue = "none")
    private String variant;

    @Override
    public Integer call() throws IOException, InterruptedException
    {
        final PrintWriter o = spec.commandLine().getOut();
        final Fill f = UserInput.parse("--fill", () -> BootCommand.resetFill(fill));
        if (timeout < 1)
        {
            throw new IllegalArgumentException("--timeout must be at least 1 second, got " + timeout);
        }
        for (final Map.Entry<Integer, Path> d : disks.entrySet())
        {
            if (!Files.isReadable(d.getValue()))
            {
                throw new IllegalArgumentException("--disk " + d.getKey() + "=" + d.getValue() + ": no such file");
            }
        }
        if (channels < 2 || channels > 16)
        {
            throw new IllegalArgumentException("--channels must be in 2..16, got " + channels);
        }
        if (script != null)
        {
            UserInput.readable("--script", script);
        }
        final boolean terminal = script == null && interactive();
        if (seed != null && terminal)
        {
            throw new IllegalArgumentException("--seed needs --script FILE or piped input: a deterministic run takes " +
                "all its input before it starts");
        }
        if (maxCycles < 1)
        {
            throw new IllegalArgumentException("--max-cycles must be at least 1, got " + maxCycles);
        }
        final HatMistake mistake = UserInput.parse("--variant", () -> HatMistake.of(variant));
        final Path dir = out == null ? Files.createTempDirectory("smpboot-hyper") : BootCommand.outDir(out);
        final HyperSettings settings = new HyperSettings(BootLayout.ALMOS_MKH, Duration.ofSeconds(timeout), dir,
            channels, disks, HostileGuest::parse, mistake);
        final Platform p = platform.platform();
        o.printf("hypervisor: %s, %dx%d clusters, %d cores, %d channels, guests' layout %s, fill %s%s, out %s%n",
            p.name(), p.xSize(), p.ySize(), p.cores().size(), channels, settings.layout().cliName(), f,
            seed == null ? "" : ", seed " + seed, dir);
        o.flush();
        // what is typed before the machine starts: a script, or in a deterministic run all of standard input
        final String first = script != null ? typed(Files.readString(script, StandardCharsets.UTF_8)) :
            seed != null ? typed(new String(System.in.readAllBytes(), StandardCharsets.UTF_8)) : "";
        final HyperTerminal tty = terminal ? new HyperTerminal(Path.of(System.getProperty("user.home"),
            ".smpboot_hypervisor_history")) : null;
        final PrintStream console = terminal ? tty.console() :
            new PrintStream(new BootCommand.WriterStream(o), true, StandardCharsets.UTF_8);
        final MachineConfig config = MachineConfig.defaults().withFill(f).withConsole(console).withTtyDir(dir)
            .withWaitTimeout(Duration.ofSeconds(timeout));
        final boolean clean;
        String why = "";
        try (HypervisorRun run = new HypervisorRun(p, config, settings))
        {
            if (seed != null)
            {
                run.seed(seed).maxCycles(maxCycles);
            }
            run.start(first);
            if (first.isEmpty())
            {
                final Thread keyboard = new Thread(() ->
                {
                    if (tty != null)
                    {
                        tty.feed(run::type);
                    }
                    else
                    {
                        feed(System.in, run::type);
                    }
                }, "hypervisor-keyboard");
                keyboard.setDaemon(true);
                keyboard.start();
            }
            while (!run.awaitQuit(Duration.ofSeconds(1)))
            {
                // a session lasts as long as its user types; the shell's own commands are bounded
            }
            final CoreFault shellFault = run.machine().faults().stream()
                .filter(x -> x.getMessage().contains(run.shellCore().name())).findFirst().orElse(null);
            if (shellFault != null)
            {
                o.println("hypervisor: the shell's core faulted: " + shellFault.getMessage());
            }
            clean = shellFault == null && run.clean();
            if (!clean)
            {
                // exit 1 names why in one line on standard error, as every command does
                why = shellFault != null ? "the shell's core faulted" : String.format("%d shell command(s) failed, " +
                    "%d instance(s) faulted or timed out; TTY 0's log (%s) says which",
                    run.hypervisor().errors(), run.hypervisor().failures(), dir.resolve("tty0.log"));
            }
            run.writeTrace(dir.resolve("trace.json"));
        }
        finally
        {
            console.flush();
            if (tty != null)
            {
                tty.close();
            }
        }
        o.printf("hypervisor: stopped; logs and trace in %s%n", dir);
        o.flush();
        if (!clean)
        {
            spec.commandLine().getErr().println("smpboot hypervisor: " + why);
        }
        return clean ? 0 : 1;
    }

    // a script as typed: its lines, a last newline, then the end of input
    private static String typed(final String text)
    {
        return text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + HypervisorRun.END_OF_INPUT;
    }

    // standard input typed into TTY 0 as it comes, then the end of input
    private static void feed(final InputStream in, final java.util.function.Consumer<String> type)
    {
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8))
        {
            final char[] buf = new char[4096];
            int n;
            while ((n = r.read(buf)) > 0)
            {
                type.accept(new String(buf, 0, n));
            }
        }
        catch (final IOException e)
        {
            // the input ends there
        }
        type.accept(HypervisorRun.END_OF_INPUT);
    }

    // a terminal on both ends: JDK 22 may give a Console for redirected streams, and says so with isTerminal()
    private static boolean interactive()
    {
        final Console c = System.console();
        if (c == null)
        {
            return false;
        }
        try
        {
            return (Boolean)Console.class.getMethod("isTerminal").invoke(c);
        }
        catch (final ReflectiveOperationException e)
        {
            return true; // before JDK 22 a console exists only for a terminal
        }
    }
}
