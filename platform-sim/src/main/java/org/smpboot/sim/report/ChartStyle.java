package org.smpboot.sim.report;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * What the boot's pictures share: one stacked bar per cluster, the picture widening with the number of clusters (up
 * to a bound, beyond which the bars thin out), plain numbers on the axes (130,000, not 1.3E5), and the clusters
 * labelled: every one up to {@value #LABEL_EVERY_ABOVE} clusters (upright beyond 16), then one label every 16
 * clusters, the start of each mesh column (the axis title says so).
 */
public final class ChartStyle
{
    /** Clusters beyond which only every 16th cluster is labelled. */
    static final int LABEL_EVERY_ABOVE = 64;
    /** The plain number format of the axes. */
    public static final String NUMBERS = "#,##0";
    private static final int MIN_WIDTH = 800;
    private static final int MAX_WIDTH = 3200;
    private static final int BAR_WIDTH = 28;
    private static final int HEIGHT = 600;
    private static final int UPRIGHT_ABOVE = 16;
    /**
     * Ten colours no two of which look alike (Tableau 10): XChart's own series palette gives two yellows to the
     * memory charts' 6th and 2nd zones (boot stacks and kernel).
     */
    private static final Color[] SERIES = {new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759),
        new Color(0x76B7B2), new Color(0x59A14F), new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7),
        new Color(0x9C755F), new Color(0xBAB0AC)};

    private ChartStyle()
    {
    }

    /**
     * @param i a series' index.
     * @return its colour: the i-th of ten that no two look alike (cycling beyond).
     */
    public static Color series(final int i)
    {
        return SERIES[Math.floorMod(i, SERIES.length)];
    }

    /**
     * @param title    the title (at most about 80 characters: the picture is 800 pixels wide at least).
     * @param xTitle   what the bars are (clusters), and any figure the title has no room for.
     * @param yTitle   what the bars measure.
     * @param clusters how many bars.
     * @return an empty stacked bar chart.
     */
    static CategoryChart stacked(final String title, final String xTitle, final String yTitle, final int clusters)
    {
        final int width = Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, 200 + BAR_WIDTH * clusters));
        final CategoryChart chart = new CategoryChartBuilder().width(width).height(HEIGHT).title(title)
            .xAxisTitle(clusters > LABEL_EVERY_ABOVE ? xTitle + " (a label every 16 clusters)" : xTitle)
            .yAxisTitle(yTitle).build();
        chart.getStyler().setStacked(true);
        chart.getStyler().setSeriesColors(SERIES);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        chart.getStyler().setOverlapped(false);
        chart.getStyler().setYAxisDecimalPattern(NUMBERS);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        // every label given is drawn (XChart refuses a count of 1: a one-cluster platform asks for 2)
        chart.getStyler().setXAxisMaxLabelCount(Math.max(2, clusters));
        if (clusters > UPRIGHT_ABOVE && clusters <= LABEL_EVERY_ABOVE)
        {
            chart.getStyler().setXAxisLabelRotation(90);
        }
        return chart;
    }

    /**
     * @param cxys the clusters, in axis order.
     * @return their labels: each one's cxy, or beyond {@value #LABEL_EVERY_ABOVE} clusters only every 16th one's,
     * the others an invisible label of their own (a category axis needs distinct labels).
     */
    static List<String> labels(final List<Integer> cxys)
    {
        final List<String> labels = new ArrayList<>();
        for (int i = 0; i < cxys.size(); i++)
        {
            labels.add(cxys.size() <= LABEL_EVERY_ABOVE || i % 16 == 0 ? label(cxys.get(i)) : "\u200b".repeat(i));
        }
        return labels;
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
     * @param n a count.
     * @return it with thousands separators: 404,218.
     */
    static String number(final long n)
    {
        return String.format(Locale.ROOT, "%,d", n);
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
