package org.smpboot.sim.boot;

import org.smpboot.sim.hw.CoreFault;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.image.ArchInfo;
import org.smpboot.sim.image.ArchInfoFormat;

/**
 * What a CP0 (phase 3) and a CPi (phase 4) do first: walk the core descriptor table of arch_info.bin, still in
 * cluster 0's memory, to find their own (cxy, lid) from their gid. One remote word read per descriptor looked at,
 * every core at once: the contention on cluster 0's bank that seed 001 describes.
 */
final class ArchInfoSearch
{
    private static final int TOTAL_CLUSTERS = 0x30;
    private static final int TOTAL_CORES = 0x34;

    private ArchInfoSearch()
    {
    }

    /**
     * @param core    the searching core.
     * @param cxy     the cluster holding the arch_info.bin image.
     * @param address its local address.
     * @return the core's entry.
     * @throws CoreFault when arch_info has no core of that gid.
     */
    static ArchInfo.Core find(final Processor core, final int cxy, final int address)
    {
        final ArchInfo.Core me = lookup(core, cxy, address);
        if (me == null)
        {
            throw new CoreFault(core, String.format("gid 0x%03x is not among the %d cores of arch_info.bin",
                core.gid(), core.remoteLw(cxy, address + TOTAL_CORES)));
        }
        return me;
    }

    /**
     * @param core    the searching core.
     * @param cxy     the cluster holding the arch_info.bin image.
     * @param address its local address.
     * @return the core's entry, or null when arch_info lists no core of its gid.
     */
    static ArchInfo.Core lookup(final Processor core, final int cxy, final int address)
    {
        final int gid = core.gid();
        final int clusters = core.remoteLw(cxy, address + TOTAL_CLUSTERS);
        final int cores = core.remoteLw(cxy, address + TOTAL_CORES);
        final int table = address + ArchInfoFormat.HEADER_SIZE + clusters * ArchInfoFormat.CLUSTER_SIZE;
        for (int i = 0; i < cores; i++)
        {
            final int at = table + i * ArchInfoFormat.CORE_SIZE;
            if (core.remoteLw(cxy, at) == gid)
            {
                return new ArchInfo.Core(gid, core.remoteLw(cxy, at + 4), core.remoteLw(cxy, at + 8));
            }
        }
        return null;
    }
}
