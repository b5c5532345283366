package org.smpboot.sim.report;

import java.util.List;

import org.smpboot.sim.hw.AccessKind;
import org.smpboot.sim.hw.AccessMatrix;
import org.smpboot.sim.platform.Cluster;
import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.trace.BootPhase;

/**
 * One phase's memory traffic from every cluster to every bank, in accesses and in the cycles they cost (the cost
 * model's virtual time): the numbers behind the phase's heat map, where seed 001's hot spot shows as the boot
 * cluster's column in phases 3 and 4 and moves to the local banks once every cluster has its copies. Device register
 * accesses never reach a bank and are left out.
 *
 * @param phase      the phase.
 * @param requesters every cluster of the platform, in its order: the rows.
 * @param banks      every cluster with a RAM bank, in the platform's order: the columns.
 * @param accesses   {@code accesses[row][column]}: reads, writes, atomics and fetches from that cluster to that bank.
 * @param cycles     {@code cycles[row][column]}: what those accesses cost.
 */
public record PhaseContention(BootPhase phase, List<Integer> requesters, List<Integer> banks, long[][] accesses,
    long[][] cycles)
{
    /**
     * Copies the lists.
     *
     * @param phase      the phase.
     * @param requesters every cluster of the platform, in its order: the rows.
     * @param banks      every cluster with a RAM bank, in the platform's order: the columns.
     * @param accesses   {@code accesses[row][column]}.
     * @param cycles     {@code cycles[row][column]}: what those accesses cost.
     */
    public PhaseContention
    {
        requesters = List.copyOf(requesters);
        banks = List.copyOf(banks);
    }

    /**
     * @param phase    the phase.
     * @param counts   the accesses made in that phase.
     * @param costs    the cycles they cost.
     * @param platform the platform.
     * @return the phase's matrices.
     */
    public static PhaseContention of(final BootPhase phase, final AccessMatrix counts, final AccessMatrix costs,
        final Platform platform)
    {
        final List<Integer> rows = platform.clusters().stream().map(Cluster::cxy).toList();
        final List<Integer> cols = platform.devices().stream().filter(d -> d.type() == DeviceType.RAM_SCL)
            .map(d -> d.cxy()).distinct().toList();
        final long[][] a = new long[rows.size()][cols.size()];
        final long[][] c = new long[rows.size()][cols.size()];
        for (int r = 0; r < rows.size(); r++)
        {
            for (int b = 0; b < cols.size(); b++)
            {
                for (int k = 0; k < AccessKind.MEMORY_KINDS; k++)
                {
                    a[r][b] += counts.get(rows.get(r), cols.get(b), AccessKind.of(k));
                    c[r][b] += costs.get(rows.get(r), cols.get(b), AccessKind.of(k));
                }
            }
        }
        return new PhaseContention(phase, rows, cols, a, c);
    }

    /**
     * @param bank a bank's cluster.
     * @return the accesses it received from every cluster.
     */
    public long accessesTo(final int bank)
    {
        return column(accesses, bank);
    }

    /**
     * @param bank a bank's cluster.
     * @return the cycles the accesses it received cost.
     */
    public long cyclesTo(final int bank)
    {
        return column(cycles, bank);
    }

    /** @return the bank that received the most accesses (the hot spot), or -1 when none was accessed. */
    public int hottestBank()
    {
        int best = -1;
        long most = 0;
        for (final int b : banks)
        {
            final long n = accessesTo(b);
            if (n > most)
            {
                most = n;
                best = b;
            }
        }
        return best;
    }

    /** @return every access of the phase to a bank. */
    public long totalAccesses()
    {
        return banks.stream().mapToLong(this::accessesTo).sum();
    }

    /** @return every cycle the phase's accesses to banks cost. */
    public long totalCycles()
    {
        return banks.stream().mapToLong(this::cyclesTo).sum();
    }

    private long column(final long[][] m, final int bank)
    {
        final int b = banks.indexOf(bank);
        long n = 0;
        if (b >= 0)
        {
            for (final long[] row : m)
            {
                n += row[b];
            }
        }
        return n;
    }
}
