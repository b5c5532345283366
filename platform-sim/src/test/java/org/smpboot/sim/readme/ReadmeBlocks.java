package org.smpboot.sim.readme;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.smpboot.sim.cli.SmpbootCommand;

/**
 * The README's blocks that show a command with its output, run for real: {@link ReadmeTest} checks that each shown
 * line is still what the command prints, and {@link #main} rewrites the README in place with a fresh run's figures.
 * <p>
 * A checked block is a fenced block whose first line is {@code $ ./smpboot ARGS} (or {@code $ printf 'TEXT' |
 * ./smpboot ARGS}, TEXT on standard input). The lines after it are what the command prints, standard output then
 * standard error, in order, with lines left out where a line is {@code ...}; a later {@code $ ./smpboot} line starts
 * the next command of the block, run in the same directory (a new temporary one: the files a block's commands name,
 * {@code arch_info.bin}, {@code disk.img}, are made there). A shown line matches a printed line when
 * they are equal, or when they are equal but for their numbers (decimal, {@code 0x} hex, with separators) and for the
 * parts a {@code ...} inside the line stands for: those are what differs from run to run (times, cycles, who won the
 * election). A trailing {@code (exit N)} after spaces names the exit status. An option {@code --out DIR} runs in a new
 * temporary directory, shown as DIR. A block whose command line ends with {@code # refreshed by a script} is too long
 * for a test (the full soak): only the refresh runs it.
 */
public final class ReadmeBlocks
{
    /** The marker of a block that only the refresh runs. */
    public static final String REFRESH_ONLY = "# refreshed by a script";
    private static final Pattern NUMBER = Pattern.compile("0x[0-9a-fA-F]+|\\d[\\d,]*(\\.\\d+)?");
    private static final Pattern EXIT = Pattern.compile("^(.*?)\\s{2,}\\(exit (\\d)\\)$");
    private static final Pattern FILE = Pattern.compile("[\\w-]+\\.(bin|img|dtb|json|elf)");
    private static final Pattern PRINTF = Pattern.compile("^printf '((?:[^']|'\\\\'')*)' \\| \\./smpboot (.*)$");

    /**
     * One checked block.
     *
     * @param line    the README line (0-based) of its command.
     * @param command the command line as shown (after {@code $ }).
     * @param shown   the lines shown after it.
     */
    public record Block(int line, String command, List<String> shown)
    {
        /** @return whether only the refresh runs it. */
        public boolean refreshOnly()
        {
            return command.endsWith(REFRESH_ONLY);
        }
    }

    /**
     * What a command printed.
     *
     * @param status its exit status.
     * @param lines  standard output's lines, then standard error's.
     */
    public record Run(int status, List<String> lines)
    {
    }

    private ReadmeBlocks()
    {
    }

    /**
     * @param readme the README's lines.
     * @return its checked blocks, in order.
     */
    public static List<Block> blocks(final List<String> readme)
    {
        final List<Block> blocks = new ArrayList<>();
        for (int i = 0; i + 1 < readme.size(); i++)
        {
            if (readme.get(i).startsWith("```") && command(readme.get(i + 1)))
            {
                int j = i + 1;
                while (j < readme.size() && !readme.get(j).startsWith("```"))
                {
                    final int start = j;
                    final List<String> shown = new ArrayList<>();
                    j++;
                    while (j < readme.size() && !readme.get(j).startsWith("```") && !command(readme.get(j)))
                    {
                        shown.add(readme.get(j++));
                    }
                    blocks.add(new Block(start, readme.get(start).substring(2), shown));
                }
                i = j;
            }
        }
        return blocks;
    }

    private static boolean command(final String line)
    {
        return line.startsWith("$ ") && line.contains("./smpboot ");
    }

    /** @return the file at this path relative to the repository's root (the directory of README.md), or null. */
    private static Path repoFile(final String relative)
    {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent())
        {
            if (Files.exists(p.resolve("README.md")))
            {
                return Files.isRegularFile(p.resolve(relative)) ? p.resolve(relative) : null;
            }
        }
        return null;
    }

    /**
     * Runs a block's command in this JVM.
     *
     * @param block the block.
     * @param tmp   the block's directory: its files, and its {@code --out DIR}.
     * @return what it printed, with the directory shown as the README shows it.
     */
    public static Run run(final Block block, final Path tmp)
    {
        String command = block.command();
        if (command.endsWith(REFRESH_ONLY))
        {
            command = command.substring(0, command.length() - REFRESH_ONLY.length()).trim();
        }
        String input = null;
        final Matcher printf = PRINTF.matcher(command);
        if (printf.matches())
        {
            input = printf.group(1).replace("'\\''", "'").replace("\\n", "\n");
            command = printf.group(2);
        }
        else if (command.startsWith("./smpboot "))
        {
            command = command.substring("./smpboot ".length());
        }
        else
        {
            throw new IllegalArgumentException("README line " + (block.line() + 1) + ": not a smpboot command: " +
                command);
        }
        final List<String> args = new ArrayList<>(List.of(command.trim().split("\\s+")));
        String outDir = null;
        for (int i = 0; i < args.size(); i++)
        {
            if (FILE.matcher(args.get(i)).matches())
            {
                args.set(i, tmp.resolve(args.get(i)).toString()); // a file the block's commands share
            }
            else if (args.get(i).contains("/") && !args.get(i).startsWith("/") && repoFile(args.get(i)) != null)
            {
                args.set(i, repoFile(args.get(i)).toString()); // a file of the repository (a script's input)
            }
            else if (i > 0 && args.get(i - 1).equals("--out"))
            {
                outDir = args.get(i);
                args.set(i, tmp.toString());
            }
        }
        final StringWriter o = new StringWriter();
        final StringWriter e = new StringWriter();
        final InputStream saved = System.in;
        final int status;
        try
        {
            if (input != null)
            {
                System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
            }
            status = SmpbootCommand.execute(args.toArray(String[]::new), new PrintWriter(o, true),
                new PrintWriter(e, true));
        }
        finally
        {
            System.setIn(saved);
        }
        final List<String> lines = new ArrayList<>();
        for (final String l : (o + e.toString()).split("\n", -1))
        {
            // the block's directory is shown as the README names it: DIR for --out DIR, else nothing (a file there)
            lines.add(outDir != null ? l.replace(tmp.toString(), outDir) : l.replace(tmp + "/", ""));
        }
        return new Run(status, lines);
    }

    /**
     * Matches a block's shown lines, in order, with what its command printed.
     *
     * @param block the block.
     * @param run   what the command printed.
     * @return per shown line, the printed line it shows refreshed (its numbers and elided parts as the README keeps
     * them), or null where no printed line matches; {@code ...} lines stay.
     */
    public static List<String> match(final Block block, final Run run)
    {
        final List<String> refreshed = new ArrayList<>();
        int at = 0;
        for (final String shown : block.shown())
        {
            if (shown.strip().equals("..."))
            {
                refreshed.add(shown);
                continue;
            }
            final Matcher exit = EXIT.matcher(shown);
            final String line = exit.matches() ? exit.group(1) : shown;
            final String suffix = exit.matches() ? shown.substring(exit.group(1).length()) : "";
            if (exit.matches() && Integer.parseInt(exit.group(2)) != run.status())
            {
                refreshed.add(null);
                continue;
            }
            String found = null;
            for (int k = at; k < run.lines().size() && found == null; k++)
            {
                found = refresh(line, run.lines().get(k));
                if (found != null)
                {
                    at = k + 1;
                }
            }
            refreshed.add(found == null ? null : found + suffix);
        }
        return refreshed;
    }

    /**
     * @param shown   a README line.
     * @param printed a line the command printed.
     * @return the README line with the printed line's numbers (and, where the README shows a number, the number
     * printed there), when they match; null when they do not.
     */
    static String refresh(final String shown, final String printed)
    {
        if (shown.equals(printed))
        {
            return shown;
        }
        // the shown line as a pattern: its numbers and its "..." are the variable parts, and a column's padding
        final StringBuilder regex = new StringBuilder();
        final List<Boolean> numbers = new ArrayList<>();
        final Matcher m = Pattern.compile("\\.\\.\\.|" + NUMBER.pattern()).matcher(shown);
        int last = 0;
        while (m.find())
        {
            regex.append(text(shown.substring(last, m.start())));
            final boolean number = !m.group().equals("...");
            regex.append(number ? "(0x[0-9a-fA-F]+|-?\\d[\\d,]*(?:\\.\\d+)?)" : "(.*?)");
            numbers.add(number);
            last = m.end();
        }
        regex.append(text(shown.substring(last)));
        final Matcher p = Pattern.compile(regex.toString()).matcher(printed);
        if (!p.matches())
        {
            return null;
        }
        if (!numbers.contains(false))
        {
            return printed; // nothing elided: the printed line, columns and all
        }
        final StringBuilder b = new StringBuilder();
        m.reset();
        last = 0;
        int g = 0;
        while (m.find())
        {
            b.append(shown, last, m.start()).append(numbers.get(g) ? p.group(g + 1) : "...");
            g++;
            last = m.end();
        }
        return b.append(shown.substring(last)).toString();
    }

    /** @return a literal part of a shown line as a pattern, where a run of two spaces or more matches any run of
     * spaces (a column's padding moves with its numbers). */
    private static String text(final String literal)
    {
        final StringBuilder b = new StringBuilder();
        final Matcher pad = Pattern.compile("  +").matcher(literal);
        int last = 0;
        while (pad.find())
        {
            b.append(Pattern.quote(literal.substring(last, pad.start()))).append(" +");
            last = pad.end();
        }
        return b.append(Pattern.quote(literal.substring(last))).toString();
    }

    /**
     * Refreshes the README in place: runs every checked block (with {@code --all}, the long ones too) and writes back
     * each shown line as this run printed it. A shown line no printed line matches stops the refresh, naming it.
     *
     * @param args the README's path, then optionally {@code --all}.
     * @throws IOException when the README cannot be read or written.
     */
    public static void main(final String[] args) throws IOException
    {
        final Path readme = Path.of(args.length > 0 ? args[0] : "README.md");
        final boolean all = args.length > 1 && args[1].equals("--all");
        final List<String> lines = new ArrayList<>(Files.readAllLines(readme, StandardCharsets.UTF_8));
        int changed = 0;
        Path tmp = null;
        int end = -1;
        for (final Block block : blocks(lines))
        {
            if (block.refreshOnly() && !all)
            {
                System.out.println("skipped (long; --all runs it): " + block.command());
                continue;
            }
            System.out.println("running: " + block.command());
            if (block.line() != end)
            {
                tmp = Files.createTempDirectory("smpboot-readme"); // a new fence: a new directory
            }
            end = block.line() + 1 + block.shown().size();
            final Run run = run(block, tmp);
            final List<String> fresh = match(block, run);
            for (int i = 0; i < fresh.size(); i++)
            {
                if (fresh.get(i) == null)
                {
                    System.err.println("README.md line " + (block.line() + 2 + i) + " is no longer printed by " +
                        block.command() + ":\n  " + block.shown().get(i) + "\nit printed (exit " + run.status() +
                        "):\n  " + String.join("\n  ", run.lines()));
                    System.exit(1);
                }
                if (!fresh.get(i).equals(lines.get(block.line() + 1 + i)))
                {
                    lines.set(block.line() + 1 + i, fresh.get(i));
                    changed++;
                }
            }
        }
        Files.write(readme, lines, StandardCharsets.UTF_8);
        System.out.println("README refreshed: " + changed + " lines changed");
    }
}
