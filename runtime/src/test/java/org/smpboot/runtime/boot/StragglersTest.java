package org.smpboot.runtime.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.region.SharedRegion;

/** The leader's reading of the counted CPUs not running (issue 22, item 3), one roll state at a time. */
class StragglersTest
{
    private static final long NOW = 1_767_225_600_000L;
    private static final long LIVENESS = 2000;
    private static final int CPUS = 6;

    /** A block elected and published by cpu 0, past start_bar, with its roll cleared and the leader marked. */
    private static final class Boot implements AutoCloseable
    {
        final SharedRegion region = SharedRegion.allocate(BootBlock.LENGTH + ArrivalRoll.length(CPUS)).fill(Fill.X5A);
        final BootBlock block = new BootBlock().wrap(region.buffer(), 0);
        final ArrivalRoll roll = new ArrivalRoll().wrap(region.buffer(), BootBlock.LENGTH, CPUS);

        Boot()
        {
            assertTrue(block.tryLead() != BootBlock.LOST);
            roll.clear();
            roll.mark(0);
            block.publish(0);
            block.initRunningCount();
            block.cpuStartOther();
        }

        /** A follower arrives at {@code atMs} and counts itself; runs when asked. */
        void follower(final int cpu, final long atMs, final boolean runs)
        {
            roll.arrive(cpu, atMs);
            assertTrue(block.countMe() > 1);
            roll.mark(cpu);
            if (runs)
            {
                block.incrementRunning();
                roll.running(cpu, atMs);
            }
        }

        Stragglers read()
        {
            return Stragglers.read(block, roll, 0, NOW, LIVENESS);
        }

        @Override
        public void close()
        {
            region.close();
        }
    }

    @Test
    void aLeaderAloneLacksNobody()
    {
        try (Boot b = new Boot())
        {
            final Stragglers s = b.read();
            assertEquals(new Stragglers(1, 1, 0, List.of(), List.of()), s);
            assertFalse(s.provesDeath());
        }
    }

    @Test
    void namesTheCountedCpusNotRunningDeadBySilenceSlowByAFreshBeatAndSkipsTheRunningAndTheAbsent()
    {
        try (Boot b = new Boot())
        {
            b.follower(1, NOW - LIVENESS, false);     // fresh at the bound itself
            b.follower(2, NOW - LIVENESS - 1, false); // stale by one millisecond
            b.follower(3, NOW - 10 * LIVENESS, true); // running: its old beat does not matter
            b.follower(5, NOW + LIVENESS + 1, false); // a beat from the future past the bound: not evidence of life
            // cpu 4 never arrived
            final Stragglers s = b.read();
            assertEquals(5, s.count());
            assertEquals(2, s.running());
            assertEquals(3, s.lacking());
            assertEquals(List.of(2, 5), s.dead());
            assertEquals(List.of(1), s.slow());
            assertTrue(s.provesDeath(), "three lacking, one alive: the dead explain it");
        }
    }

    @Test
    void aDeathIsProvedOnlyWhenTheLiveCannotMakeUpWhatRunningCountLacks()
    {
        try (Boot b = new Boot())
        {
            b.follower(1, NOW, false);
            // cpu 2 arrived and beat long ago but never counted itself (killed between its beat and its count)
            b.roll.arrive(2, NOW - 10 * LIVENESS);
            final Stragglers s = b.read();
            assertEquals(1, s.lacking());
            assertEquals(List.of(2), s.dead());
            assertEquals(List.of(1), s.slow());
            assertFalse(s.provesDeath(), "the one lacking is alive: cpu 2's death changes nothing");
        }
    }

    @Test
    void theLeaderIsNeverAStraggler()
    {
        try (Boot b = new Boot())
        {
            b.roll.arrive(0, NOW - 10 * LIVENESS); // the leader's own slot, stale: not read
            assertEquals(List.of(), b.read().dead());
        }
    }

    @Test
    void theListsAreCopies()
    {
        final List<Integer> dead = new ArrayList<>(List.of(1));
        final Stragglers s = new Stragglers(2, 1, 1, dead, List.of());
        dead.add(2);
        assertEquals(List.of(1), s.dead());
        assertThrows(UnsupportedOperationException.class, () -> s.slow().add(3));
    }

    @Test
    void aBeatAsFarAheadAsTheLivenessTimeoutIsFreshAndADeathNeedsMoreLackingThanAlive()
    {
        try (Boot b = new Boot())
        {
            b.follower(1, NOW + LIVENESS, false); // clocks of two processes a little apart: alive
            b.follower(2, NOW - LIVENESS - 1, false);
            final Stragglers s = b.read();
            assertEquals(List.of(1), s.slow());
            assertEquals(List.of(2), s.dead());
            assertEquals(2, s.lacking());
            assertTrue(s.provesDeath(), "two lacking, one alive");
        }
        assertFalse(new Stragglers(3, 1, 2, List.of(4), List.of(1, 2)).provesDeath(), "as many alive as lacking");
        assertTrue(new Stragglers(3, 1, 2, List.of(4), List.of(1)).provesDeath());
        assertFalse(new Stragglers(3, 1, 2, List.of(), List.of()).provesDeath(), "nobody dead: nothing proved");
        assertFalse(new Stragglers(3, 3, 0, List.of(4), List.of()).provesDeath(), "nothing lacking");
    }
}
