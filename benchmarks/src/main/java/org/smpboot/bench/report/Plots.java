package org.smpboot.bench.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.IChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * XChart bar charts of one run: per benchmark class, the time of every method by thread count (log scale, since
 * CyclicBarrier and a spin barrier differ by orders of magnitude), and the speed-up of every variant over every
 * baseline. A class without a baseline (see {@link Scaling}) gets instead a log-log line chart of each metric against
 * its size, beside the line of linear growth from the smallest size.
 */
public final class Plots
{
    private static final int WIDTH = 900;
    private static final int HEIGHT = 500;
    /** Plain numbers on the value axes (1,000 and 0.5, not 1E3). */
    private static final String NUMBERS = "#,##0.###";
    /** Ten colours no two of which look alike (Tableau 10): XChart's own palette repeats yellows and oranges. */
    private static final Color[] SERIES = {new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759),
        new Color(0x76B7B2), new Color(0x59A14F), new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7),
        new Color(0x9C755F), new Color(0xBAB0AC)};

    private Plots()
    {
    }

    /**
     * @param results rows of one run.
     * @param ratios  their pairs.
     * @param dir     where the PNG files go.
     * @return file names written, relative to {@code dir}.
     * @throws IOException on write errors.
     */
    public static List<String> render(final List<JmhResult> results, final List<Ratio> ratios, final Path dir)
        throws IOException
    {
        final List<String> written = new ArrayList<>();
        final Set<String> scaling = Scaling.classes(results);
        final List<Scaling> growth = Scaling.of(results);
        for (final String cls : results.stream().map(JmhResult::className).distinct().toList())
        {
            if (scaling.contains(cls))
            {
                written.add(save(scalingChart(cls, growth.stream().filter(g -> g.row().className().equals(cls))
                    .toList()), dir, cls + "-scaling"));
                continue;
            }
            final List<JmhResult> rows = results.stream().filter(r -> r.className().equals(cls)).toList();
            final Map<String, Map<Integer, Double>> series = new LinkedHashMap<>();
            rows.forEach(r -> series.computeIfAbsent(r.method(), k -> new LinkedHashMap<>()).put(r.size(), r.score()));
            final String unit = rows.get(0).unit();
            written.add(save(chart(cls + ": time per operation (lower is better)", axis(cls), unit + " (log scale)",
                series, true), dir, cls + "-time"));

            final Map<String, Map<Integer, Double>> speedUps = new LinkedHashMap<>();
            ratios.stream().filter(q -> q.variant().className().equals(cls)).forEach(q ->
                speedUps.computeIfAbsent(q.variant().method() + " vs " + q.baseline().shortName(),
                    k -> new LinkedHashMap<>()).put(q.variant().size(), q.speedUp()));
            if (!speedUps.isEmpty())
            {
                written.add(save(chart(cls + ": speed-up over baseline, same run (above 1: runtime faster)", axis(cls),
                    "baseline time / runtime time (log scale)", speedUps, true), dir, cls + "-speedup"));
            }
        }
        return written;
    }

    private static String axis(final String cls)
    {
        return switch (cls)
        {
            case "BarrierBench" -> "parties (threads on 2 cores)";
            case "ElectionBootBench" -> "CPUs (threads on 2 cores)";
            case "StackPoolBench" -> "JMH threads";
            default -> "threads";
        };
    }

    private static CategoryChart chart(
        final String title, final String xTitle, final String yTitle, final Map<String, Map<Integer, Double>> series,
        final boolean log)
    {
        // the legend sits below the plot: grow the picture with it instead of squeezing the bars
        final CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT + 24 * series.size())
            .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setYAxisLogarithmic(log);
        chart.getStyler().setYAxisDecimalPattern(NUMBERS);
        chart.getStyler().setSeriesColors(SERIES);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        // only sizes every series measured, so the bars of one size line up
        final TreeSet<Integer> sizes = new TreeSet<>();
        series.values().forEach(m -> sizes.addAll(m.keySet()));
        series.values().forEach(m -> sizes.retainAll(m.keySet()));
        if (sizes.isEmpty())
        {
            return chart;
        }
        final List<String> x = sizes.stream().map(String::valueOf).toList();
        if (log)
        {
            // bars start at the axis minimum, which must be positive on a log axis: the decade below the smallest bar;
            // the axis ends at the decade above the tallest, so that at least two ticks are labelled (a log axis labels
            // decades only: speed-ups of 0.8 to 0.97 once showed one tick, 0.1, and no 1 to read them against)
            final double[] values = series.values().stream().flatMap(m -> sizes.stream().map(m::get))
                .mapToDouble(Double::doubleValue).toArray();
            final double min = Arrays.stream(values).min().orElse(1);
            final double max = Arrays.stream(values).max().orElse(1);
            final double bottom = Math.pow(10, Math.floor(Math.log10(min)));
            chart.getStyler().setYAxisMin(bottom);
            chart.getStyler().setYAxisMax(Math.max(Math.pow(10, Math.ceil(Math.log10(max))), bottom * 10));
        }
        series.forEach((name, bySize) ->
            chart.addSeries(name, x, sizes.stream().map(s -> (Number)bySize.get(s)).toList()));
        return chart;
    }

    private static XYChart scalingChart(final String cls, final List<Scaling> rows)
    {
        final Map<String, List<Scaling>> series = new LinkedHashMap<>();
        // one series per metric and per value of the other params (flavor=elected and flavor=tsar apart)
        rows.forEach(g ->
        {
            final String others = Scaling.otherParams(g.row());
            series.computeIfAbsent(g.metric() + (others.equals("{}") ? "" : " " + others.substring(1,
                others.length() - 1)) + " (" + g.unit() + ")", k -> new ArrayList<>()).add(g);
        });
        final XYChart chart = new XYChartBuilder().width(WIDTH + 100).height(HEIGHT + 24 * 2 * series.size())
            .title(cls + ": each metric by size (log-log; lower is better)").xAxisTitle(Scaling.sizeName(cls) +
                " (log scale)").yAxisTitle("per operation, in each series' unit (log scale)").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisDecimalPattern(NUMBERS);
        chart.getStyler().setYAxisDecimalPattern(NUMBERS);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        // each metric and its guide line share a colour
        final Color[] colours = SERIES;
        final int[] n = {0};
        series.forEach((name, s) ->
        {
            final Color colour = colours[n[0]++ % colours.length];
            final List<Double> x = s.stream().map(g -> (double)g.row().size()).toList();
            final List<Double> y = s.stream().map(Scaling::time).toList();
            final XYSeries measured = chart.addSeries(name, x, y);
            measured.setMarker(SeriesMarkers.CIRCLE);
            measured.setLineColor(colour);
            measured.setMarkerColor(colour);
            // what the metric would be if it grew linearly in the size from its smallest value
            final double x0 = x.get(0);
            final List<Double> linear = x.stream().map(v -> s.get(0).smallest() * v / x0).toList();
            final XYSeries guide = chart.addSeries(name + ", if linear from the smallest", x, linear);
            guide.setMarker(SeriesMarkers.NONE);
            guide.setLineStyle(SeriesLines.DASH_DASH);
            guide.setLineColor(colour);
        });
        return chart;
    }

    private static String save(final IChart chart, final Path dir, final String name) throws IOException
    {
        BitmapEncoder.saveBitmap(chart, dir.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
        return name + ".png";
    }
}
