package org.smpboot.sim.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.smpboot.sim.cli.SmpbootCommand;
import org.smpboot.sim.fault.FaultKind;

/**
 * README's fault table holds with default flags: every row's command runs as written (nothing but the fault and the
 * flavor or layout it names), and ends with the row's exit status: exit 1 in one line naming the fault; exit 0 with
 * hardware left out, as the summary says, unless the outcome is that the boot "completes" (with or without). Every
 * fault kind has a row.
 */
class FaultTableTest
{
    /** A row: fault (or empty: the row above's), what, command, exit, outcome. */
    private static final Pattern ROW = Pattern.compile("^\\| *(`[^`]*`)? *\\|[^|]*\\| *`(boot [^`]*)` *\\| *(\\d) *\\|" +
        "(.*)\\|$");

    record Row(String kind, String command, int exit, String outcome)
    {
    }

    static List<Row> rows() throws IOException
    {
        final List<Row> rows = new ArrayList<>();
        boolean in = false;
        String kind = null;
        for (final String line : ReadmeTest.readme())
        {
            if (line.startsWith("| fault | what | with default flags | exit | outcome |"))
            {
                in = true;
                continue;
            }
            if (in && !line.startsWith("|"))
            {
                break;
            }
            final Matcher m = ROW.matcher(line);
            if (in && m.matches())
            {
                if (m.group(1) != null)
                {
                    kind = m.group(1).replaceAll("[`]", "").split(":")[0];
                }
                rows.add(new Row(kind, m.group(2), Integer.parseInt(m.group(3)), m.group(4).strip()));
            }
        }
        return rows;
    }

    @Test
    void everyFaultKindHasARowWithItsCommand() throws IOException
    {
        final List<Row> rows = rows();
        final Set<String> kinds = rows.stream().map(Row::kind).collect(Collectors.toCollection(TreeSet::new));
        final Set<String> all = Arrays.stream(FaultKind.values()).map(FaultKind::cliName)
            .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(all, kinds, "the fault table's kinds");
        for (final Row r : rows)
        {
            assertTrue(r.command().contains("--fault " + r.kind() + ":"), r.command() + " injects " + r.kind());
            assertTrue(!r.command().matches(".*--(timeout|wake-deadline|watchdog)\\b.*"), r.command() +
                ": default flags");
        }
    }

    /** What a row's command did. */
    private record Outcome(int status, StringWriter out, StringWriter err)
    {
    }

    private static Outcome run(final Row r)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int status = SmpbootCommand.execute(r.command().split(" "), new PrintWriter(out, true),
            new PrintWriter(err, true));
        return new Outcome(status, out, err);
    }

    /**
     * The rows run four at a time: most of a row's time is a default bound in host time passing (the wake-up deadline,
     * the watchdog) while its cores sleep, and four such waits overlap; each row is still one boot with default flags.
     */
    @TestFactory
    @Tag("slow")
    Stream<DynamicTest> everyRowHoldsWithDefaultFlags() throws IOException
    {
        final ExecutorService pool = Executors.newFixedThreadPool(4, task ->
        {
            final Thread t = new Thread(task, "fault-table-row");
            t.setDaemon(true);
            return t;
        });
        final List<Row> rows = rows();
        final List<Future<Outcome>> outcomes = rows.stream().map(r -> pool.submit(() -> run(r))).toList();
        pool.shutdown();
        return rows.stream().map(r -> DynamicTest.dynamicTest(r.command(), () ->
        {
            final Outcome o = outcomes.get(rows.indexOf(r)).get(5, TimeUnit.MINUTES);
            final int status = o.status();
            final StringWriter out = o.out();
            final StringWriter err = o.err();
            final String what = r.command() + ": " + err + out;
            assertEquals(r.exit(), status, what);
            if (status == 0)
            {
                // "completes..." may or may not leave something out; any other exit-0 outcome leaves hardware out
                final boolean leftOut = !r.outcome().startsWith("completes");
                if (!leftOut)
                {
                    assertTrue(out.toString().contains("boot complete: "), what);
                    return;
                }
                assertTrue(out.toString().matches("(?s).*boot complete: \\d+/16 cores entered kernel_init " +
                    "\\(\\d+ left out\\).*"), what);
            }
            else
            {
                assertTrue(err.toString().startsWith("smpboot boot: "), what);
                assertEquals(1, err.toString().lines().count(), what);
            }
        }));
    }
}
