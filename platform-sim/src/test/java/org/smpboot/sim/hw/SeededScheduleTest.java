package org.smpboot.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.smpboot.runtime.wait.BoundedWait;
import org.smpboot.sim.TestImages;
import org.smpboot.sim.boot.ElfSymbols;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.image.ElfImage;
import org.smpboot.sim.image.ElfSegment;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;

/**
 * The deterministic schedule on bare cores: two cores increment a shared word without an atomic (load, then store);
 * the seed decides where the token passes, so whether an update is lost depends on the seed only.
 */
class SeededScheduleTest
{
    private static final int COUNTER = 0x0010_0000;
    private static final int ROUNDS = 10;

    /** What one run did: the counter's final value and the order of the cores' steps. */
    private record Run(int counter, List<String> order)
    {
    }

    private static Run run(final long seed) throws Exception
    {
        return run(seed, SeededSchedule.Strategy.RANDOM);
    }

    // the default platform with boot.elf loaded into cluster 0 and the counter at 0
    private static Machine machine(final ElfImage boot)
    {
        final Machine m = new Machine(PlatformBuilder.build(PlatformSpec.defaults()),
            MachineConfig.defaults().withConsole(null));
        m.code().register("boot.elf", ElfSymbols.of(boot));
        final Processor loader = m.processor(0, 0);
        for (final ElfSegment s : boot.segments())
        {
            m.bus().write(loader, PhysicalAddress.of(0, s.paddr()), s.data(), 0, s.fileSize());
        }
        m.bus().write32(loader, PhysicalAddress.of(0, COUNTER), 0);
        return m;
    }

    private static Run run(final long seed, final SeededSchedule.Strategy strategy) throws Exception
    {
        final ElfImage boot = TestImages.boot(BootLayout.ALMOS_MKH);
        try (Machine m = machine(boot))
        {
            final Processor loader = m.processor(0, 0);
            final List<String> order = Collections.synchronizedList(new ArrayList<>());
            m.code().bind("boot_entry", core ->
            {
                for (int i = 0; i < ROUNDS; i++)
                {
                    final int v = core.remoteLw(0, COUNTER);
                    core.remoteSw(0, COUNTER, v + 1); // not atomic: another core may store between the two
                    order.add(core.gid() + ":" + i);
                }
                return Processor.HALT;
            });
            m.deterministic(seed).strategy(strategy, 2, 4 * ROUNDS);
            final List<Processor> two = List.of(m.processor(0x01, 0), m.processor(0x10, 1));
            m.start(boot.address("boot_entry"), two);
            assertTrue(m.awaitStop(TimeUnit.SECONDS.toNanos(10)), "both cores halt");
            assertEquals(List.of(), m.faults());
            return new Run(m.bus().read32(loader, PhysicalAddress.of(0, COUNTER)), List.copyOf(order));
        }
    }

    // core 0x01 counts ROUNDS steps and halts, core 0x10 counts for ever; the run ends with the first (endsWith)
    private static List<String> endingRun(final long seed) throws Exception
    {
        final ElfImage boot = TestImages.boot(BootLayout.ALMOS_MKH);
        final List<String> order = Collections.synchronizedList(new ArrayList<>());
        try (Machine m = machine(boot))
        {
            final Processor first = m.processor(0x01, 0);
            m.code().bind("boot_entry", core ->
            {
                for (int i = 0; core != first || i < ROUNDS; i++)
                {
                    core.remoteSw(0, COUNTER, core.remoteLw(0, COUNTER) + 1);
                    order.add((core == first ? "first:" : "other:") + i);
                }
                return Processor.HALT;
            });
            m.deterministic(seed).endsWith(first);
            m.start(boot.address("boot_entry"), List.of(first, m.processor(0x10, 1)));
            first.thread().join(TimeUnit.SECONDS.toMillis(10));
            assertFalse(first.thread().isAlive(), "core 0x01 halts within 10 s");
            assertEquals(List.of(), m.faults());
            return List.copyOf(order); // the other core's thread is parked for good, or the replay below differs
        }
    }

    @Test
    void theRunEndsWithItsLastCoreWhateverTheHostTakesToNotice() throws Exception
    {
        for (long seed = 1; seed <= 8; seed++)
        {
            final List<String> a = endingRun(seed);
            assertEquals(ROUNDS, a.stream().filter(x -> x.startsWith("first:")).count(), a.toString());
            final List<String> b = endingRun(seed);
            assertTrue(a.equals(b), "seed " + seed + ": the endless core stopped at the same step, not after " +
                a.size() + " and " + b.size() + " steps");
        }
    }

    /** A bounded wait on a word, as the software's waits are: true when the word held 1, false at the bound. */
    private static boolean awaitFlag(final Processor core, final int flag, final long boundNanos)
    {
        try
        {
            BoundedWait.until(SimulatedWait.policy(core, Integer.MAX_VALUE, 2, boundNanos),
                () -> core.remoteLw(0, flag) == 1, (context, waitedNs) -> new IllegalStateException("bound"));
            return true;
        }
        catch (final IllegalStateException e)
        {
            return false;
        }
    }

    /**
     * Every core waits: the machine clock jumps straight to the earliest deadline, and a core resumes from its wait
     * at the cycle it was woken, by the bound that passed or by the store it waited for, never at the stale cycle it
     * began waiting at. Core 0x01 waits 3 ms of virtual time for a word nobody writes, then writes a second word; core
     * 0x10 waits up to 50 ms for that second word.
     */
    @Test
    void whenEveryCoreWaitsTheClockJumpsToTheNextDeadlineAndTheWokenResumeThere() throws Exception
    {
        final int never = COUNTER + 0x100;
        final int flag = COUNTER + 0x200;
        final long[] at = new long[4];
        final boolean[] seen = new boolean[2];
        final ElfImage boot = TestImages.boot(BootLayout.ALMOS_MKH);
        try (Machine m = machine(boot))
        {
            m.bus().write32(m.processor(0, 0), PhysicalAddress.of(0, never), 0);
            m.bus().write32(m.processor(0, 0), PhysicalAddress.of(0, flag), 0);
            final Processor writer = m.processor(0x01, 0);
            m.code().bind("boot_entry", core ->
            {
                if (core == writer)
                {
                    at[0] = core.cycles();
                    seen[0] = awaitFlag(core, never, TimeUnit.MILLISECONDS.toNanos(3));
                    at[1] = core.cycles();
                    core.remoteSw(0, flag, 1);
                }
                else
                {
                    at[2] = core.cycles();
                    seen[1] = awaitFlag(core, flag, TimeUnit.MILLISECONDS.toNanos(50));
                    at[3] = core.cycles();
                }
                return Processor.HALT;
            });
            final SeededSchedule schedule = m.deterministic(7).strategy(SeededSchedule.Strategy.TIMED, 1, 1);
            m.start(boot.address("boot_entry"), List.of(writer, m.processor(0x10, 1)));
            assertTrue(m.awaitStop(TimeUnit.SECONDS.toNanos(10)), "both cores halt");
            assertEquals(List.of(), m.faults());
            assertFalse(seen[0], "nobody writes the first word: its wait ends at its bound");
            assertTrue(at[1] >= at[0] + 3_000_000 && at[1] < at[0] + 3_000_000 + 2_000,
                "the bound's wait ends 3 ms (3,000,000 cycles) after it began, not at a stale cycle or overshot: " +
                    at[0] + " -> " + at[1]);
            assertTrue(seen[1], "the second word was written");
            assertTrue(at[3] >= at[1] && at[3] < at[1] + 2_000,
                "the reader resumes at the store it waited for (cycle " + at[1] + "), not at its own bound: " + at[3]);
            assertTrue(schedule.steps() < 500, "a few jumps, not a crawl through 3 million cycles: " + schedule);
        }
    }

    /**
     * A core asleep in {@code wait} with a bound, no timer running and no other core able to run: the clock jumps to
     * the bound, where the core's wait times out, and then to the watchdog's cycle for the core that waits without a
     * bound of its own (not a doubled stall window past either, which would fault them at another cycle or at the
     * run's cycle limit instead). Core 0x01 waits 30 ms for a line nobody raises; core 0x10 waits 10 s; the watchdog
     * fires after 50 ms without progress.
     */
    @Test
    void aSleepersBoundAndTheWatchdogStopTheClockWhereTheyFire() throws Exception
    {
        final long[] at = new long[2];
        final ElfImage boot = TestImages.boot(BootLayout.ALMOS_MKH);
        try (Machine m = machine(boot))
        {
            final Processor bounded = m.processor(0x01, 0);
            m.code().bind("boot_entry", core ->
            {
                final int k = core == bounded ? 0 : 1;
                try
                {
                    core.waitForInterrupt(core == bounded ? TimeUnit.MILLISECONDS.toNanos(30) :
                        TimeUnit.SECONDS.toNanos(10), "a line nobody raises");
                }
                finally
                {
                    at[k] = m.clock().cycles();
                }
                return Processor.HALT;
            });
            final SeededSchedule schedule = m.deterministic(3).strategy(SeededSchedule.Strategy.TIMED, 1, 1);
            schedule.watchdog(50_000_000);
            m.start(boot.address("boot_entry"), List.of(bounded, m.processor(0x10, 1)));
            assertTrue(m.awaitStop(TimeUnit.SECONDS.toNanos(10)), "both cores stop");
            final List<String> faults = m.faults().stream().map(Throwable::getMessage).toList();
            assertEquals(2, faults.size(), faults.toString());
            assertTrue(faults.stream().anyMatch(f -> f.contains("timed out after 30 ms")), faults.toString());
            assertTrue(faults.stream().anyMatch(f -> f.contains("watchdog")), faults.toString());
            assertTrue(at[0] >= 30_000_000 && at[0] < 30_000_000 + 100_000,
                "the bounded wait ends at its bound, 30 ms (30,000,000 cycles) in: cycle " + at[0]);
            assertTrue(at[1] > at[0] + 50_000_000 && at[1] < at[0] + 50_000_000 + 100_000,
                "the watchdog fires 50 ms after the last progress (the first core's end, cycle " + at[0] + "): cycle " +
                    at[1]);
            assertTrue(schedule.steps() < 100, "a few jumps: " + schedule);
        }
    }

    @Test
    void pctReplaysItsSeedAndItsChangePointsPreemptTheRunningCore() throws Exception
    {
        final Set<Integer> finals = new TreeSet<>();
        final Set<List<String>> orders = new java.util.HashSet<>();
        for (long seed = 1; seed <= 24; seed++)
        {
            final Run a = run(seed, SeededSchedule.Strategy.PCT);
            assertEquals(a, run(seed, SeededSchedule.Strategy.PCT), "seed " + seed + " replays");
            finals.add(a.counter());
            orders.add(a.order());
        }
        // depth 2: one change point among the 40 accesses; the core of higher priority runs until it, then the other
        assertTrue(finals.contains(2 * ROUNDS), "a change point between a load and its store loses nothing: " + finals);
        assertTrue(finals.stream().anyMatch(v -> v < 2 * ROUNDS), "one inside a load-store pair loses one: " + finals);
        assertTrue(orders.size() > 4, "the seeds' priorities and change points give many orders: " + orders.size());
    }

    @Test
    void aSeedReplaysTheSameInterleavingAndSeedsExploreOthers() throws Exception
    {
        final Set<Integer> finals = new TreeSet<>();
        final Set<List<String>> orders = new java.util.HashSet<>();
        for (long seed = 1; seed <= 24; seed++)
        {
            final Run a = run(seed);
            assertEquals(a, run(seed), "seed " + seed + " replays");
            finals.add(a.counter());
            orders.add(a.order());
        }
        assertTrue(finals.contains(2 * ROUNDS), "some seeds lose no update: " + finals);
        assertTrue(finals.stream().anyMatch(v -> v < 2 * ROUNDS), "some seeds lose one: " + finals);
        assertTrue(orders.size() > 4, "the seeds interleave the cores in many orders: " + orders.size());
    }
}
