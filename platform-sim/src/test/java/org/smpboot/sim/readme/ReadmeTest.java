package org.smpboot.sim.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.smpboot.sim.cli.SmpbootCommand;
import picocli.CommandLine;

/**
 * README.md cannot go stale: every block that shows a {@code ./smpboot} command with its output is run, and each line
 * it shows must still be printed (numbers and {@code ...} parts aside: {@link ReadmeBlocks}); README and every
 * command's help stand on their own (no path outside the repository, no reference to documents a clone lacks).
 * {@code scripts/readme-refresh.sh} rewrites the blocks from a fresh run.
 */
class ReadmeTest
{
    /** The blocks the README must keep checked: the commands a reader tries first. */
    private static final Set<String> REQUIRED = Set.of("boot", "race", "explore", "hypervisor", "soak", "archinfo",
        "disk");

    static List<String> readme() throws IOException
    {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("README.md")))
        {
            p = p.getParent();
        }
        if (p == null)
        {
            throw new IOException("no README.md above " + Path.of("").toAbsolutePath());
        }
        return Files.readAllLines(p.resolve("README.md"), StandardCharsets.UTF_8);
    }

    @Test
    void readmeShowsTheMainCommandsOutputInCheckedBlocks() throws IOException
    {
        final List<ReadmeBlocks.Block> blocks = ReadmeBlocks.blocks(readme());
        final Set<String> commands = blocks.stream().map(b -> b.command().replaceFirst("^.*?\\./smpboot ", "")
            .split(" ")[0]).collect(Collectors.toSet());
        assertTrue(commands.containsAll(REQUIRED), "checked blocks for " + commands + ", want " + REQUIRED);
        for (final ReadmeBlocks.Block b : blocks)
        {
            assertFalse(b.shown().isEmpty(), "README line " + (b.line() + 1) + ": a command without its output");
        }
    }

    @Test
    void readmeAndHelpStandOnTheirOwn() throws IOException
    {
        final String text = String.join("\n", readme());
        for (final String outside : List.of("../shared", "shared/seeds", "seed 000", "seed 001", "seed 002", "seed 003",
            "seed-00", "DESIGN.md"))
        {
            assertFalse(text.contains(outside), "README mentions " + outside + ", which a clone does not have");
        }
        final List<String> helps = new ArrayList<>();
        help(SmpbootCommand.commandLine(), helps);
        for (final String h : helps)
        {
            for (final String outside : List.of("../shared", "seed 00", "seed-00", "DESIGN.md"))
            {
                assertFalse(h.contains(outside), "a help mentions " + outside + ":\n" + h);
            }
        }
        assertTrue(helps.size() > 10, helps.size() + " commands");
    }

    private static void help(final CommandLine cli, final List<String> helps)
    {
        final StringWriter w = new StringWriter();
        cli.usage(new PrintWriter(w));
        helps.add(w.toString());
        cli.getSubcommands().values().stream().distinct().forEach(s -> help(s, helps));
    }

    @TestFactory
    @Tag("slow")
    Stream<DynamicTest> everyShownLineIsStillPrinted() throws IOException
    {
        // the commands of one fenced block share a directory (one makes arch_info.bin, the next uses it)
        final Path[] tmp = new Path[1];
        final int[] end = {-1};
        return ReadmeBlocks.blocks(readme()).stream().filter(b -> !b.refreshOnly()).map(b ->
            DynamicTest.dynamicTest("README line " + (b.line() + 1) + ": " + b.command(), () ->
            {
                if (b.line() != end[0])
                {
                    tmp[0] = Files.createTempDirectory("smpboot-readme");
                }
                end[0] = b.line() + 1 + b.shown().size();
                final ReadmeBlocks.Run run = ReadmeBlocks.run(b, tmp[0]);
                final List<String> matched = ReadmeBlocks.match(b, run);
                final List<String> stale = new ArrayList<>();
                for (int i = 0; i < matched.size(); i++)
                {
                    if (matched.get(i) == null)
                    {
                        stale.add("line " + (b.line() + 2 + i) + ": " + b.shown().get(i));
                    }
                }
                if (!stale.isEmpty())
                {
                    fail("README shows what " + b.command() + " no longer prints (run scripts/readme-refresh.sh, or " +
                        "fix the README):\n" + String.join("\n", stale) + "\nit printed (exit " + run.status() + "):\n" +
                        String.join("\n", run.lines()));
                }
            }));
    }

    @Test
    void aShownLineMatchesBarItsNumbersAndItsElisions()
    {
        assertEquals("boot complete: 16/16 cores; 610 ms", ReadmeBlocks.refresh("boot complete: 16/16 cores; 554 ms",
            "boot complete: 16/16 cores; 610 ms"));
        assertEquals("seed 3: fault: core[0x00,0] ... waiting", ReadmeBlocks.refresh("seed 1: fault: core[0x00,0] ... " +
            "waiting", "seed 3: fault: core[0x00,0] gid 0x000 in D3 waiting"));
        assertEquals(null, ReadmeBlocks.refresh("boot complete: 16/16 cores", "boot FAILED: 15/16 cores"));
        final ReadmeBlocks.Block b = new ReadmeBlocks.Block(0, "./smpboot x", List.of("a 1", "...", "c 3   (exit 1)"));
        assertEquals(List.of("a 7", "...", "c 9   (exit 1)"), ReadmeBlocks.match(b, new ReadmeBlocks.Run(1,
            List.of("a 7", "b", "c 9"))));
        assertEquals(null, ReadmeBlocks.match(b, new ReadmeBlocks.Run(0, List.of("a 7", "c 9"))).get(2),
            "the exit status shown must be the one returned");
    }
}
