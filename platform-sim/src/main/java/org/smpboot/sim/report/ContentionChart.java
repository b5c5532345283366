package org.smpboot.sim.report;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.smpboot.sim.boot.BootFlavor;

/**
 * The picture of one phase's contention: two heat maps side by side, accesses and cycles from each requesting cluster
 * (rows) to each bank (columns), colour from white (none) to red (the phase's maximum, which the axis title
 * gives), each cell labelled up to 16 clusters. Every cluster is labelled up to {@value ChartStyle#LABEL_EVERY_ABOVE}
 * clusters, then every 16th (the start of each mesh column). The hot spot of the boot (every CP0, then every core,
 * reading arch_info and boot_info in cluster 0) is the boot cluster's column in phases 3 and 4.
 */
public final class ContentionChart
{
    private static final int CELL = 56;
    private static final int SMALL_CELL = 9;
    private static final int MARGIN = 260;
    private static final int MIN_SIDE = 560;
    private static final int MAX_SIDE = 2400;
    private static final int VALUES_UP_TO = 16;

    private ContentionChart()
    {
    }

    /**
     * @param c      the phase's matrices.
     * @param flavor the boot's flavor, which names its phase 1.
     * @param cycles true for the cycles, false for the accesses.
     * @return the chart.
     */
    public static HeatMapChart chart(final PhaseContention c, final BootFlavor flavor, final boolean cycles)
    {
        final int n = Math.max(c.banks().size(), c.requesters().size());
        final boolean values = c.banks().size() <= VALUES_UP_TO && c.requesters().size() <= VALUES_UP_TO;
        final int side = Math.max(MIN_SIDE, Math.min(MAX_SIDE, MARGIN + (values ? CELL : SMALL_CELL) * n));
        final String what = cycles ? "cycles" : "accesses";
        final long[][] m = cycles ? c.cycles() : c.accesses();
        final List<Number[]> cells = new ArrayList<>();
        long max = 0;
        for (int r = 0; r < c.requesters().size(); r++)
        {
            for (int b = 0; b < c.banks().size(); b++)
            {
                cells.add(new Number[] {b, r, m[r][b]});
                max = Math.max(max, m[r][b]);
            }
        }
        final String every = n > ChartStyle.LABEL_EVERY_ABOVE ? ", a label every 16" : "";
        final HeatMapChart chart = new HeatMapChartBuilder().width(side).height(side).title(String.format(
            "%s (%s): %s", c.phase().label(), flavor.title(c.phase()), what))
            .xAxisTitle(String.format("bank (cxy%s); %s %s in all, darkest %s", every,
                ChartStyle.number(cycles ? c.totalCycles() : c.totalAccesses()), what, ChartStyle.number(max)))
            .yAxisTitle("requesting cluster (cxy" + every + ")").build();
        chart.getStyler().setShowValue(values);
        // white to red, the red light enough for the black values on it (contrast 5:1 at the darkest cell)
        chart.getStyler().setRangeColors(new Color[] {Color.WHITE, new Color(0xFE, 0xE8, 0xC8),
            new Color(0xFD, 0xBB, 0x84), new Color(0xE3, 0x4A, 0x33)});
        chart.getStyler().setValueFontColor(Color.BLACK);
        chart.getStyler().setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        chart.getStyler().setHeatMapDecimalValueFormatter(ContentionChart::compact);
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(Math.max(1, max));
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        // the colour scale's own labels print doubles (135469.0): the axis title gives the darkest value instead
        chart.getStyler().setLegendVisible(false);
        // every label given is drawn (XChart thins them out otherwise); beyond 64 clusters, one in 16 is not blank
        chart.getStyler().setXAxisMaxLabelCount(Math.max(2, n)); // XChart refuses 1 (a one-cluster platform)
        chart.getStyler().setPlotGridLinesVisible(values);
        chart.addSeries(what, ChartStyle.labels(c.banks()), ChartStyle.labels(c.requesters()), cells);
        return chart;
    }

    /**
     * @param v a count.
     * @return it in at most 5 characters: 950, 13.8k, 6.25M, 1.2G.
     */
    static String compact(final double v)
    {
        if (v < 1000)
        {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        final String[] units = {"k", "M", "G", "T"};
        double x = v;
        int u = -1;
        while (x >= 1000 && u < units.length - 1)
        {
            x /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, x < 10 ? "%.2f%s" : x < 100 ? "%.1f%s" : "%.0f%s", x, units[u]);
    }

    /**
     * Writes the accesses' and the cycles' heat maps side by side.
     *
     * @param c      the phase's matrices.
     * @param flavor the boot's flavor, which names its phase 1.
     * @param file   the PNG file.
     * @throws IOException on write errors.
     */
    public static void write(final PhaseContention c, final BootFlavor flavor, final Path file) throws IOException
    {
        BitmapEncoder.saveBitmap(List.of(chart(c, flavor, false), chart(c, flavor, true)), 1, 2, file.toString(),
            BitmapEncoder.BitmapFormat.PNG);
    }
}
