package org.smpboot.sim.report;

import java.util.ArrayList;
import java.util.List;

import org.smpboot.sim.hw.AccessKind;
import org.smpboot.sim.hw.AccessMatrix;
import org.smpboot.sim.platform.Cluster;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.trace.BootPhase;

/**
 * One phase's memory traffic, reduced to what the seeds talk about: the accesses every cluster makes to the bank of
 * the boot cluster (cluster 0, where the preloader, the first arch_info and the first boot_info live), by kind, and
 * the total that reached each bank. Device register accesses never reach a bank and are left out.
 *
 * @param phase      the phase.
 * @param bank       the boot cluster, whose bank the requesters are counted against.
 * @param requesters one row per cluster of the platform, in the platform's order (core-less ones too: their
 *                   devices may reach the bank).
 * @param banks      one row per cluster with RAM (cores), in the platform's order: every access to its bank.
 */
public record PhaseAccesses(BootPhase phase, int bank, List<Requester> requesters, List<BankTotal> banks)
{
    /**
     * Copies the lists.
     *
     * @param phase      the phase.
     * @param bank       the boot cluster, whose bank the requesters are counted against.
     * @param requesters one row per cluster of the platform, in the platform's order (core-less ones too.
     * @param banks      one row per cluster with RAM (cores), in the platform's order.
     */
    public PhaseAccesses
    {
        requesters = List.copyOf(requesters);
        banks = List.copyOf(banks);
    }

    /**
     * The accesses of one requesting cluster to the boot cluster's bank.
     *
     * @param cxy     the requesting cluster.
     * @param reads   32- and 64-bit loads.
     * @param writes  stores.
     * @param atomics compare-and-swaps and fetch-and-adds.
     * @param fetches instruction fetches.
     */
    public record Requester(int cxy, long reads, long writes, long atomics, long fetches)
    {
        /** @return every access of this cluster to the bank. */
        public long total()
        {
            return reads + writes + atomics + fetches;
        }
    }

    /**
     * @param cxy      a cluster with RAM.
     * @param accesses every access its bank received, from any cluster.
     */
    public record BankTotal(int cxy, long accesses)
    {
    }

    /**
     * @param phase    the phase.
     * @param matrix   the accesses made in that phase.
     * @param platform the platform: its clusters and boot cluster.
     * @return the phase's summary.
     */
    public static PhaseAccesses of(final BootPhase phase, final AccessMatrix matrix, final Platform platform)
    {
        final int bank = platform.bootCxy();
        final List<Requester> from = new ArrayList<>();
        final List<BankTotal> to = new ArrayList<>();
        for (final Cluster c : platform.clusters())
        {
            from.add(new Requester(c.cxy(), matrix.get(c.cxy(), bank, AccessKind.READ),
                matrix.get(c.cxy(), bank, AccessKind.WRITE), matrix.get(c.cxy(), bank, AccessKind.ATOMIC),
                matrix.get(c.cxy(), bank, AccessKind.FETCH)));
        }
        for (final Cluster c : platform.clusters())
        {
            if (c.cores() == 0)
            {
                continue;
            }
            long n = 0;
            for (final Cluster r : platform.clusters())
            {
                for (int k = 0; k < AccessKind.MEMORY_KINDS; k++)
                {
                    n += matrix.get(r.cxy(), c.cxy(), AccessKind.of(k));
                }
            }
            to.add(new BankTotal(c.cxy(), n));
        }
        return new PhaseAccesses(phase, bank, from, to);
    }

    /** @return the accesses the boot cluster made to its own bank. */
    public long local()
    {
        return requesters.stream().filter(r -> r.cxy() == bank).mapToLong(Requester::total).sum();
    }

    /** @return the accesses every other cluster made to the boot cluster's bank: the contention the seeds describe. */
    public long remote()
    {
        return requesters.stream().filter(r -> r.cxy() != bank).mapToLong(Requester::total).sum();
    }

    /** @return how many other clusters reached the bank at all. */
    public long remoteClusters()
    {
        return requesters.stream().filter(r -> r.cxy() != bank && r.total() > 0).count();
    }
}
