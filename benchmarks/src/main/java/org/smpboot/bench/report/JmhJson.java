package org.smpboot.bench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;

/** Reads JMH's {@code -rf json} files and writes several of them back as one array. */
public final class JmhJson
{
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JmhJson()
    {
    }

    /**
     * @param files JMH JSON files, each an array of results.
     * @return all their entries, in order.
     * @throws IOException when a file cannot be read or is not a JSON array.
     */
    public static ArrayNode merge(final List<Path> files) throws IOException
    {
        final ArrayNode all = MAPPER.createArrayNode();
        for (final Path f : files)
        {
            final JsonNode root = MAPPER.readTree(f.toFile());
            if (root == null || !root.isArray())
            {
                throw new IOException(f + " is not a JMH JSON result (expected an array)");
            }
            root.forEach(all::add);
        }
        return all;
    }

    /**
     * @param entries merged JMH entries.
     * @param file    where to write them.
     * @throws IOException on write errors.
     */
    public static void write(final ArrayNode entries, final Path file) throws IOException
    {
        MAPPER.writeValue(file.toFile(), entries);
    }

    /**
     * @param entries JMH entries.
     * @return one result per entry.
     */
    public static List<JmhResult> results(final ArrayNode entries)
    {
        final List<JmhResult> out = new ArrayList<>();
        for (final JsonNode e : entries)
        {
            final String benchmark = e.path("benchmark").asText();
            final int dot = benchmark.lastIndexOf('.');
            final String fqcn = benchmark.substring(0, dot);
            final Map<String, String> params = new LinkedHashMap<>();
            e.path("params").fields().forEachRemaining(p -> params.put(p.getKey(), p.getValue().asText()));
            final JsonNode m = e.path("primaryMetric");
            final Map<String, Double> secondary = new LinkedHashMap<>();
            e.path("secondaryMetrics").fields().forEachRemaining(s -> secondary.put(s.getKey(), mean(s.getValue())));
            out.add(new JmhResult(fqcn.substring(fqcn.lastIndexOf('.') + 1), benchmark.substring(dot + 1), params,
                e.path("threads").asInt(1), number(m.path("score")), number(m.path("scoreError")),
                m.path("scoreUnit").asText(), secondary));
        }
        return out;
    }

    /** @return the mean of a metric's per-iteration values (rawData, one array per fork), NaN without any. */
    private static double mean(final JsonNode metric)
    {
        double sum = 0;
        int n = 0;
        for (final JsonNode fork : metric.path("rawData"))
        {
            for (final JsonNode v : fork)
            {
                sum += number(v);
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static double number(final JsonNode n)
    {
        // JMH writes "NaN" as a string when the error is undefined (one iteration)
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }
}
