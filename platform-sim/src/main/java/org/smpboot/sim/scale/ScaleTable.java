package org.smpboot.sim.scale;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.smpboot.sim.trace.BootPhase;

/**
 * A scaling campaign's table: {@code scale.csv} (one row per boot; columns: platform, side, clusters, cores, flavor,
 * barrier, seed, complete, the cycles of each phase by its label, total cycles, the hottest queue, its mean and
 * longest wait, each barrier's mean episode span as {@code name=cycles} pairs separated by {@code ;}, then the cycles
 * a core spent in each class of step, averaged over the cores, the same way) and {@code scale.json} (the same, a list
 * of objects).
 */
public final class ScaleTable
{
    private ScaleTable()
    {
    }

    /**
     * @param points the boots.
     * @return the CSV text, header first.
     */
    public static String csv(final List<Scale.Point> points)
    {
        final StringBuilder b = new StringBuilder("platform,side,clusters,cores,flavor,barrier,seed,complete,");
        for (final BootPhase ph : BootPhase.values())
        {
            b.append(ph.label().replace(' ', '_')).append("_cycles,");
        }
        b.append("total_cycles,hottest_queue,hottest_mean_wait,hottest_max_wait,barrier_mean_spans,step_mean_cycles\n");
        for (final Scale.Point p : points)
        {
            b.append(String.join(",", p.platform(), Integer.toString(p.side()), Integer.toString(p.clusters()),
                Integer.toString(p.cores()), p.flavor(), p.barrier(), Long.toString(p.seed()),
                Boolean.toString(p.complete()))).append(',');
            for (final BootPhase ph : BootPhase.values())
            {
                final Long c = p.phaseCycles().get(ph);
                b.append(c == null ? "" : c.toString()).append(',');
            }
            b.append(p.totalCycles()).append(',').append(p.hottest()).append(',')
                .append(String.format(Locale.ROOT, "%.1f", p.hottestMean())).append(',').append(p.hottestMax())
                .append(',').append(pairs(p.barrierSpans())).append(',').append(pairs(p.stepCycles())).append('\n');
        }
        return b.toString();
    }

    // name=cycles;name=cycles, names without spaces or commas
    private static String pairs(final java.util.Map<String, Double> m)
    {
        return m.entrySet().stream().map(e -> e.getKey().replace(' ', '_').replace(',', '_') + "=" +
            String.format(Locale.ROOT, "%.0f", e.getValue())).collect(Collectors.joining(";"));
    }

    /**
     * @param points the boots.
     * @return the JSON text.
     * @throws IOException never in practice (in-memory).
     */
    public static String json(final List<Scale.Point> points) throws IOException
    {
        final ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        final ArrayNode all = m.createArrayNode();
        for (final Scale.Point p : points)
        {
            final ObjectNode n = all.addObject();
            n.put("platform", p.platform());
            n.put("side", p.side());
            n.put("clusters", p.clusters());
            n.put("cores", p.cores());
            n.put("flavor", p.flavor());
            n.put("barrier", p.barrier());
            n.put("seed", p.seed());
            n.put("complete", p.complete());
            final ObjectNode phases = n.putObject("phase_cycles");
            p.phaseCycles().forEach((ph, c) -> phases.put(ph.label(), c));
            n.put("total_cycles", p.totalCycles());
            final ObjectNode hot = n.putObject("hottest_queue");
            hot.put("target", p.hottest());
            hot.put("mean_wait", p.hottestMean());
            hot.put("max_wait", p.hottestMax());
            final ObjectNode spans = n.putObject("barrier_mean_spans");
            p.barrierSpans().forEach(spans::put);
            final ObjectNode steps = n.putObject("step_mean_cycles");
            p.stepCycles().forEach(steps::put);
        }
        return m.writeValueAsString(all) + "\n";
    }

    /**
     * Writes {@code scale.csv} and {@code scale.json}.
     *
     * @param points the boots.
     * @param dir    where they go.
     * @throws IOException on write errors.
     */
    public static void write(final List<Scale.Point> points, final Path dir) throws IOException
    {
        Files.writeString(dir.resolve("scale.csv"), csv(points), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("scale.json"), json(points), StandardCharsets.UTF_8);
    }
}
