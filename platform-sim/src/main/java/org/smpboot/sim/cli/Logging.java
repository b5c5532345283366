package org.smpboot.sim.cli;

import picocli.CommandLine;

/**
 * The level of the simulator's diagnostics, which go through slf4j-api and, in the CLI, to slf4j-simple on standard
 * error ({@code simplelogger.properties} sets the format). {@code --quiet} and {@code --verbose} set slf4j-simple's
 * default level before the first logger exists: the options are parsed before any simulator class logs, and no
 * command class holds a logger of its own. (slf4j-simple reads its level once per JVM, so in a JVM that has logged
 * already, as a test running several commands, the first level stays.)
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
        if (System.getProperty(LEVEL_PROPERTY) == null || !System.getProperty(LEVEL_PROPERTY).equals(level))
        {
            System.setProperty(LEVEL_PROPERTY, level);
        }
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
