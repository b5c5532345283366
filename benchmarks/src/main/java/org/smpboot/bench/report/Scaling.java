package org.smpboot.bench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.smpboot.bench.boot.PlatformBootBench;

/**
 * How the cost of an operation grows with its size, for a benchmark class that has no {@code baseline*} method but a
 * size param ({@code PlatformBootBench}: a boot of 1 to 256 clusters). Nothing else boots the simulated platform, so
 * there is no other program to compare with: the reference is the same method at the smallest size of the same run,
 * and the row gives time(N) / time(smallest) and the time per core.
 *
 * <p>Every metric of such a row is followed: the primary score (JMH's time of the method) and each secondary metric
 * (an {@code @AuxCounters} field such as {@code bootMs}, its per-iteration mean; its name carries its unit).
 *
 * @param row      the JMH row.
 * @param metric   the method for the primary score, {@code method:name} for a secondary metric.
 * @param unit     the metric's unit.
 * @param time     the metric's value in that unit.
 * @param error    its 99.9% half-interval (NaN for secondary metrics and when JMH gave none).
 * @param smallest the same metric of the smallest size of the same method and other params.
 * @param cores    the cores of the row's configuration (the size itself for a class this report does not know).
 */
public record Scaling(JmhResult row, String metric, String unit, double time, double error, double smallest,
    int cores)
{
    /** @return time / time at the smallest size: how much more one operation costs than the smallest one. */
    public double ratio()
    {
        return time / smallest;
    }

    /** @return time per core, in {@link #unit()} (per operation). */
    public double perCore()
    {
        return time / cores;
    }

    /**
     * @param results rows of one run.
     * @return the scaling rows of every class without a baseline and with a numeric param: by class, method, metric,
     *     then size.
     */
    public static List<Scaling> of(final List<JmhResult> results)
    {
        final List<Scaling> out = new ArrayList<>();
        for (final String cls : classes(results))
        {
            final List<JmhResult> rows = results.stream().filter(r -> r.className().equals(cls))
                .sorted(Comparator.comparingInt(JmhResult::size)).toList();
            // one series per method, thread count and params other than the size
            final Map<String, List<JmhResult>> series = new LinkedHashMap<>();
            rows.forEach(r -> series.computeIfAbsent(r.method() + "|" + r.threads() + "|" + otherParams(r),
                k -> new ArrayList<>()).add(r));
            for (final List<JmhResult> s : series.values())
            {
                final JmhResult first = s.get(0);
                for (final JmhResult r : s)
                {
                    out.add(new Scaling(r, r.method(), r.unit(), r.score(), r.error(), first.score(), cores(r)));
                }
                for (final String name : first.secondary().keySet())
                {
                    for (final JmhResult r : s)
                    {
                        out.add(new Scaling(r, r.method() + ":" + name, unitOf(name, r.unit()),
                            r.secondary().getOrDefault(name, Double.NaN), Double.NaN, first.secondary().get(name),
                            cores(r)));
                    }
                }
            }
        }
        return out;
    }

    /**
     * @param results rows of one run.
     * @return the classes that get a scaling section: no baseline method, a numeric param.
     */
    public static Set<String> classes(final List<JmhResult> results)
    {
        final Set<String> withBaseline = results.stream().filter(JmhResult::isBaseline).map(JmhResult::className)
            .collect(Collectors.toSet());
        return results.stream().filter(r -> !withBaseline.contains(r.className()) && sizeParam(r) != null)
            .map(JmhResult::className).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /**
     * @param cls a scaling class.
     * @return what its size counts, for tables and plot axes.
     */
    public static String sizeName(final String cls)
    {
        return "PlatformBootBench".equals(cls) ? "clusters (x " + PlatformBootBench.CORES + " cores)" : "size";
    }

    private static int cores(final JmhResult r)
    {
        return "PlatformBootBench".equals(r.className()) ? r.size() * PlatformBootBench.CORES : r.size();
    }

    private static String unitOf(final String name, final String jmhUnit)
    {
        if (name.endsWith("Mb"))
        {
            return "MiB"; // a size (peak RSS), not a time: the name says so
        }
        if (name.endsWith("Ms"))
        {
            return "ms";
        }
        if (name.endsWith("Us"))
        {
            return "us";
        }
        if (name.endsWith("Ns"))
        {
            return "ns";
        }
        return jmhUnit;
    }

    /** @return the name of the first numeric param (the one {@link JmhResult#size()} reads), or null. */
    private static String sizeParam(final JmhResult r)
    {
        for (final Map.Entry<String, String> e : r.params().entrySet())
        {
            try
            {
                Integer.parseInt(e.getValue());
                return e.getKey();
            }
            catch (final NumberFormatException x)
            {
                // not a size
            }
        }
        return null;
    }

    /**
     * @param r a row.
     * @return its params but the size, as {@code {flavor=tsar}}: what tells its series from the others of its method.
     */
    static String otherParams(final JmhResult r)
    {
        final Map<String, String> p = new TreeMap<>(r.params());
        p.remove(sizeParam(r));
        return p.toString();
    }
}
