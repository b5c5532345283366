package org.smpboot.sim.hyper;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.smpboot.sim.hw.Processor;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The hypervisor's shell, run by core[0][0] ({@code hyper_shell}) on TTY 0: reads a command per line from a
 * {@link LineSource}, parses it with picocli and runs it. Every bad command (unknown, a bad number, a request the
 * hypervisor refuses) prints one error line on TTY 0 and the shell goes on; end of input is {@code quit}.
 *
 * <p>Commands: {@code run -nc N -i I [--tty T]}, {@code list}, {@code kill I}, {@code wait [I...] [--timeout S]},
 * {@code help}, {@code quit}. Blank lines and lines starting with {@code #} are skipped.
 */
public final class HyperShell
{
    /** What the shell reads: a terminal with line editing, a script, standard input. */
    public interface LineSource
    {
        /**
         * @param prompt what to show first, when the source shows prompts.
         * @return the next line, or null at the end of the input.
         * @throws IOException when the input fails.
         */
        String readLine(String prompt) throws IOException;

        /** @return whether the line read should be echoed on TTY 0 (a script's or a pipe's, not a terminal's). */
        boolean echo();
    }

    /** The prompt. */
    public static final String PROMPT = "hyper> ";
    private static final Set<String> COMMANDS = Set.of("run", "list", "kill", "wait", "help", "quit");

    private final Hypervisor hv;
    private final LineSource in;
    private final long waitDefaultSeconds;
    private int errors;
    private boolean quit;
    private Processor core;

    /**
     * @param hv                 the hypervisor.
     * @param in                 where commands come from.
     * @param waitDefaultSeconds the bound of {@code wait} when none is given.
     */
    public HyperShell(final Hypervisor hv, final LineSource in, final long waitDefaultSeconds)
    {
        this.hv = hv;
        this.in = in;
        this.waitDefaultSeconds = waitDefaultSeconds;
    }

    /** @return how many commands failed. */
    public int errors()
    {
        return errors;
    }

    /**
     * The body of {@code hyper_shell}: reads and runs commands until {@code quit} or the end of the input.
     *
     * @param shellCore the core running it.
     * @return {@link Processor#HALT}.
     */
    public long run(final Processor shellCore)
    {
        this.core = shellCore;
        hv.log("shell on TTY 0; commands: run -nc N -i I, list, kill I, wait, help, quit");
        while (!quit)
        {
            final String line;
            try
            {
                line = in.readLine(PROMPT);
            }
            catch (final IOException e)
            {
                hv.log("error: reading commands: " + e.getMessage());
                errors++;
                break;
            }
            if (line == null)
            {
                break;
            }
            final String cmd = line.strip();
            if (cmd.isEmpty() || cmd.startsWith("#"))
            {
                continue;
            }
            if (in.echo())
            {
                hv.print(PROMPT + cmd + "\n");
            }
            execute(cmd);
        }
        hv.log("quit");
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
        if (!COMMANDS.contains(args[0]))
        {
            error("unknown command '" + args[0] + "' (commands: run, list, kill, wait, help, quit)");
            return;
        }
        final CommandLine cli = commandLine();
        cli.setParameterExceptionHandler((e, a) ->
        {
            error(e.getCommandLine().getCommandName() + ": " + e.getMessage() + " (see: help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, c, p) ->
        {
            error(c.getCommandName() + ": " + e.getMessage());
            return 1;
        });
        cli.execute(args);
    }

    private CommandLine commandLine()
    {
        final CommandLine cli = new CommandLine(new Root());
        for (final Object sub : List.of(new Run(), new ListCmd(), new Kill(), new Wait(), new Help(), new Quit()))
        {
            cli.addSubcommand(sub);
        }
        final PrintWriter tty = new PrintWriter(new TtyWriter(), true);
        cli.setOut(tty);
        cli.setErr(tty);
        return cli;
    }

    private void error(final String message)
    {
        errors++;
        final String one = message.replace('\n', ' ').replace('\r', ' ').strip();
        hv.log("error: " + one);
    }

    // picocli's output goes to TTY 0, line by line
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
                hv.print(pending.toString());
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

        @Option(names = "--tty", paramLabel = "T", description = "TTY (and frame-buffer) channel; default: the " +
            "lowest free one.")
        Integer tty;

        @Option(names = "--rogue", paramLabel = "read:ADDR|write:ADDR", hidden = true, description = "Test guest: " +
            "its core 0 reads or writes one word at a guest address on entering kernel_init.")
        String rogue;

        @Override
        public Integer call()
        {
            hv.run(core, clusters, instance, tty, rogue == null ? null : Rogue.parse(rogue));
            return 0;
        }
    }

    @Command(name = "list", description = "Lists the instances, their clusters, channels and state.")
    private final class ListCmd implements Callable<Integer>
    {
        @Override
        public Integer call()
        {
            hv.list().forEach(l -> hv.print(l + "\n"));
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
            final long s = timeout == null ? waitDefaultSeconds : timeout;
            if (s < 1)
            {
                throw new IllegalArgumentException("--timeout must be at least 1 second, got " + s);
            }
            hv.await(instances, TimeUnit.SECONDS.toNanos(s)).forEach(hv::log);
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
                "run -nc N -i I [--tty T]   boot an instance on N free clusters, IOC channel I",
                "list                       instances, their clusters, channels and state; free clusters",
                "kill I                     stop instance I, scrub and free its clusters and channels",
                "wait [I...] [--timeout S]  wait until the instances have booted (or failed)",
                "help                       this list",
                "quit                       kill every instance and stop (also: end of input)"};
            for (final String l : lines)
            {
                hv.print(l + "\n");
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
