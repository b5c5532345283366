package org.smpboot.bench.report;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One row of a JMH JSON result, as the report needs it.
 *
 * @param className  simple name of the benchmark class ({@code BarrierBench}).
 * @param method     benchmark method ({@code baselinePhaser}).
 * @param params     JMH {@code @Param} values, sorted by name.
 * @param threads    JMH threads (the {@code -t} of the run).
 * @param score      primary score.
 * @param error      its 99.9% half-interval (NaN when too few iterations).
 * @param unit       score unit ({@code ns/op}).
 * @param secondary  JMH secondary metrics (such as {@code @AuxCounters} fields) by name, each the mean of its
 *                   per-iteration values: JMH's own score of an {@code EVENTS} counter is their sum, not their mean.
 */
public record JmhResult(String className, String method, Map<String, String> params, int threads, double score,
    double error, String unit, Map<String, Double> secondary)
{
    /** Methods whose name starts with this are baselines: every other method of the class is compared to each. */
    public static final String BASELINE_PREFIX = "baseline";

    /**
     * Copies the params sorted and the secondary metrics in order.
     *
     * @param params    the params.
     * @param secondary the secondary metrics.
     */
    public JmhResult
    {
        params = new TreeMap<>(params);
        secondary = new LinkedHashMap<>(secondary);
    }

    /**
     * A row without secondary metrics.
     *
     * @param className simple name of the benchmark class.
     * @param method    benchmark method.
     * @param params    JMH params.
     * @param threads   JMH threads.
     * @param score     primary score.
     * @param error     its 99.9% half-interval.
     * @param unit      score unit.
     */
    public JmhResult(final String className, final String method, final Map<String, String> params, final int threads,
        final double score, final double error, final String unit)
    {
        this(className, method, params, threads, score, error, unit, Map.of());
    }

    /** @return true for a baseline method. */
    public boolean isBaseline()
    {
        return method.startsWith(BASELINE_PREFIX);
    }

    /** @return the method without the baseline prefix, decapitalised ({@code phaser}). */
    public String shortName()
    {
        if (!isBaseline())
        {
            return method;
        }
        final String s = method.substring(BASELINE_PREFIX.length());
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    /**
     * @return what must be equal for two rows to be compared: the params and the thread count (e.g. "parties=8",
     *     "threads=2").
     */
    public String configuration()
    {
        final String p = params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(", "));
        if (threads == 1 && !p.isEmpty())
        {
            return p;
        }
        return p.isEmpty() ? "threads=" + threads : p + ", threads=" + threads;
    }

    /** @return the thread count or the first numeric param: the x of a plot. */
    public int size()
    {
        for (final String v : params.values())
        {
            try
            {
                return Integer.parseInt(v);
            }
            catch (final NumberFormatException e)
            {
                // not a size
            }
        }
        return threads;
    }
}
