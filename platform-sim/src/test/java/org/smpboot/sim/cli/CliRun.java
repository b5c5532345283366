package org.smpboot.sim.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * One run of the {@code smpboot} command in-process, as the CLI tests drive it: its exit status and what it printed.
 *
 * @param status the exit status.
 * @param out    standard output.
 * @param err    standard error.
 */
record CliRun(int status, String out, String err)
{
    /**
     * @param args the command line after {@code smpboot}.
     * @return what it did.
     */
    static CliRun smpboot(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int status = SmpbootCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(status, out.toString(), err.toString());
    }

    /**
     * @param input what standard input holds, as a user would type it (the shells' commands).
     * @param args  the command line after {@code smpboot}.
     * @return what it did.
     */
    static CliRun smpbootWithInput(final String input, final String... args)
    {
        final InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        try
        {
            return smpboot(args);
        }
        finally
        {
            System.setIn(saved);
        }
    }
}
