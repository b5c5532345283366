package org.smpboot.sim.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code smpboot} command line: one sub-command per job. */
@Command(
    name = "smpboot",
    mixinStandardHelpOptions = true,
    version = "smpboot 0.1.0-SNAPSHOT",
    description = "Manycore boot protocols on the JVM: election boot, stack pools and barriers over shared memory.",
    subcommands = {RaceCommand.class, BootCommand.class, SoakCommand.class, ExploreCommand.class,
        HypervisorCommand.class, ArchinfoCommand.class, DiskCommand.class, CommandLine.HelpCommand.class})
public final class SmpbootCommand implements Runnable
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing sub-command (try: smpboot race --help)");
    }

    /**
     * Runs the command line and returns its exit status: 0 on success, 1 when the job failed, 2 on bad input.
     *
     * @param args the arguments.
     * @param out  standard output.
     * @param err  standard error.
     * @return the exit status.
     */
    public static int execute(final String[] args, final PrintWriter out, final PrintWriter err)
    {
        final CommandLine cli = new CommandLine(new SmpbootCommand());
        cli.setOut(out);
        cli.setErr(err);
        // bad input: one line naming the problem and where to look, not a page of usage
        cli.setParameterExceptionHandler((e, a) ->
        {
            // qualified name, so nested sub-commands (disk make) point at their own help
            e.getCommandLine().getErr().println("smpboot: " + e.getMessage() + " (see: " +
                e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, c, p) ->
        {
            c.getErr().println(c.getCommandSpec().qualifiedName() + ": " + e.getMessage());
            return e instanceof IllegalArgumentException ? 2 : 1;
        });
        return cli.execute(args);
    }

    /**
     * @param args the command line.
     */
    public static void main(final String[] args)
    {
        final PrintWriter out = new PrintWriter(System.out, true);
        final PrintWriter err = new PrintWriter(System.err, true);
        System.exit(execute(args, out, err));
    }
}
