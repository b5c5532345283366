package org.smpboot.sim.run;

import java.util.List;
import java.util.Set;

import org.smpboot.sim.boot.BootFlavor;
import org.smpboot.sim.trace.BootPhase;

/**
 * The memory of one cluster after one boot phase: what each zone of the layout holds, as the seeds' figures
 * "contents of the physical address space after phase N" show it.
 *
 * @param phase the phase.
 * @param cxy   the cluster.
 * @param zones the layout's zones in address order.
 */
public record MemoryMap(BootPhase phase, int cxy, List<ZoneUse> zones)
{
    /**
     * Copies the list.
     *
     * @param phase the phase.
     * @param cxy   the cluster.
     * @param zones the layout's zones in address order.
     */
    public MemoryMap
    {
        zones = List.copyOf(zones);
    }

    /**
     * @param zone a zone name.
     * @return what it holds.
     */
    public Set<Content> holds(final String zone)
    {
        return zone(zone).holds();
    }

    /**
     * @param zone a zone name.
     * @return that zone.
     */
    public ZoneUse zone(final String zone)
    {
        return zones.stream().filter(z -> z.zone().equals(zone)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no zone " + zone));
    }

    /** @return the map as text: a title line, then one line per zone. */
    public String text()
    {
        return text(BootFlavor.TSAR);
    }

    /**
     * @param flavor the boot's flavor, which names its phase 1.
     * @return the map as text: a title line naming the phase as every output of the boot does, then one line per zone.
     */
    public String text(final BootFlavor flavor)
    {
        final StringBuilder b = new StringBuilder(String.format("cluster 0x%02x after %s (%s)%n", cxy,
            phase.label(), flavor.title(phase)));
        zones.forEach(z -> b.append(z.line()).append(System.lineSeparator()));
        return b.toString();
    }
}
