package org.smpboot.sim.run;

import java.util.List;
import java.util.Set;

import org.smpboot.sim.image.BootLayout;

/**
 * One zone of a cluster's memory map.
 *
 * @param zone    the zone's name in the layout table.
 * @param base    its local address.
 * @param size    its bytes.
 * @param holds   what it was found to hold (contents overlapping it).
 * @param stacks  the lids whose boot stack frame was found, when it holds stacks ({@link BootLayout#BOOTSTRAP_SLOT}
 *                for the elected leader's bootstrap stack).
 * @param depths  for each of {@code stacks}, the bytes used below its top at the deepest point any core's frames
 *                reached (the simulator's record, {@code hw.StackDepths}); 0 when unknown.
 * @param used    bytes of the recognised contents inside the zone.
 * @param touched bytes of its pages ever touched (4 KB pages): more than used means stale or unknown data.
 */
public record ZoneUse(String zone, int base, int size, Set<Content> holds, List<Integer> stacks,
    List<Integer> depths, long used, long touched)
{
    /**
     * Copies the collections.
     *
     * @param zone    the zone's name in the layout table.
     * @param base    its local address.
     * @param size    its bytes.
     * @param holds   what it was found to hold (contents overlapping it).
     * @param stacks  the lids whose boot stack frame was found, when it holds stacks ({@link BootLayout#BOOTSTRAP_SLOT}
 *                for the elected leader's bootstrap stack).
 * @param depths  for each of {@code stacks}, the bytes used below its top at the deepest point any core's frames
 *                reached (the simulator's record, {@code hw.StackDepths}); 0 when unknown.
     * @param used    bytes of the recognised contents inside the zone.
     * @param touched bytes of its pages ever touched (4 KB pages).
     */
    public ZoneUse
    {
        holds = Set.copyOf(holds);
        stacks = List.copyOf(stacks);
        depths = List.copyOf(depths);
    }

    /** @return the zone's line of a text map. */
    public String line()
    {
        final StringBuilder what = new StringBuilder();
        for (final Content c : Content.values())
        {
            if (holds.contains(c))
            {
                what.append(what.length() == 0 ? "" : ", ").append(c.label());
                if (c == Content.STACKS)
                {
                    what.append(" of lid ");
                    for (int i = 0; i < stacks.size(); i++)
                    {
                        what.append(i == 0 ? "" : ",").append(stacks.get(i) == BootLayout.BOOTSTRAP_SLOT ?
                            "bootstrap" : stacks.get(i)).append(depths.get(i) == 0 ? "" : " (" + depths.get(i) + " B)");
                    }
                }
            }
        }
        if (what.length() == 0)
        {
            what.append(touched == 0 ? "free (reset fill, never touched)" : "stale data");
        }
        return String.format("  0x%08x-0x%08x %-12s %-64s %8s used %8s touched", base, base + size, zone, what,
            kb(used), kb(touched));
    }

    private static String kb(final long bytes)
    {
        return bytes == 0 ? "0" : bytes < 1024 ? bytes + " B" : (bytes + 1023) / 1024 + " KB";
    }
}
