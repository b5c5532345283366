package org.smpboot.sim.hyper;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
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
    public static Terminal terminal(final Path history) throws IOException
    {
        return new Terminal(history);
    }

    /**
     * The interactive terminal: JLine's line editing and history, and a console that prints TTY 0's lines above the
     * line being typed, so that the log of a guest booting does not break into it.
     */
    public static final class Terminal implements HyperShell.LineSource
    {
        private final LineReader reader;

        private Terminal(final Path history) throws IOException
        {
            final org.jline.terminal.Terminal terminal = TerminalBuilder.builder().system(true).build();
            this.reader = LineReaderBuilder.builder().terminal(terminal).appName("smpboot-hypervisor")
                .variable(LineReader.HISTORY_FILE, history).build();
        }

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

        /** @return where TTY 0 echoes: each whole line is printed above the prompt. */
        public PrintStream console()
        {
            return new PrintStream(new OutputStream()
            {
                private final ByteArrayOutputStream line = new ByteArrayOutputStream();

                @Override
                public synchronized void write(final int b)
                {
                    if (b == '\n')
                    {
                        reader.printAbove(line.toString(StandardCharsets.UTF_8));
                        line.reset();
                    }
                    else
                    {
                        line.write(b);
                    }
                }
            }, true, StandardCharsets.UTF_8);
        }
    }
}
