package org.smpboot.sim.cli;

import picocli.CommandLine;

/**
 * The level of the simulator's diagnostics, which go through slf4j-api and, in the CLI, to slf4j-simple on standard
 * error ({@code simplelogger.properties} sets the format). {@code --quiet} and {@code --verbose} set slf4j-simple's
 * default level before the first logger exists: the options are parsed before any simulator class logs, and no
 * command class holds a logger of its own. slf4j-simple reads a logger's level once, when it is created, so the
 * levels are set only when the command line is the process's own ({@link #ownProcess()}); a test that runs commands
 * in its JVM keeps its logging as it is.
 */
final class Logging
{
    /** slf4j-simple's property for the default level. */
    static final String LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";
    /** {@code --quiet}: warnings and errors only. */
    static final String QUIET = "warn";
    /** {@code --verbose}: debug lines too. */
    static final String VERBOSE = "debug";

    private static String chosen;
    private static boolean process;

    private Logging()
    {
    }

    /**
     * @param cli   the command whose option chose it (for the error when both are given).
     * @param level {@link #QUIET} or {@link #VERBOSE}.
     */
    static synchronized void level(final CommandLine cli, final String level)
    {
        if (chosen != null && !chosen.equals(level))
        {
            throw new CommandLine.ParameterException(cli, "--quiet and --verbose exclude each other");
        }
        chosen = level;
        if (process)
        {
            System.setProperty(LEVEL_PROPERTY, level);
        }
    }

    /**
     * Sets the level of one logger and those below it (a package), unless the user's level is lower: taken into
     * account by loggers not created yet, in the CLI's own process only.
     *
     * @param name  a logger name or prefix ({@code org.smpboot.sim.run}).
     * @param level the level.
     */
    static synchronized void level(final String name, final String level)
    {
        if (process && !VERBOSE.equals(chosen))
        {
            System.setProperty("org.slf4j.simpleLogger.log." + name, level);
        }
    }

    /**
     * The command line is the process's own ({@code main}): the levels may be set. A command run inside another
     * program (a test) leaves that program's logging alone.
     */
    static synchronized void ownProcess()
    {
        process = true;
    }

    /** @return whether {@code --quiet} was given to the command running now. */
    static synchronized boolean quiet()
    {
        return QUIET.equals(chosen);
    }

    /** Forgets the choice (the command ended). */
    static synchronized void reset()
    {
        chosen = null;
    }
}
