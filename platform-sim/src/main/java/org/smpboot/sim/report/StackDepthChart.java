package org.smpboot.sim.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.knowm.xchart.CategoryChart;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.run.MemoryMap;
import org.smpboot.sim.run.ZoneUse;
import org.smpboot.sim.trace.BootPhase;

/**
 * The picture of how deep each boot stack was used: one bar per cluster, one stacked segment per boot stack found in
 * its boot-stack zone (by the lid its marker frame names, or the elected leader's bootstrap stack), the bytes below
 * its top that the deepest frame reached, from the last memory map of each cluster.
 */
public final class StackDepthChart
{
    /** The file name. */
    public static final String FILE = "memory-stack-depths.png";

    private StackDepthChart()
    {
    }

    /**
     * @param maps every map of the boot.
     * @return the chart, or null when no map shows a boot stack.
     */
    public static CategoryChart chart(final List<MemoryMap> maps)
    {
        // the last phase mapped, per cluster
        final Map<Integer, MemoryMap> last = new TreeMap<>();
        for (final MemoryMap m : maps)
        {
            last.merge(m.cxy(), m, (a, b) -> a.phase().compareTo(b.phase()) >= 0 ? a : b);
        }
        final Map<Integer, Map<Integer, Integer>> byCluster = new TreeMap<>();
        final java.util.SortedSet<Integer> slots = new java.util.TreeSet<>();
        BootPhase phase = null;
        for (final MemoryMap m : last.values())
        {
            for (final ZoneUse z : m.zones())
            {
                for (int i = 0; i < z.stacks().size(); i++)
                {
                    byCluster.computeIfAbsent(m.cxy(), k -> new TreeMap<>()).put(z.stacks().get(i), z.depths().get(i));
                    slots.add(z.stacks().get(i));
                    phase = phase == null || m.phase().compareTo(phase) > 0 ? m.phase() : phase;
                }
            }
        }
        if (byCluster.isEmpty())
        {
            return null;
        }
        final List<Integer> cxys = new ArrayList<>(byCluster.keySet());
        final List<String> labels = ChartStyle.labels(cxys);
        final CategoryChart chart = ChartStyle.stacked(String.format("Deepest use of each boot stack, after %s (%s)",
            phase.label(), phase.title()), "cluster (cxy)", "bytes below each stack's top, one segment per stack",
            cxys.size());
        for (final int slot : slots)
        {
            final List<Integer> bytes = new ArrayList<>();
            cxys.forEach(c -> bytes.add(byCluster.get(c).getOrDefault(slot, 0)));
            chart.addSeries(slot == BootLayout.BOOTSTRAP_SLOT ? "bootstrap" : "lid " + slot, labels, bytes);
        }
        return chart;
    }

    /**
     * @param maps every map of the boot.
     * @param file the PNG file.
     * @return true when written, false when no map shows a boot stack.
     * @throws IOException on write errors.
     */
    public static boolean write(final List<MemoryMap> maps, final Path file) throws IOException
    {
        final CategoryChart chart = chart(maps);
        if (chart == null)
        {
            return false;
        }
        ChartStyle.save(chart, file);
        return true;
    }
}
