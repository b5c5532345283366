package org.smpboot.sim.scale;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.smpboot.sim.report.ChartStyle;
import org.smpboot.sim.trace.BootPhase;

/**
 * The pictures of a scaling campaign ({@link Scale}), log-log line charts of virtual cycles: each phase's cycles
 * against the cores; the cycles a core spends in each class of step against the cores; the hottest queue's mean wait
 * per request against the cores; each barrier's mean episode span against the clusters. One series per flavor and barrier class (and per phase or barrier), points only where the
 * boot completed: a series' colour says what it measures, its line and markers which run.
 */
public final class ScaleCharts
{
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 560;
    private static final java.awt.BasicStroke[] LINES = {SeriesLines.SOLID, SeriesLines.DASH_DASH, SeriesLines.DOT_DOT,
        SeriesLines.DASH_DOT};
    private static final org.knowm.xchart.style.markers.Marker[] MARKERS = {SeriesMarkers.CIRCLE,
        SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP};

    private ScaleCharts()
    {
    }

    /**
     * Writes {@code scale-phases.png}, {@code scale-steps.png}, {@code scale-queue.png} and
     * {@code scale-barriers.png}.
     *
     * @param points the campaign's boots.
     * @param dir    where they go.
     * @return the file names written.
     * @throws IOException on write errors.
     */
    public static List<String> write(final List<Scale.Point> points, final Path dir) throws IOException
    {
        final List<Scale.Point> done = points.stream().filter(Scale.Point::complete).toList();
        final List<String> written = new ArrayList<>();
        final Map<String, List<double[]>> phases = new LinkedHashMap<>();
        final Map<String, List<double[]>> steps = new LinkedHashMap<>();
        final Map<String, List<double[]>> queue = new LinkedHashMap<>();
        final Map<String, List<double[]>> barriers = new LinkedHashMap<>();
        // a series' colour says what it measures (the phase, the barrier), its line which run (flavor, barrier class)
        final List<String> runs = done.stream().map(p -> p.flavor() + ", " + p.barrier()).distinct().toList();
        final List<String> phaseNames = new ArrayList<>();
        final List<String> stepNames = new ArrayList<>();
        final List<String> queueNames = new ArrayList<>();
        final List<String> barrierNames = new ArrayList<>();
        final Map<String, int[]> looks = new LinkedHashMap<>();
        for (final Scale.Point p : done)
        {
            final String run = p.flavor() + ", " + p.barrier();
            for (final Map.Entry<BootPhase, Long> e : p.phaseCycles().entrySet())
            {
                add(phases, looks, phaseNames, runs, e.getKey().label(), run, p.cores(), e.getValue());
            }
            p.stepCycles().forEach((name, c) -> add(steps, looks, stepNames, runs, name, run, p.cores(), c));
            add(queue, looks, queueNames, runs, "hottest queue", run, p.cores(), p.hottestMean());
            p.barrierSpans().forEach((name, span) -> add(barriers, looks, barrierNames, runs, name, run, p.clusters(), span));
        }
        written.add(save(chart("Cycles of each boot phase against the cores (virtual time, --seed)", "cores",
            "cycles the phase took", phases, looks), dir, "scale-phases.png"));
        written.add(save(chart("Cycles a core spends in each kind of step against the cores (mean over the cores)",
            "cores", "cycles per core", steps, looks), dir, "scale-steps.png"));
        written.add(save(chart("Mean queueing delay at the hottest bank or device against the cores", "cores",
            "cycles a request waited, on average", queue, looks), dir, "scale-queue.png"));
        written.add(save(chart("Barrier episodes against the clusters: first arrival to last release (mean)",
            "clusters", "cycles per episode, on average", barriers, looks), dir, "scale-barriers.png"));
        return written;
    }

    // a point of the series "what (run)", which gets the colour of what and the line of run
    private static void add(final Map<String, List<double[]>> series, final Map<String, int[]> looks,
        final List<String> names, final List<String> runs, final String what, final String run, final double x,
        final double y)
    {
        if (y > 0)
        {
            final String name = what + " (" + run + ")";
            if (!names.contains(what))
            {
                names.add(what);
            }
            looks.putIfAbsent(name, new int[] {names.indexOf(what), runs.indexOf(run)});
            series.computeIfAbsent(name, k -> new ArrayList<>()).add(new double[] {x, y});
        }
    }

    private static XYChart chart(final String title, final String x, final String y,
        final Map<String, List<double[]>> series, final Map<String, int[]> looks)
    {
        final XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT + 22 * series.size()).title(title)
            .xAxisTitle(x + " (log scale)").yAxisTitle(y + " (log scale)").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisDecimalPattern(ChartStyle.NUMBERS);
        chart.getStyler().setYAxisDecimalPattern(ChartStyle.NUMBERS);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        for (final Map.Entry<String, List<double[]>> e : series.entrySet())
        {
            final ToDoubleFunction<double[]> fx = a -> a[0];
            final XYSeries s = chart.addSeries(e.getKey(), e.getValue().stream().mapToDouble(fx).toArray(),
                e.getValue().stream().mapToDouble(a -> a[1]).toArray());
            final int[] look = looks.get(e.getKey());
            final java.awt.Color colour = ChartStyle.series(look[0]);
            s.setLineColor(colour);
            s.setMarkerColor(colour);
            s.setLineStyle(LINES[look[1] % LINES.length]);
            s.setMarker(MARKERS[look[1] % MARKERS.length]);
        }
        if (series.isEmpty())
        {
            // XChart draws nothing readable for no series: one invisible point keeps the axes and the title
            chart.addSeries("no completed boot", new double[] {1}, new double[] {1}).setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    private static String save(final XYChart chart, final Path dir, final String name) throws IOException
    {
        BitmapEncoder.saveBitmap(chart, dir.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
        return name;
    }
}
