package org.smpboot.sim.explore;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.smpboot.sim.boot.BootFlavor;
import org.smpboot.sim.kernel.KernelEntry;
import org.smpboot.sim.platform.Cluster;
import org.smpboot.sim.platform.Core;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.run.BootResult;
import org.smpboot.sim.run.Content;
import org.smpboot.sim.run.MemoryMap;
import org.smpboot.sim.trace.BootPhase;

/**
 * What every boot must end with, whatever the interleaving: the schedule explorer's invariants.
 * <ul>
 *   <li>the boot completed: no fault, every core ticking in its idle thread, and TXT0's boot-complete line counts
 *       every cluster with cores and every core;</li>
 *   <li>exactly one boot core: one elected leader (elected flavor), one core running the sequential phase;</li>
 *   <li>every core entered kernel_init once, with its own (cxy, lid) from its gid, its DATA and INSTRUCTION registers
 *       on its own cluster;</li>
 *   <li>the memory maps after phase 4 as the seeds' last figure: every cluster with cores holds the kernel at its
 *       final address and a boot_info describing it.</li>
 * </ul>
 */
public final class BootInvariants
{
    private static final Pattern COMPLETE = Pattern.compile("\\[KINIT\\] boot complete at cycle \\d+: (\\d+) clusters, " +
        "(\\d+) cores");

    private BootInvariants()
    {
    }

    /**
     * @param r a boot.
     * @return one line per violated invariant, empty when the boot is sound.
     */
    public static List<String> violations(final BootResult r)
    {
        final List<String> v = new ArrayList<>();
        final Platform p = r.platform();
        if (!r.faults().isEmpty())
        {
            v.add("fault: " + r.faults().get(0).lines().findFirst().orElse(""));
        }
        else if (!r.complete())
        {
            v.add("boot not complete: " + r.entries().size() + "/" + p.cores().size() + " cores in kernel_init");
        }
        final Matcher done = COMPLETE.matcher(r.txt0());
        if (r.complete() && r.kernel() != null)
        {
            final long clusters = p.clusters().stream().filter(c -> c.cores() > 0).count();
            if (!done.find())
            {
                v.add("no boot-complete line on TXT0");
            }
            else if (Long.parseLong(done.group(1)) != clusters || Long.parseLong(done.group(2)) != p.cores().size())
            {
                v.add("TXT0 reports boot complete with " + done.group(1) + " clusters and " + done.group(2) +
                    " cores, not " + clusters + " and " + p.cores().size());
            }
        }
        final long starts = r.txt0().lines().filter(l -> l.startsWith("[BOOT] boot-loader (layout ")).count();
        if (starts != 1)
        {
            v.add(starts + " cores ran the sequential phase, not 1");
        }
        if (r.options().flavor() == BootFlavor.ELECTED)
        {
            final long elected = r.txt0().lines().filter(l -> l.startsWith("[BOOT] elected core gid ")).count();
            if (elected != 1 || r.election() == null || r.election().leader() < 0)
            {
                v.add(elected + " elected bootstrap CPUs, not 1");
            }
        }
        entries(r, p, v);
        if (r.complete())
        {
            maps(r, p, v);
        }
        return v;
    }

    private static void entries(final BootResult r, final Platform p, final List<String> v)
    {
        final Set<Integer> seen = new HashSet<>();
        final int mask = (1 << p.pWidth()) - 1;
        for (final KernelEntry e : r.entries())
        {
            if (!seen.add(e.gid()))
            {
                v.add(String.format("gid 0x%03x entered kernel_init twice", e.gid()));
            }
            final int cxy = e.gid() >>> p.pWidth();
            if (e.cxy() != cxy || e.lid() != (e.gid() & mask) || e.dataExt() != cxy || e.instExt() != cxy)
            {
                v.add(String.format("gid 0x%03x entered kernel_init as cxy 0x%02x lid %d, DATA 0x%02x INSTRUCTION " +
                    "0x%02x", e.gid(), e.cxy(), e.lid(), e.dataExt(), e.instExt()));
            }
        }
        for (final Core c : p.cores())
        {
            if (!seen.contains(c.gid()) && r.faults().isEmpty())
            {
                v.add(String.format("gid 0x%03x never entered kernel_init", c.gid()));
            }
        }
    }

    private static void maps(final BootResult r, final Platform p, final List<String> v)
    {
        for (final Cluster c : p.clusters())
        {
            if (c.cores() == 0)
            {
                continue;
            }
            final MemoryMap m = r.maps().stream().filter(x -> x.phase() == BootPhase.PARALLEL && x.cxy() == c.cxy())
                .findFirst().orElse(null);
            if (m == null)
            {
                v.add(String.format("no memory map of cluster 0x%02x after phase 4", c.cxy()));
                continue;
            }
            for (final Content need : List.of(Content.KERNEL, Content.BOOT_INFO))
            {
                if (m.zones().stream().noneMatch(z -> z.holds().contains(need)))
                {
                    v.add(String.format("cluster 0x%02x after phase 4 holds no %s", c.cxy(), need.label()));
                }
            }
        }
    }
}
