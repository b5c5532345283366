package org.smpboot.sim.cli;

import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * How every command's help lays out its header and description: each element a paragraph, wrapped at the usage
 * width between words only (picocli's own wrapping also breaks after a dot, splitting {@code report.json} or
 * {@code ui.perfetto.dev} across lines).
 */
final class HelpText
{
    private HelpText()
    {
    }

    /**
     * @param cli the command line; its sub-commands get the same layout.
     */
    static void install(final CommandLine cli)
    {
        cli.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_HEADER,
            help -> paragraphs(help.commandSpec().usageMessage().header(), help.commandSpec().usageMessage().width()));
        cli.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_DESCRIPTION, help ->
            paragraphs(help.commandSpec().usageMessage().description(), help.commandSpec().usageMessage().width()));
        cli.getSubcommands().values().forEach(HelpText::install);
    }

    /**
     * @param paragraphs the text, one paragraph per element.
     * @param width      the most characters per line.
     * @return it, wrapped between words.
     */
    static String paragraphs(final String[] paragraphs, final int width)
    {
        final StringBuilder b = new StringBuilder();
        for (final String p : paragraphs)
        {
            wrap(p, width).forEach(l -> b.append(l).append(System.lineSeparator()));
        }
        return b.toString();
    }

    /**
     * @param text  a paragraph.
     * @param width the most characters per line (a longer word gets a line of its own).
     * @return its lines; a paragraph that fits, or that starts with a space (laid out by hand), as it is.
     */
    static List<String> wrap(final String text, final int width)
    {
        final List<String> lines = new ArrayList<>();
        if (text.length() <= width || text.startsWith(" "))
        {
            lines.add(text);
            return lines;
        }
        final StringBuilder line = new StringBuilder();
        for (final String word : text.trim().split("\\s+"))
        {
            if (line.length() > 0 && line.length() + 1 + word.length() > width)
            {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        if (line.length() > 0)
        {
            lines.add(line.toString());
        }
        return lines;
    }
}
