package org.smpboot.sim.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.TerminalBuilder;
import org.smpboot.sim.hyper.HyperShell;

/**
 * The host's terminal in front of the hypervisor's TTY 0: JLine edits a line (history in a file, Tab completes the
 * shell's commands and options), then types it into TTY 0, where the simulated shell reads, echoes and runs it.
 * TTY 0's output is printed above the line being edited, a whole line at a time, so a guest's log does not break
 * into it; the line JLine shows is erased when it is sent, since the shell's echo prints it back.
 */
final class HyperTerminal implements AutoCloseable
{
    private final org.jline.terminal.Terminal terminal;
    private final LineReader reader;

    /**
     * @param history the history file.
     * @throws IOException when the terminal cannot be opened.
     */
    HyperTerminal(final Path history) throws IOException
    {
        this.terminal = TerminalBuilder.builder().system(true).build();
        this.reader = LineReaderBuilder.builder().terminal(terminal).appName("smpboot-hypervisor")
            .completer(completer(HyperShell.grammar())).variable(LineReader.HISTORY_FILE, history)
            .option(LineReader.Option.ERASE_LINE_ON_FINISH, true).build();
    }

    /**
     * Completes the first word with the shell's commands, the next ones with the options of the command typed not yet
     * typed, or, after an option that names one of a few values, with those values.
     *
     * @param grammar by command, its options, each with its values.
     * @return the completer.
     */
    static Completer completer(final Map<String, Map<String, List<String>>> grammar)
    {
        return (final LineReader r, final ParsedLine line, final List<Candidate> candidates) ->
        {
            if (line.wordIndex() == 0)
            {
                grammar.keySet().forEach(c -> candidates.add(new Candidate(c)));
                return;
            }
            final Map<String, List<String>> options = grammar.get(line.words().get(0));
            if (options == null)
            {
                return;
            }
            final List<String> values = options.get(line.words().get(line.wordIndex() - 1));
            if (values != null && !values.isEmpty())
            {
                values.forEach(v -> candidates.add(new Candidate(v)));
                return;
            }
            options.keySet().stream().filter(o -> !line.words().contains(o)).forEach(o -> candidates.add(
                new Candidate(o)));
        };
    }

    /**
     * Reads lines until the end of input (Ctrl-D), typing each into TTY 0 with its newline, then the end of input.
     * Ctrl-C drops the line being edited.
     *
     * @param type what types into TTY 0.
     */
    void feed(final Consumer<String> type)
    {
        while (true)
        {
            try
            {
                type.accept(reader.readLine(HyperShell.PROMPT) + "\n");
            }
            catch (final UserInterruptException e)
            {
                // Ctrl-C: the line is dropped, as a shell does
            }
            catch (final EndOfFileException e)
            {
                type.accept("\u0004");
                return;
            }
        }
    }

    /** @return where TTY 0's output goes: each whole line is printed above the line being edited. */
    PrintStream console()
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

    @Override
    public void close() throws IOException
    {
        terminal.close();
    }
}
