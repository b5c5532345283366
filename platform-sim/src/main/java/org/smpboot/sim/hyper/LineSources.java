package org.smpboot.sim.hyper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/** Where the shell's commands come from. */
public final class LineSources
{
    private LineSources()
    {
    }

    /**
     * @param reader a script or standard input; each line read is echoed on TTY 0 after the prompt.
     * @return the source.
     */
    public static HyperShell.LineSource of(final Reader reader)
    {
        final BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        return new HyperShell.LineSource()
        {
            @Override
            public String readLine(final String prompt) throws IOException
            {
                return in.readLine();
            }

            @Override
            public boolean echo()
            {
                return true;
            }
        };
    }

    /**
     * The interactive terminal, with JLine's line editing and a history kept in a file.
     *
     * @param history the history file.
     * @return the source.
     * @throws IOException when the terminal cannot be opened.
     */
    public static HyperShell.LineSource terminal(final Path history) throws IOException
    {
        final Terminal terminal = TerminalBuilder.builder().system(true).build();
        final LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("smpboot-hypervisor")
            .variable(LineReader.HISTORY_FILE, history).build();
        return new HyperShell.LineSource()
        {
            @Override
            public String readLine(final String prompt)
            {
                while (true)
                {
                    try
                    {
                        return reader.readLine(prompt);
                    }
                    catch (final UserInterruptException e)
                    {
                        // Ctrl-C drops the line being typed, as a shell does; Ctrl-D (end of file) quits
                    }
                    catch (final EndOfFileException e)
                    {
                        return null;
                    }
                }
            }

            @Override
            public boolean echo()
            {
                return false;
            }
        };
    }
}
