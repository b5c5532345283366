package org.smpboot.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;

import org.junit.jupiter.api.Test;
import org.smpboot.sim.boot.ElfSymbols;
import org.smpboot.sim.image.Elf32;
import org.smpboot.sim.image.ElfImage;
import org.smpboot.sim.image.ElfSegment;
import org.smpboot.sim.image.ElfSymbol;
import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;

/**
 * The queues against closed forms (issue 20.6): k cores on a 4 x 4 mesh (one per cluster), each doing m word reads,
 * all at once. Aimed at one bank, the reads need k x m x {@link CostModel#SERVICE} cycles of that bank, which nothing
 * can shorten; with nothing else running they take about that. Spread over the k banks (each core its own), nothing
 * queues, and each core takes exactly its line refill and m local reads.
 */
class ContentionTest
{
    private static final int CODE = 0x2000;
    private static final int DATA = 0x10_0000;
    private static final int READS = 200;
    private static final int CORES = 16;

    /** What a run did: every core's cluster and final cycle, bank 0's queue, and the cycles requests waited. */
    private record Run(int[] cxys, long[] ends, ServiceQueue.Stats bank0, long waits)
    {
        long last()
        {
            long m = 0;
            for (final long e : ends)
            {
                m = Math.max(m, e);
            }
            return m;
        }
    }

    private static Run run(final boolean oneBank, final Long seed) throws Exception
    {
        return run(new PlatformSpec(4, 4, 1, 3, DeviceType.IOC_BDV, 64, 1, 0, 0, 4, 4, 2, List.of()), -1, oneBank,
            seed);
    }

    private static Run run(final PlatformSpec spec, final int only, final boolean oneBank, final Long seed)
        throws Exception
    {
        return run(spec, only, oneBank ? cxy -> 0 : cxy -> cxy, seed);
    }

    /**
     * @param spec    the platform.
     * @param only    the one cluster whose cores run, or -1 for every core.
     * @param target  the bank each core reads, by the core's cluster.
     * @param seed    a deterministic run's seed (the timed strategy), or null for a parallel run.
     */
    private static Run run(final PlatformSpec spec, final int only, final IntUnaryOperator target, final Long seed)
        throws Exception
    {
        try (Machine m = new Machine(PlatformBuilder.build(spec), MachineConfig.defaults().withConsole(null)))
        {
            final byte[] code = new byte[64];
            for (int i = 0; i < code.length; i++)
            {
                code[i] = (byte)(0x30 + i);
            }
            final ElfImage image = new ElfImage(CODE, List.of(new ElfSegment(".text", CODE, CODE,
                Elf32.PF_R | Elf32.PF_X, code, code.length)), List.of(new ElfSymbol("reads", CODE, code.length, true)));
            m.code().register("test.elf", ElfSymbols.of(image));
            m.code().bind("reads", core ->
            {
                final int bank = target.applyAsInt(core.cxy());
                for (int i = 0; i < READS; i++)
                {
                    core.remoteLw(bank, DATA + 4 * i);
                }
                return Processor.HALT;
            });
            for (final Processor p : m.processors())
            {
                // the code in every cluster, and each core running its own copy: only the reads reach bank 0
                m.bus().peek(PhysicalAddress.of(p.cxy(), CODE), code.length).putBytes(0, code);
                p.instExt(p.cxy());
            }
            if (seed != null)
            {
                m.deterministic(seed).strategy(SeededSchedule.Strategy.TIMED, 1, 1);
            }
            final List<Processor> cores = m.processors().stream().filter(p -> only < 0 || p.cxy() == only).toList();
            m.start(CODE, cores);
            assertTrue(m.awaitStop(TimeUnit.SECONDS.toNanos(60)), "every core halts");
            assertEquals(List.of(), m.faults());
            final long[] ends = cores.stream().mapToLong(Processor::cycles).toArray();
            return new Run(cores.stream().mapToInt(Processor::cxy).toArray(), ends, m.bus().bank(0).queue().stats(), m.waits(-1).total());
        }
    }

    /** The line refill of the function, from the core's own bank, before its first read. */
    private static final long REFILL = 2L * CostModel.TRANSIT + CostModel.SERVICE + 15;

    @Test
    void kCoresReadingOneBankTakeKTimesMTimesItsServiceInTheTimedMode() throws Exception
    {
        // 8 cores of cluster (0,1) read bank (0,0), one hop away: all at the same distance, served in turn
        final int k = 8;
        final Run r = run(new PlatformSpec(1, 2, k, 3, DeviceType.IOC_BDV, 64, 1, 0, 0, 4, 4, 3, List.of()), 0x01,
            true, 1L);
        final long floor = (long)k * READS * CostModel.SERVICE;
        assertEquals(k * READS, r.bank0().served(), "every read served by bank 0");
        assertEquals(floor, r.bank0().busy());
        assertTrue(r.last() >= floor, r.last() + " >= " + floor);
        // nothing else runs: the cores start reading as their line refills come back from their own bank, one after the
        // other (the bank may idle until the k-th is there); then it never idles, and the last read comes back
        final long transit = new CostModel(4).transit(0x01, 0x00);
        final long soonest = REFILL + 2 * transit + floor;
        assertTrue(r.last() >= soonest, r.last() + " >= " + soonest);
        assertTrue(r.last() <= soonest + (k - 1) * (REFILL - 2L * CostModel.TRANSIT), r.last() + " <= " + soonest +
            " + the refills of the others");
        assertTrue(r.bank0().waited() > 0);
    }

    @Test
    void kCoresAtAllDistancesTakeAtLeastThatAndAboutIt() throws Exception
    {
        // 16 cores, one per cluster of a 4 x 4 mesh: the far ones come back later and fall behind (first come, first
        // served favours the near), so the last reads of the farthest run alone at the end
        final Run r = run(true, 1L);
        final long floor = (long)CORES * READS * CostModel.SERVICE;
        assertEquals(CORES * READS + 1, r.bank0().served(), "every read, and cluster 0's own core's line refill");
        assertEquals(floor + CostModel.SERVICE + 15, r.bank0().busy());
        assertTrue(r.last() >= floor, r.last() + " >= " + floor);
        assertTrue(r.last() <= floor + floor / 8, r.last() + " within 1/8 of " + floor);
    }

    @Test
    void theSameReadsSpreadOverTheBanksDoNotQueue() throws Exception
    {
        for (final Long seed : new Long[] {1L, null})
        {
            final Run r = run(false, seed);
            assertEquals(0, r.waits(), "no request waited (" + (seed == null ? "parallel" : "timed") + ")");
            for (final long end : r.ends())
            {
                assertEquals(REFILL + (long)READS * CostModel.LOCAL, end, "a line refill, then m local reads");
            }
        }
    }

    @Test
    void theParallelModeKeepsTheLowerBoundAndApproachesIt() throws Exception
    {
        final Run r = run(true, null);
        final long floor = (long)CORES * READS * CostModel.SERVICE;
        assertEquals(floor + CostModel.SERVICE + 15, r.bank0().busy(), "the bank is never busy twice at once");
        assertTrue(r.last() >= floor, r.last() + " >= " + floor);
        assertTrue(r.last() <= 2 * floor, "an approximation, not a blow-up: " + r.last() + " <= 2 x " + floor);
    }

    /**
     * Spread over k remote banks, one reader each (cluster (x, y) reads bank (3 - x, 3 - y): 2 to 6 hops, no bank read
     * by two cores), nothing queues either: each core's time is its line refill and its own m reads, each the round
     * trip to its bank plus one service, to the cycle.
     */
    @Test
    void readsSpreadOverRemoteBanksCostTheirOwnTransitAndNothingElse() throws Exception
    {
        final CostModel costs = new CostModel(4);
        final IntUnaryOperator mirror = cxy -> (3 - (cxy >>> 4)) << 4 | (3 - (cxy & 0xF));
        final Run r = run(new PlatformSpec(4, 4, 1, 3, DeviceType.IOC_BDV, 64, 1, 0, 0, 4, 4, 2, List.of()), -1, mirror,
            1L);
        assertEquals(0, r.waits(), "no request waited");
        assertEquals(CORES, r.ends().length);
        for (int i = 0; i < r.ends().length; i++)
        {
            final int from = r.cxys()[i];
            final int to = mirror.applyAsInt(from);
            assertEquals(REFILL + (long)READS * (2L * costs.transit(from, to) + CostModel.SERVICE), r.ends()[i],
                String.format("cluster 0x%02x reading bank 0x%02x, %d hops away", from, to, costs.hops(from, to)));
        }
    }

    /**
     * The asymptotic bounds of a closed queueing network (Denning and Buzen; Lazowska et al., Quantitative System
     * Performance, ch. 5), here exact for constant times: k cores each looping over m reads of one bank, with a think
     * time Z = 2 x transit (the round trip) and a demand D = SERVICE at the bank, finish no sooner than
     * {@code max(m (Z + D), k m D)}: a lone core is bound by its round trip, k cores by the bank. The knee is at
     * {@code k* = (Z + D) / D} = 4 cores one hop away (16 / 4); below it the bank idles between reads and a core
     * runs as if alone, above it the bank never idles and the cores share it. The run is the bound plus its start-up:
     * the cores' line refills from their own bank come back one burst apart (19 cycles), and the first round of reads
     * may queue once behind the others (k - 1 services), so the tolerance is {@code (k - 1) (19 + SERVICE)}, whatever
     * m is.
     */
    @Test
    void belowTheKneeACoreIsBoundByItsRoundTripAboveItByTheBank() throws Exception
    {
        final long z = 2L * new CostModel(4).transit(0x01, 0x00);
        final long d = CostModel.SERVICE;
        assertEquals(4, (z + d) / d, "the knee");
        final long burst = REFILL - 2L * CostModel.TRANSIT;
        for (final int k : new int[] {1, 2, 3, 4, 8})
        {
            final Run r = run(new PlatformSpec(1, 2, k, 3, DeviceType.IOC_BDV, 64, 1, 0, 0, 4, 4, 3, List.of()), 0x01,
                cxy -> 0, 1L);
            final long bound = REFILL + Math.max(READS * (z + d), (long)k * READS * d);
            final long slack = (k - 1) * (burst + d);
            assertTrue(r.last() >= bound && r.last() <= bound + slack, k + " cores: " + r.last() + " in [" + bound +
                ", " + (bound + slack) + "]");
            if (k * d <= z + d)
            {
                // up to the knee the bank keeps up (idle between reads below it): what waits is the start-up only
                assertTrue(r.bank0().waited() <= slack, k + " cores waited " + r.bank0().waited());
            }
            else
            {
                // above it, a read comes back every k services (the bank serves the k cores in turn), of which its
                // own round trip and service are z + d: it waited k d - z - d, less the start-up's share
                final long steady = (long)k * READS * (k * d - z - d);
                assertTrue(r.bank0().waited() <= steady && r.bank0().waited() >= steady - k * slack, k +
                    " cores waited " + r.bank0().waited() + ", the steady state " + steady);
            }
        }
    }
}
