package org.smpboot.sim.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code smpboot} command line: one sub-command per job. */
@Command(
    name = "smpboot",
    mixinStandardHelpOptions = true,
    versionProvider = VersionText.class,
    header = "Manycore boot protocols on the JVM, and a simulated TSAR platform that boots with them.",
    description = {
        "Simulated CPUs (JVM threads) race to elect a leader on memory of unknown content, count themselves, draw " +
            "stacks from a stack pool and meet at barriers; then they boot ALMOS-MKH on a simulated TSAR platform.",
        "Diagnostics (progress, device warnings, the detail of a failure) go to standard error; --quiet keeps only " +
            "warnings and errors, --verbose adds debug lines.",
        "Exit status: 0 done, 1 the job failed (one line names why), 2 bad input (one line names what and why)."})
public final class SmpbootCommand implements Runnable
{
    /**
     * The sub-commands by name, in the order {@code smpboot --help} lists them. Added by {@link #commandLine(String...)}
     * rather than named in the annotation: picocli builds a command's model by reflection over its options, 0.2 s of a
     * cold start, and a command line that names its sub-command first needs only that one's.
     */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

    static
    {
        subcommand(RaceCommand.class, RaceCommand::new);
        subcommand(BootCommand.class, BootCommand::new);
        subcommand(SoakCommand.class, SoakCommand::new);
        subcommand(ExploreCommand.class, ExploreCommand::new);
        subcommand(ScaleCommand.class, ScaleCommand::new);
        subcommand(HypervisorCommand.class, HypervisorCommand::new);
        subcommand(ArchinfoCommand.class, ArchinfoCommand::new);
        subcommand(DiskCommand.class, DiskCommand::new);
        subcommand(CommandLine.HelpCommand.class, CommandLine.HelpCommand::new);
    }

    /** Files a sub-command under the name its own {@code @Command} gives it (reading one annotation builds no model). */
    private static <T> void subcommand(final Class<T> type, final Supplier<T> make)
    {
        SUBCOMMANDS.put(type.getAnnotation(Command.class).name(), make::get);
    }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT, description = "Only warnings and errors on " +
        "standard error: no progress.")
    void quiet(final boolean on)
    {
        if (on)
        {
            Logging.level(spec.commandLine(), Logging.QUIET);
        }
    }

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "Debug lines on standard error " +
        "too (the resolved defaults, the images and the machine built).")
    void verbose(final boolean on)
    {
        if (on)
        {
            Logging.level(spec.commandLine(), Logging.VERBOSE);
        }
    }

    @Override
    public void run()
    {
        // the handler adds "(see: smpboot --help)"; the line names the commands a user can type
        throw new CommandLine.ParameterException(spec.commandLine(), "missing sub-command: one of " +
            String.join(", ", spec.subcommands().entrySet().stream()
                .filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden()
                    && e.getKey().equals(e.getValue().getCommandName()))
                .map(Map.Entry::getKey).toList()));
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
        final CommandLine cli = commandLine(args);
        cli.setOut(out);
        cli.setErr(err);
        // bad input: one line naming the problem and where to look, not a page of usage
        cli.setParameterExceptionHandler((e, a) ->
        {
            // qualified name, so nested sub-commands (disk make) point at their own help
            e.getCommandLine().getErr().println("smpboot: " + oneLine(e.getMessage(), args) + " (see: " +
                e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, c, p) ->
        {
            c.getErr().println(c.getCommandSpec().qualifiedName() + ": " + oneLine(e.getMessage() == null ?
                e.getClass().getSimpleName() : e.getMessage(), args));
            return e instanceof IllegalArgumentException ? 2 : 1;
        });
        try
        {
            return cli.execute(args);
        }
        finally
        {
            Logging.reset();
        }
    }

    /**
     * The command line for {@code args}: with only the sub-command they name first (its own help, errors and options
     * are the same in either model), else with every one, which the top-level help, {@code help}, a misspelt command's
     * suggestion and a missing sub-command's message list.
     *
     * @param args the arguments; none for the whole command line.
     * @return the command line, help sections installed.
     */
    public static CommandLine commandLine(final String... args)
    {
        final CommandLine cli = new CommandLine(new SmpbootCommand());
        final Supplier<Object> only = args.length > 0 && !"help".equals(args[0]) ? SUBCOMMANDS.get(args[0]) : null;
        if (only != null)
        {
            cli.addSubcommand(only.get());
        }
        else
        {
            SUBCOMMANDS.values().forEach(s -> cli.addSubcommand(s.get()));
        }
        HelpText.install(cli);
        return cli;
    }

    /**
     * @param message an error's message.
     * @param args    the command line.
     * @return its first line, where any run of more than {@link UserInput#CLIP} characters copied from one argument
     * the user typed is clipped ({@link UserInput#clip}), control characters shown as {@code ?}.
     */
    static String oneLine(final String message, final String[] args)
    {
        final int nl = message.indexOf('\n');
        String m = (nl < 0 ? message : message.substring(0, nl)).replaceAll("\\p{Cntrl}", "?");
        for (final String a : args)
        {
            if (a.length() > UserInput.CLIP)
            {
                m = clipEchoes(m, a.replaceAll("\\p{Cntrl}", "?"));
            }
        }
        return m;
    }

    private static String clipEchoes(final String m, final String arg)
    {
        final StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < m.length())
        {
            int n = 0;
            if (i + UserInput.CLIP < m.length() && arg.contains(m.substring(i, i + UserInput.CLIP + 1)))
            {
                n = UserInput.CLIP + 1;
                while (i + n < m.length() && arg.contains(m.substring(i, i + n + 1)))
                {
                    n++;
                }
            }
            if (n > 0)
            {
                b.append(UserInput.clip(m.substring(i, i + n)));
                i += n;
            }
            else
            {
                b.append(m.charAt(i++));
            }
        }
        return b.toString();
    }

    /**
     * @param args the command line.
     */
    public static void main(final String[] args)
    {
        Logging.ownProcess();
        final PrintWriter out = new PrintWriter(System.out, true);
        final PrintWriter err = new PrintWriter(System.err, true);
        System.exit(execute(args, out, err));
    }
}
