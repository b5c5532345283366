package org.smpboot.bench.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * Turns the JMH JSON files of one run into {@code jmh-result.json} (all rows), PNG plots and {@code RESULTS.md}.
 *
 * <pre>
 * java -cp benchmarks.jar org.smpboot.bench.report.Report OUT_DIR COMMAND SETTINGS WALL_TIME RESULT.json...
 * </pre>
 * Exit status 2 when the files hold no result or a score that is not a number: a run that measured nothing must not
 * look like a success.
 */
public final class Report
{
    private Report()
    {
    }

    /**
     * @param args output directory, command, settings, wall time, then JMH JSON files.
     * @throws Exception on I/O errors.
     */
    public static void main(final String[] args) throws Exception
    {
        System.setProperty("java.awt.headless", "true");
        if (args.length == 2 && args[0].equals("--replot"))
        {
            // the plots of a stored run drawn again (after a change of style), its RESULTS.md untouched
            final Path dir = Path.of(args[1]);
            final List<JmhResult> results = JmhJson.results(JmhJson.merge(List.of(dir.resolve("jmh-result.json"))));
            System.out.println("wrote " + Plots.render(results, Ratios.pair(results), dir) + " in " + dir);
            return;
        }
        if (args.length < 5)
        {
            System.err.println("usage: Report OUT_DIR COMMAND SETTINGS WALL_TIME RESULT.json... | Report --replot DIR");
            System.exit(2);
        }
        final Path out = Path.of(args[0]);
        Files.createDirectories(out);
        final List<Path> files = new ArrayList<>();
        for (int i = 4; i < args.length; i++)
        {
            files.add(Path.of(args[i]));
        }
        final ArrayNode entries = JmhJson.merge(files);
        final List<JmhResult> results = JmhJson.results(entries);
        if (results.isEmpty())
        {
            System.err.println("no benchmark result in " + files + ": nothing was measured");
            System.exit(2);
        }
        final List<JmhResult> broken = results.stream().filter(r -> !Double.isFinite(r.score())).toList();
        if (!broken.isEmpty())
        {
            System.err.println("results without a finite score: " + broken);
            System.exit(2);
        }
        JmhJson.write(entries, out.resolve("jmh-result.json"));
        final String jvm = entries.get(0).path("vmName").asText() + " " + entries.get(0).path("jdkVersion").asText();
        final List<Ratio> ratios = Ratios.pair(results);
        final List<Target> targets = Target.of(results);
        final List<String> plots = Plots.render(results, ratios, out);
        final List<Scaling> scaling = Scaling.of(results);
        final String md = ResultsMarkdown.render(args[1], args[2], jvm, args[3], results, ratios, targets, scaling,
            plots);
        Files.writeString(out.resolve("RESULTS.md"), md, StandardCharsets.UTF_8);
        System.out.println("wrote " + out.resolve("RESULTS.md") + ", " + out.resolve("jmh-result.json") + " and " +
            plots.size() + " plots");
    }
}
