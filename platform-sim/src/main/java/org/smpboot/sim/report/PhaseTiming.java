package org.smpboot.sim.report;

import java.util.ArrayList;
import java.util.List;

import org.smpboot.sim.trace.BootPhase;
import org.smpboot.sim.hw.AccessKind;
import org.smpboot.sim.hw.AccessMatrix;
import org.smpboot.sim.hw.StepTable;
import org.smpboot.sim.platform.Cluster;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.run.BootResult;

/**
 * Where one phase's virtual time went: per class of step (the arch_info searches, the copies, the barrier waits...),
 * the cycles the cores spent in such steps and the requests they made there; per bank, the requests it served and
 * the cycles they waited in its queue; and the bank that made its requesters wait the most (the hot spot in time).
 *
 * @param phase   the phase.
 * @param steps   what each class of step did.
 * @param banks   per bank: cluster, requests (reads, writes, atomics, line refills), words, cycles waited.
 * @param hottest the bank whose requests waited the most, or -1 when none waited.
 */
public record PhaseTiming(BootPhase phase, StepTable steps, List<BankWait> banks, int hottest)
{
    /**
     * One bank's queue in a phase.
     *
     * @param cxy      its cluster.
     * @param requests requests it served (bursts count once).
     * @param words    words they moved.
     * @param waited   cycles they waited in its queue.
     */
    public record BankWait(int cxy, long requests, long words, long waited)
    {
        /** @return the mean wait of a request, in cycles. */
        public double meanWait()
        {
            return requests == 0 ? 0 : (double)waited / requests;
        }
    }

    /**
     * Copies the list.
     *
     * @param phase   the phase.
     * @param steps   what each class of step did.
     * @param banks   per bank.
     * @param hottest the bank whose requests waited the most, or -1 when none waited.
     */
    public PhaseTiming
    {
        banks = List.copyOf(banks);
    }

    /**
     * @param result a boot.
     * @param phase  one of its phases.
     * @return where that phase's time went.
     */
    public static PhaseTiming of(final BootResult result, final BootPhase phase)
    {
        final Platform p = result.platform();
        final AccessMatrix counts = result.accesses().get(phase);
        final AccessMatrix waits = result.timing().waits().get(phase);
        final AccessMatrix words = result.timing().words().get(phase);
        final List<BankWait> banks = new ArrayList<>();
        int hottest = -1;
        long most = 0;
        for (final Cluster to : p.clusters())
        {
            long n = 0;
            long w = 0;
            long wd = 0;
            for (final Cluster from : p.clusters())
            {
                for (int k = 0; k < AccessKind.MEMORY_KINDS; k++)
                {
                    n += counts.get(from.cxy(), to.cxy(), AccessKind.of(k));
                    w += waits.get(from.cxy(), to.cxy(), AccessKind.of(k));
                    wd += words.get(from.cxy(), to.cxy(), AccessKind.of(k));
                }
            }
            if (n > 0)
            {
                banks.add(new BankWait(to.cxy(), n, wd, w));
                if (w > most)
                {
                    most = w;
                    hottest = to.cxy();
                }
            }
        }
        return new PhaseTiming(phase, result.timing().steps().get(phase), banks, hottest);
    }

    /**
     * @param cxy a bank's cluster.
     * @return that bank's queue in the phase (zeros when it served nothing).
     */
    public BankWait bank(final int cxy)
    {
        return banks.stream().filter(b -> b.cxy() == cxy).findFirst().orElse(new BankWait(cxy, 0, 0, 0));
    }
}
