package org.smpboot.sim.hyper;

import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.smpboot.sim.boot.BootFlavor;
import org.smpboot.sim.boot.CountSeal;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.image.BootLayout;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The hypervisor's shell, run by core[0][0] ({@code hyper_shell}) on TTY 0: it prints its prompt, reads a line as it
 * is typed on TTY 0 ({@link TtyLine}: whoever types, the host's terminal, a script or standard input), parses it with
 * picocli and runs it. Numbers are read as the CLI reads them, in decimal or 0x hexadecimal. Every bad command
 * (unknown, a bad number, a request the hypervisor refuses) prints one error line on TTY 0, repeating at most about 80
 * characters of what was typed, and the shell goes on; the end of input (Ctrl-D) is {@code quit}.
 *
 * <p>Commands: {@code run -nc N -i I [--flavor elected|tsar] [--layout almos-mk|almos-mkh] [--straggler RULE]
 * [--tty T] [--fault KIND:ARGS]}, {@code list}, {@code kill I},
 * {@code wait [I...] [--timeout S]}, {@code help}, {@code quit}. Blank lines and lines starting with {@code #} do
 * nothing.
 */
public final class HyperShell
{
    /** The prompt. */
    public static final String PROMPT = "hyper> ";
    /** Most words a command takes. */
    private static final int MAX_WORDS = 16;

    private final Hypervisor hv;
    private int errors;
    private boolean quit;
    private Processor core;

    /**
     * @param hv              the hypervisor.
     */
    HyperShell(final Hypervisor hv)
    {
        this.hv = hv;
    }

    /** @return how many commands failed. */
    int errors()
    {
        return errors;
    }

    /**
     * The body of {@code hyper_shell}: reads and runs commands until {@code quit} or the end of the input, then kills
     * every instance.
     *
     * @param shellCore the core running it.
     * @return {@link Processor#HALT}.
     */
    long run(final Processor shellCore)
    {
        this.core = shellCore;
        hv.log(core, "shell on TTY 0; commands: run -nc N -i I, list, kill I, wait, help, quit");
        while (!quit)
        {
            final TtyLine.Line line = hv.readLine(core, PROMPT);
            if (line == null)
            {
                break;
            }
            if (line.tooLong())
            {
                error("a line holds at most " + (HyperImages.LINE_SIZE - 1) + " characters, this one had " +
                    line.length() + ": ignored");
                continue;
            }
            final String cmd = line.text().strip();
            if (!cmd.isEmpty() && !cmd.startsWith("#"))
            {
                execute(cmd);
            }
        }
        hv.quit(core);
        return Processor.HALT;
    }

    /**
     * Runs one command line.
     *
     * @param line the line, stripped.
     */
    void execute(final String line)
    {
        final String[] args = line.split("\\s+");
        final CommandLine cli = commandLine(this);
        if (cli.getSubcommands().get(args[0]) == null)
        {
            error("unknown command '" + Clip.of(args[0]) + "' (commands: " + String.join(", ",
                cli.getSubcommands().keySet()) + ")");
            return;
        }
        if (args.length > MAX_WORDS)
        {
            error(args[0] + ": " + args.length + " words, a command takes at most " + MAX_WORDS);
            return;
        }
        core.phase("hypervisor: shell: " + args[0]);
        cli.setParameterExceptionHandler((e, a) ->
        {
            error(e.getCommandLine().getCommandName() + ": " + Clip.words(e.getMessage()) + " (see: help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, c, p) ->
        {
            error(c.getCommandName() + ": " + Clip.cut(String.valueOf(e.getMessage()), 2 * Clip.MESSAGE));
            return 1;
        });
        cli.execute(args);
    }

    // the commands, bound to a shell (null: the grammar alone, for completion)
    private static CommandLine commandLine(final HyperShell shell)
    {
        final CommandLine cli = new CommandLine(new Root());
        for (final Object sub : List.of(shell.new Run(), shell.new ListCmd(), shell.new Kill(), shell.new Wait(),
            shell.new Help(), shell.new Quit()))
        {
            cli.addSubcommand(sub);
        }
        // numbers as the CLI reads them: decimal or 0x hexadecimal
        cli.registerConverter(Integer.class, s -> (int)number(s, Integer.MIN_VALUE, Integer.MAX_VALUE));
        cli.registerConverter(Integer.TYPE, s -> (int)number(s, Integer.MIN_VALUE, Integer.MAX_VALUE));
        cli.registerConverter(Long.class, s -> number(s, Long.MIN_VALUE, Long.MAX_VALUE));
        cli.registerConverter(Long.TYPE, s -> number(s, Long.MIN_VALUE, Long.MAX_VALUE));
        cli.registerConverter(BootFlavor.class, s -> named(s, "flavor", BootFlavor::of));
        cli.registerConverter(BootLayout.class, s -> named(s, "layout", BootLayout::of));
        cli.registerConverter(CountSeal.class, s -> named(s, "straggler rule", CountSeal::parse));
        if (shell.hv != null)
        {
            final PrintWriter tty = new PrintWriter(shell.new TtyWriter(), true);
            cli.setOut(tty);
            cli.setErr(tty);
        }
        return cli;
    }

    /**
     * @param text a number as typed: decimal, or hexadecimal after 0x.
     * @param min  the least value.
     * @param max  the greatest.
     * @return its value.
     * @throws CommandLine.TypeConversionException naming what is wrong.
     */
    static long number(final String text, final long min, final long max)
    {
        final String t = text.trim().toLowerCase(Locale.ROOT);
        final boolean hex = t.matches("0x[0-9a-f]+");
        if (!hex && !t.matches("-?[0-9]+"))
        {
            throw new CommandLine.TypeConversionException("'" + Clip.of(text) + "' is not a number (decimal or 0x " +
                "hexadecimal)");
        }
        try
        {
            final long v = hex ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
            if (v >= min && v <= max)
            {
                return v;
            }
        }
        catch (final NumberFormatException e)
        {
            // too many digits: out of range below
        }
        throw new CommandLine.TypeConversionException("'" + Clip.of(text) + "' is out of range");
    }

    /**
     * @param text  a name as typed.
     * @param what  what it names.
     * @param parse the name's parser, throwing {@link IllegalArgumentException} naming what it expects.
     * @param <T>   what it names.
     * @return the value.
     * @throws CommandLine.TypeConversionException naming the bad name (cut) and what was expected.
     */
    private static <T> T named(final String text, final String what, final java.util.function.Function<String, T> parse)
    {
        try
        {
            return parse.apply(text);
        }
        catch (final IllegalArgumentException e)
        {
            final String m = String.valueOf(e.getMessage());
            final int expected = m.indexOf("expected ");
            throw new CommandLine.TypeConversionException("'" + Clip.of(text) + "' is not a " + what +
                (expected < 0 ? "" : " (" + m.substring(expected) + ")"));
        }
    }

    /**
     * The shell's grammar, for a terminal's completion: each command, its options and the values an option names
     * (none for a number or an address).
     *
     * @return by command, in the order {@code help} lists them: its options, in order, each with its values.
     */
    public static Map<String, Map<String, List<String>>> grammar()
    {
        final Map<String, Map<String, List<String>>> g = new LinkedHashMap<>();
        for (final Map.Entry<String, CommandLine> c : commandLine(new HyperShell(null)).getSubcommands().entrySet())
        {
            final Map<String, List<String>> options = new LinkedHashMap<>();
            for (final OptionSpec o : c.getValue().getCommandSpec().options())
            {
                if (!o.hidden())
                {
                    final List<String> values = new ArrayList<>();
                    if (o.completionCandidates() != null)
                    {
                        o.completionCandidates().forEach(values::add);
                    }
                    options.put(o.longestName(), List.copyOf(values));
                }
            }
            g.put(c.getKey(), options);
        }
        return g;
    }

    /** {@code --flavor}'s values, for completion. */
    static final class FlavorNames implements Iterable<String>
    {
        @Override
        public Iterator<String> iterator()
        {
            return Arrays.stream(BootFlavor.values()).map(BootFlavor::cliName).iterator();
        }
    }

    /** {@code --layout}'s values, for completion. */
    static final class LayoutNames implements Iterable<String>
    {
        @Override
        public Iterator<String> iterator()
        {
            return Arrays.stream(BootLayout.values()).map(BootLayout::cliName).iterator();
        }
    }

    /** {@code --straggler}'s rules, for completion (a period may follow quiet and expected). */
    static final class StragglerRules implements Iterable<String>
    {
        @Override
        public Iterator<String> iterator()
        {
            return Arrays.stream(CountSeal.Rule.values()).map(r -> r.name().toLowerCase(Locale.ROOT))
                .iterator();
        }
    }

    private void error(final String message)
    {
        errors++;
        hv.log(core, "error: " + message);
    }

    // picocli's output goes to TTY 0, as written
    private final class TtyWriter extends Writer
    {
        private final StringBuilder pending = new StringBuilder();

        @Override
        public void write(final char[] cbuf, final int off, final int len)
        {
            pending.append(cbuf, off, len);
        }

        @Override
        public void flush()
        {
            if (pending.length() > 0)
            {
                hv.print(core, pending.toString());
                pending.setLength(0);
            }
        }

        @Override
        public void close()
        {
            flush();
        }
    }

    @Command(name = "hyper", description = "The hypervisor shell.")
    private static final class Root implements Runnable
    {
        @Override
        public void run()
        {
            // a line always names a sub-command: execute() checked it
        }
    }

    @Command(name = "run", description = "Boots an ALMOS-MKH instance on N free clusters with IOC channel I.")
    private final class Run implements Callable<Integer>
    {
        @Option(names = "-nc", paramLabel = "N", required = true, description = "Clusters (with cores).")
        int clusters;

        @Option(names = "-i", paramLabel = "I", required = true, description = "Instance number = IOC channel.")
        int instance;

        @Option(names = "--flavor", paramLabel = "elected|tsar", completionCandidates = FlavorNames.class, description = "How the guest boots: elected (its " +
            "cores elect a leader on its cluster 0's memory) or tsar (its core 0 boots, the others sleep until " +
            "woken); default: tsar.")
        BootFlavor flavor = BootFlavor.TSAR;

        @Option(names = "--layout", paramLabel = "almos-mk|almos-mkh", completionCandidates = LayoutNames.class,
            description = "The guest's memory layout; " +
            "default: the guests' layout the hypervisor names as it starts (almos-mkh).")
        BootLayout layout;

        @Option(names = "--straggler", paramLabel = "RULE", completionCandidates = StragglerRules.class, description = "When an elected guest's leader seals " +
            "its count, as boot --straggler: none, quiet[:MS] or expected[:MS] (default: quiet:" + CountSeal.QUIET_MS +
            ").")
        CountSeal straggler;

        @Option(names = "--tty", paramLabel = "T", description = "TTY (and frame-buffer) channel; default: the " +
            "lowest free one.")
        Integer tty;

        @Option(names = "--fault", paramLabel = "KIND:ARGS", description = "A fault injected into the instance's " +
            "software (hostile-guest:read|write:ADDR).")
        String fault;

        @Override
        public Integer call()
        {
            if (straggler != null && flavor != BootFlavor.ELECTED)
            {
                throw new IllegalArgumentException("--straggler applies to --flavor elected (a tsar guest counts no " +
                    "cores: its core 0 wakes the others)");
            }
            final GuestFault f = fault == null ? null : hv.settings().faults().apply(fault);
            hv.run(core, new InstanceLauncher.Request(clusters, instance, tty, flavor, layout, straggler, f));
            return 0;
        }
    }

    @Command(name = "list", description = "Lists the instances, their clusters, channels and state.")
    private final class ListCmd implements Callable<Integer>
    {
        @Override
        public Integer call()
        {
            hv.list().forEach(l -> hv.print(core, l + "\n"));
            return 0;
        }
    }

    @Command(name = "kill", description = "Stops instance I, scrubs and frees its clusters and channels.")
    private final class Kill implements Callable<Integer>
    {
        @Parameters(paramLabel = "I", description = "The instance.")
        int instance;

        @Override
        public Integer call()
        {
            hv.kill(core, instance);
            return 0;
        }
    }

    @Command(name = "wait", description = "Waits until the instances (default: all) are no longer booting.")
    private final class Wait implements Callable<Integer>
    {
        @Parameters(paramLabel = "I", arity = "0..*", description = "Instances.")
        List<Integer> instances = new ArrayList<>();

        @Option(names = "--timeout", paramLabel = "SECONDS", description = "Bound of the wait (default: the " +
            "hypervisor's --timeout).")
        Long timeout;

        @Override
        public Integer call()
        {
            if (timeout != null && timeout < 1)
            {
                throw new IllegalArgumentException("--timeout must be at least 1 second, got " + timeout);
            }
            final Duration bound = timeout == null ? hv.settings().timeout() : Duration.ofSeconds(timeout);
            hv.await(core, instances, bound).forEach(l -> hv.log(core, l));
            return 0;
        }
    }

    @Command(name = "help", description = "Lists the commands.")
    private final class Help implements Callable<Integer>
    {
        @Override
        public Integer call()
        {
            final String[] lines = {
                "run -nc N -i I [--flavor elected|tsar] [--layout almos-mk|almos-mkh]",
                "               [--straggler RULE] [--tty T] [--fault KIND:ARGS]",
                "                           boot an instance on N free clusters, IOC channel I; its cores",
                "                           elect a leader (elected; --straggler: when it seals the count,",
                "                           none, quiet[:MS] or expected[:MS]) or its core 0 boots (tsar, the",
                "                           default); layout: the hypervisor's unless given",
                "list                       instances, their clusters, channels and state; free clusters",
                "kill I                     stop instance I, scrub and free its clusters and channels",
                "wait [I...] [--timeout S]  wait until the instances have booted (or failed)",
                "help                       this list",
                "quit                       kill every instance and stop (also: Ctrl-D, the end of input)",
                "numbers in decimal or 0x hexadecimal"};
            for (final String l : lines)
            {
                hv.print(core, l + "\n");
            }
            return 0;
        }
    }

    @Command(name = "quit", description = "Kills every instance and stops the hypervisor.")
    private final class Quit implements Callable<Integer>
    {
        @Override
        public Integer call()
        {
            quit = true;
            return 0;
        }
    }
}
