package org.smpboot.sim.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.CategoryChart;
import org.smpboot.sim.boot.BootFlavor;
import org.smpboot.sim.run.MemoryMap;
import org.smpboot.sim.run.ZoneUse;
import org.smpboot.sim.trace.BootPhase;

/**
 * The picture of the memory maps after one phase, the seeds' missing figure "contents of the physical address
 * space after phase N": one bar per cluster, one stacked series per zone of the layout, KB of recognised contents
 * in each zone. A cluster whose zone is empty (reset fill) shows no part of that colour.
 */
public final class MemoryMapChart
{
    private MemoryMapChart()
    {
    }

    /**
     * @param phase  the phase.
     * @param flavor the boot's flavor, which names its phase 1.
     * @param maps   every map of the boot (those of other phases are ignored).
     * @return the chart, or null when no cluster has a map after that phase.
     */
    public static CategoryChart chart(final BootPhase phase, final BootFlavor flavor, final List<MemoryMap> maps)
    {
        final List<MemoryMap> mine = maps.stream().filter(m -> m.phase() == phase).toList();
        if (mine.isEmpty())
        {
            return null;
        }
        final List<String> clusters = ChartStyle.labels(mine.stream().map(MemoryMap::cxy).toList());
        final Map<String, List<Double>> zones = new LinkedHashMap<>();
        mine.forEach(m -> m.zones().forEach(z -> zones.computeIfAbsent(z.zone(), k -> new ArrayList<>())));
        for (final MemoryMap m : mine)
        {
            zones.forEach((name, kb) -> kb.add(m.zones().stream().filter(z -> z.zone().equals(name))
                .mapToLong(ZoneUse::used).sum() / 1024.0));
        }
        final CategoryChart chart = ChartStyle.stacked(String.format("Memory of each cluster after %s (%s)",
            phase.label(), flavor.title(phase)), "cluster (cxy)", "KB used, by zone", clusters.size());
        zones.forEach((name, kb) -> chart.addSeries(name, clusters, kb));
        return chart;
    }

    /**
     * @param phase  the phase.
     * @param flavor the boot's flavor, which names its phase 1.
     * @param maps   every map of the boot.
     * @param file   the PNG file.
     * @return true when written, false when no cluster has a map after that phase.
     * @throws IOException on write errors.
     */
    public static boolean write(final BootPhase phase, final BootFlavor flavor, final List<MemoryMap> maps,
        final Path file) throws IOException
    {
        final CategoryChart chart = chart(phase, flavor, maps);
        if (chart == null)
        {
            return false;
        }
        ChartStyle.save(chart, file);
        return true;
    }
}
