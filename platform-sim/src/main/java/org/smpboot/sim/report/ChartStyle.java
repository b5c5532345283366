package org.smpboot.sim.report;

import java.io.IOException;
import java.nio.file.Path;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * What the boot's pictures share: one stacked bar per cluster, the picture widening with the number of clusters
 * (up to a bound, beyond which the bars thin out) and the cluster labels turned upright when they would overlap.
 */
final class ChartStyle
{
    private static final int MIN_WIDTH = 800;
    private static final int MAX_WIDTH = 3200;
    private static final int BAR_WIDTH = 28;
    private static final int HEIGHT = 600;
    private static final int UPRIGHT_ABOVE = 16;

    private ChartStyle()
    {
    }

    /**
     * @param title    the title.
     * @param yTitle   what the bars measure.
     * @param clusters how many bars.
     * @return an empty stacked bar chart.
     */
    static CategoryChart stacked(final String title, final String yTitle, final int clusters)
    {
        final int width = Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, 200 + BAR_WIDTH * clusters));
        final CategoryChart chart = new CategoryChartBuilder().width(width).height(HEIGHT).title(title)
            .xAxisTitle("cluster (cxy)").yAxisTitle(yTitle).build();
        chart.getStyler().setStacked(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        chart.getStyler().setOverlapped(false);
        if (clusters > UPRIGHT_ABOVE)
        {
            chart.getStyler().setXAxisLabelRotation(90);
        }
        return chart;
    }

    /**
     * @param cxy a cluster.
     * @return its bar's label.
     */
    static String label(final int cxy)
    {
        return String.format("0x%02x", cxy);
    }

    /**
     * @param chart the chart.
     * @param file  the PNG file to write.
     * @throws IOException on write errors.
     */
    static void save(final CategoryChart chart, final Path file) throws IOException
    {
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
