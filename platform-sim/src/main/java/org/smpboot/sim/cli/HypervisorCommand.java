package org.smpboot.sim.cli;

import java.io.Console;
import java.io.IOException;
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
import org.smpboot.sim.hw.Machine;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.hyper.HyperSettings;
import org.smpboot.sim.hyper.HyperShell;
import org.smpboot.sim.hyper.Hypervisor;
import org.smpboot.sim.hyper.LineSources;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.platform.Platform;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code smpboot hypervisor}: boots a platform in hypervisor mode (seed 000) and runs its shell on TTY 0, reading
 * commands from the terminal (line editing and history), from {@code --script FILE}, or from standard input when it
 * is not a terminal.
 */
@Command(
    name = "hypervisor",
    mixinStandardHelpOptions = true,
    header = "Boots in hypervisor mode: a shell runs ALMOS-MKH instances.",
    description = {
        "Boots a simulated TSAR platform in hypervisor mode (default: 2x2 clusters",
        "x 4 cores): every core runs the hypervisor, core[0][0] its shell on TTY 0,",
        "the others wait for an IPI. Shell commands:",
        "  run -nc N -i I [--tty T]  boot ALMOS-MKH on N free clusters with IOC",
        "                            channel I, a TTY channel of 4 sub-channels",
        "                            and the frame buffer of the same index",
        "  list | kill I | wait [I...] [--timeout S] | help | quit",
        "Each instance's TTY sub-channels go to OUT/instance<I>/tty<0..3>.log,",
        "TTY 0 (the hypervisor's log) to OUT/tty0.log and to standard output.",
        "Exit status: 0 every command succeeded and no instance failed, 1 a",
        "command failed or an instance faulted or timed out, 2 bad input."})
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
        "each instance's TTY logs and built boot disks (default: a new temporary directory).")
    private Path out;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Bound of each guest's boot and of every " +
        "wait in it, of a launch, of stopping an instance, and of wait (default: ${DEFAULT-VALUE}).",
        defaultValue = "60")
    private long timeout;

    @Option(names = "--channels", paramLabel = "K", description = "IOC, TTY and frame-buffer channels; TTY channel " +
        "0 is the hypervisor's (default: ${DEFAULT-VALUE}).", defaultValue = "8")
    private int channels;

    @Option(names = "--disk", paramLabel = "I=FILE", description = "Disk image of IOC channel I (repeatable); a " +
        "channel without one gets a boot disk built for its instance at run time.")
    private Map<Integer, Path> disks = new HashMap<>();

    @Option(names = "--script", paramLabel = "FILE", description = "Read the shell's commands from FILE instead " +
        "of the terminal.")
    private Path script;

    @Override
    public Integer call() throws IOException, InterruptedException
    {
        final PrintWriter o = spec.commandLine().getOut();
        // guests boot in the almos-mkh layout: almos-mk's kernel move waits for the preloader exits of the whole
        // machine's cores, which a guest's boot-loader counts from the machine's description, not the instance's
        final BootLayout preset = BootLayout.ALMOS_MKH;
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
        final Path dir = out == null ? Files.createTempDirectory("smpboot-hyper") : BootCommand.outDir(out);
        final HyperSettings settings = new HyperSettings(preset, Duration.ofSeconds(timeout), dir, channels, disks);
        final Platform p = platform.platform();
        o.printf("hypervisor: %s, %dx%d clusters, %d cores, %d channels, guests' layout %s, fill %s, out %s%n",
            p.name(), p.xSize(), p.ySize(), p.cores().size(), channels, preset.cliName(), f, dir);
        o.flush();
        final boolean terminal = script == null && interactive();
        final LineSources.Terminal tty = terminal ?
            LineSources.terminal(Path.of(System.getProperty("user.home"), ".smpboot_hypervisor_history")) : null;
        final Reader reader = script != null ? Files.newBufferedReader(script) : terminal ? null :
            new InputStreamReader(System.in, StandardCharsets.UTF_8);
        final HyperShell.LineSource source = terminal ? tty : LineSources.of(reader);
        final PrintStream console = terminal ? tty.console() :
            new PrintStream(new BootCommand.WriterStream(o), true, StandardCharsets.UTF_8);
        final MachineConfig config = MachineConfig.defaults().withFill(f).withConsole(console).withTtyDir(dir)
            .withWaitTimeout(Duration.ofSeconds(timeout));
        final boolean failed;
        try (Machine m = new Machine(p, config); Hypervisor hv = new Hypervisor(m, settings))
        {
            final HyperShell shell = new HyperShell(hv, source, timeout);
            hv.shell(shell::run);
            hv.start();
            final Thread shellThread = hv.shellCore().thread();
            shellThread.join();
            failed = shell.errors() > 0 || hv.failures() > 0;
            hv.close();
        }
        finally
        {
            if (reader != null && script != null)
            {
                reader.close();
            }
            console.flush();
        }
        o.printf("hypervisor: stopped; logs in %s%n", dir);
        o.flush();
        return failed ? 1 : 0;
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
