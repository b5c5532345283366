package org.smpboot.sim.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToLongFunction;

import org.knowm.xchart.CategoryChart;
import org.smpboot.sim.boot.BootFlavor;

/**
 * The picture of one phase's contention on the boot cluster's bank (seed 001: every core reading the same
 * arch_info and boot_info in cluster 0): one bar per requesting cluster, stacked by kind (reads, writes, atomics,
 * instruction fetches), counting its accesses to that bank.
 */
public final class AccessChart
{
    private AccessChart()
    {
    }

    /**
     * @param accesses the phase's accesses.
     * @param flavor   the boot's flavor, which names its phase 1.
     * @return the chart.
     */
    public static CategoryChart chart(final PhaseAccesses accesses, final BootFlavor flavor)
    {
        final List<PhaseAccesses.Requester> rows = accesses.requesters();
        final List<String> clusters = ChartStyle.labels(rows.stream().map(PhaseAccesses.Requester::cxy).toList());
        final CategoryChart chart = ChartStyle.stacked(String.format("Accesses to the bank of cluster %s, %s (%s)",
            ChartStyle.label(accesses.bank()), accesses.phase().label(), flavor.title(accesses.phase())),
            String.format("requesting cluster (cxy): %s local, %s from %d other clusters",
                ChartStyle.number(accesses.local()), ChartStyle.number(accesses.remote()), accesses.remoteClusters()),
            "accesses, by kind", clusters.size());
        series(chart, "reads", rows, clusters, PhaseAccesses.Requester::reads);
        series(chart, "writes", rows, clusters, PhaseAccesses.Requester::writes);
        series(chart, "atomics", rows, clusters, PhaseAccesses.Requester::atomics);
        series(chart, "fetches", rows, clusters, PhaseAccesses.Requester::fetches);
        return chart;
    }

    /**
     * @param accesses the phase's accesses.
     * @param flavor   the boot's flavor, which names its phase 1.
     * @param file     the PNG file.
     * @throws IOException on write errors.
     */
    public static void write(final PhaseAccesses accesses, final BootFlavor flavor, final Path file)
        throws IOException
    {
        ChartStyle.save(chart(accesses, flavor), file);
    }

    private static void series(final CategoryChart chart, final String name, final List<PhaseAccesses.Requester> rows,
        final List<String> clusters, final ToLongFunction<PhaseAccesses.Requester> count)
    {
        chart.addSeries(name, clusters, rows.stream().map(r -> (Number)count.applyAsLong(r)).toList());
    }
}
