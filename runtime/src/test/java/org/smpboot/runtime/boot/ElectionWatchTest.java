package org.smpboot.runtime.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.region.SharedRegion;
import org.smpboot.runtime.wait.WaitPolicy;
import org.smpboot.runtime.wait.WaitTimeoutException;

/**
 * Every named end of a CPU that waits on a leader, and of a leader that waits on its counted CPUs, on one thread with
 * injected clocks: the epoch clock moves one millisecond per read, so each message's ages are exact. The other side
 * (a leader that stopped, a counted CPU that died) is memory written by the test, as a crashed CPU would leave it.
 */
class ElectionWatchTest
{
    private static final long EPOCH = 1_800_000_000_000L;
    private static final long LIVENESS = 5;
    private static final int LENGTH = 16384;

    private final SharedRegion region = SharedRegion.allocate(LENGTH + ArrivalRoll.length(8)).fill(Fill.X5A);
    private final AtomicBuffer memory = region.buffer();
    private final AtomicLong ms = new AtomicLong(EPOCH);
    private final AtomicLong nanos = new AtomicLong();

    private ElectionBoot.Builder builder()
    {
        return ElectionBoot.builder(memory, 0).stacks(1, 512).livenessMs(LIVENESS)
            .straggler(StragglerPolicy.none()).waitPolicy(WaitPolicy.busySpin(1_000_000))
            .clocks(nanos::get, ms::getAndIncrement);
    }

    /**
     * @param boundNs    each wait's bound, on a nano clock that moves 1 us a read.
     * @param nano       that clock's time.
     * @param epochReads counts the reads of an epoch clock that stands still at {@link #EPOCH} (the leader alive).
     * @return a boot with a 1 s liveness timeout, no straggler rule and spinning waits.
     */
    private ElectionBoot countingEpochReads(final long boundNs, final AtomicLong nano, final AtomicLong epochReads)
    {
        return ElectionBoot.builder(memory, 0).stacks(1, 512).livenessMs(1000)
            .straggler(StragglerPolicy.none()).waitPolicy(WaitPolicy.busySpin(boundNs))
            .clocks(() -> nano.addAndGet(1000), () ->
            {
                epochReads.incrementAndGet();
                return EPOCH;
            }).build();
    }

    private BootBlock leftBy(final int leader, final long beatMs)
    {
        final BootBlock block = new BootBlock().wrap(memory, 0);
        block.publish(leader);
        block.heartbeat(leader, beatMs);
        return block;
    }

    @Test
    void aCpuArrivingAfterTheSealOfALiveBootIsLate()
    {
        final BootBlock block = leftBy(3, EPOCH);
        block.seal(1);
        final BootOutcome o = builder().build().run(5);
        assertEquals(new BootOutcome(Role.LATE, 5, 3, -1, -1, null), o);
        assertEquals(1, block.lateCount());
        assertEquals(1, block.cpuCount());
    }

    @Test
    void aHeartbeatAsOldAsTheLivenessTimeoutIsAliveAndOneMillisecondOlderIsStale()
    {
        // a follower that finds MAGIC2 written reads the clock once, to judge the block (EPOCH): its arrival is read
        // only by a wait
        leftBy(3, EPOCH - LIVENESS).seal(1);
        assertEquals(Role.LATE, builder().build().run(5).role(), "age == liveness: alive");
        ms.set(EPOCH);
        leftBy(3, EPOCH + LIVENESS).seal(1);
        assertEquals(Role.LATE, builder().build().run(5).role(), "a beat from as far in the future: alive");

        ms.set(EPOCH);
        leftBy(3, EPOCH - LIVENESS - 1).seal(1);
        final ElectionException old = assertThrows(ElectionException.class, () -> builder().build().run(5));
        assertEquals(ElectionException.Case.STALE_BOOT, old.reason());
        assertEquals(List.of(3), old.cpus());
        assertEquals("cpu 5: asm_magic_val holds MAGIC2 and the block is published by leader cpu 3 (bs_cpuid 3), but " +
            "its heartbeat is 6 ms old (liveness timeout 5 ms): a boot that is over (finished or crashed) left this " +
            "memory, and this CPU is not part of it; to boot again, reset the memory (fill it) first", old.getMessage());

        ms.set(EPOCH);
        leftBy(3, EPOCH + 1 + LIVENESS).seal(1);
        final ElectionException future = assertThrows(ElectionException.class, () -> builder().build().run(5));
        assertTrue(future.getMessage().contains("its heartbeat is -6 ms old"), future.getMessage());
    }

    @Test
    void aBlockUnderThisCpusOwnIdOrGivenUpIsNamedForWhatItIs()
    {
        leftBy(5, EPOCH);
        final ElectionException own = assertThrows(ElectionException.class, () -> builder().build().run(5));
        assertEquals(ElectionException.Case.STALE_BOOT, own.reason());
        assertTrue(own.getMessage().contains("but that is this very CPU, which is not leading any boot: "),
            own.getMessage());

        ms.set(EPOCH);
        leftBy(3, EPOCH).abandon(3, EPOCH - 2);
        final ElectionException given = assertThrows(ElectionException.class, () -> builder().build().run(5));
        assertEquals(ElectionException.Case.BOOT_ABANDONED, given.reason());
        assertEquals(List.of(3), given.cpus());
        assertEquals("cpu 5: asm_magic_val holds MAGIC2 but leader cpu 3 gave the boot up 2 ms ago (its own error says " +
            "why: a counted CPU died, a wait timed out)", given.getMessage());

        ms.set(EPOCH);
        leftBy(5, EPOCH).abandon(5, EPOCH - 1);
        final ElectionException mine = assertThrows(ElectionException.class, () -> builder().build().run(5));
        assertEquals(ElectionException.Case.STALE_BOOT, mine.reason(), "its own boot, given up: over");
        assertTrue(mine.getMessage().contains("but that leader gave its boot up 1 ms ago: a boot that is over"),
            mine.getMessage());

        ms.set(EPOCH);
        leftBy(3, EPOCH).abandon(3, EPOCH - 1 - LIVENESS);
        final ElectionException long_ = assertThrows(ElectionException.class, () -> builder().build().run(5));
        assertEquals(ElectionException.Case.STALE_BOOT, long_.reason(), "given up long ago: over");
    }

    @Test
    void aFollowerWaitingForStartBarNamesALeaderThatStoppedBeatingAtTheFirstStaleCheck()
    {
        leftBy(2, EPOCH);
        final ElectionException e = assertThrows(ElectionException.class, () -> builder().build().run(6));
        assertEquals(ElectionException.Case.LEADER_DEAD, e.reason());
        assertEquals(List.of(2), e.cpus());
        assertEquals("cpu 6: await start_bar: leader cpu 2 is dead: its heartbeat is 6 ms old (liveness timeout 5 ms) " +
            "and start_bar still holds 0", e.getMessage());
        assertEquals(2, new BootBlock().wrap(memory, 0).cpuCount(), "it was counted before it waited");
    }

    @Test
    void aFollowersWaitLooksAtTheLeaderAboutOnceAMillisecondOfItsOwnTimeNotAtEveryCheckRound()
    {
        // the follower waits on start_bar until its bound (10 ms on a nano clock that moves 1 us a read: about 10,000
        // check rounds, one every 16 spins); the epoch clock stands still, so the leader stays alive throughout
        final BootBlock block = leftBy(2, EPOCH);
        final AtomicLong nano = new AtomicLong();
        final AtomicLong epochReads = new AtomicLong();
        final ElectionBoot watching = countingEpochReads(10_000_000, nano, epochReads);
        final WaitTimeoutException e = assertThrows(WaitTimeoutException.class, () -> watching.run(6));
        assertTrue(e.getMessage().startsWith("cpu 6: await start_bar"), e.getMessage());
        assertTrue(nano.get() > 9_000_000, "the wait ran out its bound: " + nano.get());
        // one at MAGIC2 (the block's judgement), then a look a millisecond of waiting (10) or every 16th check round
        // (about 10,000 / 16): not one a check round as before
        assertTrue(epochReads.get() >= 10 && epochReads.get() < 1_000, "epoch clock reads: " + epochReads.get());
        assertEquals(2, block.cpuCount(), "counted before it waited");
    }

    @Test
    void theBlocksJudgementAtMagic2IsTheFollowersLookAndArrivalSoItsNextWaitReadsNoEpochAtOnce()
    {
        // MAGIC2 already written: the follower reads the epoch clock once, to judge the block, and its start_bar wait
        // (bound 10 us on a nano clock that moves 1 us a read: 10 check rounds, fewer than the 16 after which a check
        // looks all the same) reads it neither for its arrival nor for a look
        leftBy(2, EPOCH);
        final AtomicLong nano = new AtomicLong();
        final AtomicLong epochReads = new AtomicLong();
        final ElectionBoot watching = countingEpochReads(10_000, nano, epochReads);
        final WaitTimeoutException e = assertThrows(WaitTimeoutException.class, () -> watching.run(6));
        assertTrue(e.getMessage().startsWith("cpu 6: await start_bar: timed out after "), e.getMessage());
        assertEquals(1, epochReads.get(), "one read, at MAGIC2");
    }

    @Test
    void aFollowerThatSawTheLeaderAliveNamesItsGiveUp()
    {
        final BootBlock block = leftBy(2, EPOCH);
        // the leader gives up while the follower waits for start_bar: the follower's clock reads make it happen
        final AtomicLong reads = new AtomicLong();
        final ElectionBoot watching = ElectionBoot.builder(memory, 0).stacks(1, 512).livenessMs(1000)
            .straggler(StragglerPolicy.none()).waitPolicy(WaitPolicy.busySpin(1_000_000))
            .clocks(nanos::get, () ->
            {
                if (reads.incrementAndGet() == 4)
                {
                    block.abandon(2, EPOCH);
                }
                return EPOCH + reads.get();
            }).build();
        final ElectionException e = assertThrows(ElectionException.class, () -> watching.run(6));
        assertEquals(ElectionException.Case.BOOT_ABANDONED, e.reason());
        assertEquals("cpu 6: await start_bar: leader cpu 2 gave the boot up (its own error says why: a counted CPU " +
            "died, a wait timed out) while start_bar still holds 0", e.getMessage());
    }

    @Test
    void magic1AtResetEndsWithinTheLivenessTimeoutOfArrivalNamingWhatTheSlotHolds()
    {
        memory.putLong(BootBlock.ASM_MAGIC_VAL, Magic.MAGIC1);
        final ElectionException none = assertThrows(ElectionException.class, () -> builder().build().run(1));
        assertEquals(ElectionException.Case.MAGIC1_WITHOUT_LEADER, none.reason());
        assertEquals("cpu 1: await MAGIC2: asm_magic_val holds MAGIC1 but no leader heartbeat appeared within 5 ms of " +
            "this CPU's arrival (the heartbeat slot holds no heartbeat): the word held MAGIC1 at reset or was left by " +
            "a boot that crashed mid-election, so no CPU could be elected (or the leader died before its first " +
            "heartbeat)", none.getMessage());

        ms.set(EPOCH);
        new BootBlock().wrap(memory, 0).heartbeat(7, EPOCH - 1000);
        final ElectionException earlier = assertThrows(ElectionException.class, () -> builder().build().run(1));
        assertTrue(earlier.getMessage().contains("(the heartbeat slot holds cpu 7's, 1006 ms old: left by an earlier " +
            "boot)"), earlier.getMessage());

        ms.set(EPOCH);
        new BootBlock().wrap(memory, 0).abandon(1, EPOCH - 1000);
        final ElectionException own = assertThrows(ElectionException.class, () -> builder().build().run(1));
        assertTrue(own.getMessage().contains("(the heartbeat slot holds cpu 1's, given up 1006 ms old, this very " +
            "CPU's: left by an earlier boot)"), own.getMessage());

        ms.set(EPOCH);
        new BootBlock().wrap(memory, 0).heartbeat(7, EPOCH + 1000);
        assertTrue(assertThrows(ElectionException.class, () -> builder().build().run(1)).getMessage()
            .contains("(the heartbeat slot holds no heartbeat)"), "a heartbeat from the future is none");
        ms.set(EPOCH);
        new BootBlock().wrap(memory, 0).heartbeat(-1, EPOCH - 1000);
        assertTrue(assertThrows(ElectionException.class, () -> builder().build().run(1)).getMessage()
            .contains("(the heartbeat slot holds no heartbeat)"), "nor one of a negative cpu");
    }

    @Test
    void theLeaderGivesTheBootUpNamingACountedCpuWhoseHeartbeatStopped()
    {
        final ElectionBoot boot = builder().arrivals(memory, LENGTH, 0, 1, 2, 3, 4, 5).hooks(new BootHooks()
        {
            @Override
            public void initScheduler(final int cpu)
            {
                // cpu 5 acquired MAGIC2, arrived, counted itself and died before start_bar
                final ArrivalRoll roll = new ArrivalRoll().wrap(memory, LENGTH, 6);
                roll.arrive(5, EPOCH - 100);
                new BootBlock().wrap(memory, 0).countMe();
                roll.mark(5);
            }
        }).build();
        final ElectionException e = assertThrows(ElectionException.class, () -> boot.run(0));
        assertEquals(ElectionException.Case.CPU_DEAD, e.reason());
        assertEquals(List.of(5), e.cpus());
        assertEquals("leader cpu 0: await running_count == cpu_count: counted cpu 5 stopped its heartbeat (older than " +
            "the liveness timeout of 5 ms) before finishing arch_init, so running_count (1) can never reach cpu_count " +
            "(2); the boot is given up", e.getMessage());
        assertTrue(BootBlock.abandoned(boot.block().heartbeatMs()), "the followers learn it at once");
    }

    /**
     * A platform that learns which CPUs to expect only after the election keeps a roll of every id a CPU may have: the
     * dead are named the same way, and the leader reads the roll only from the first moment one of its heartbeats can
     * be stale (the roll's clearing plus the liveness timeout), then once a scan period (livenessMs / 16), not at every
     * check round of its wait (one epoch millisecond apart here).
     */
    @Test
    void aRollOfEveryPossibleIdNamesTheDeadAndIsReadOnlyWhenAHeartbeatCanBeStale()
    {
        final long liveness = 80; // a scan period of 5 ms
        final int cpus = 8;
        final int lastBeat = ArrivalRoll.length(cpus) - Long.BYTES; // cpu 7's heartbeat: read once per scan
        final AtomicInteger scans = new AtomicInteger();
        final UnsafeBuffer rollMemory = new UnsafeBuffer(ByteBuffer.allocateDirect(ArrivalRoll.length(cpus)))
        {
            @Override
            public long getLongVolatile(final int index)
            {
                if (index == lastBeat)
                {
                    scans.incrementAndGet();
                }
                return super.getLongVolatile(index);
            }
        };
        final ElectionBoot boot = builder().livenessMs(liveness).arrivalRoll(rollMemory, 0, cpus).hooks(new BootHooks()
        {
            @Override
            public void initScheduler(final int cpu)
            {
                // cpu 5 acquired MAGIC2, arrived, counted itself and died before start_bar, its heartbeat fresh
                final ArrivalRoll roll = new ArrivalRoll().wrap(rollMemory, 0, cpus);
                roll.arrive(5, ms.get());
                new BootBlock().wrap(memory, 0).countMe();
                roll.mark(5);
            }
        }).build();
        final long start = ms.get();
        final ElectionException e = assertThrows(ElectionException.class, () -> boot.run(0));
        assertEquals(ElectionException.Case.CPU_DEAD, e.reason());
        assertEquals(List.of(5), e.cpus());
        final long waited = ms.get() - start;
        assertTrue(waited > liveness && waited <= liveness + 2 * 5 + 10, "named once its heartbeat went stale, " +
            "within a period or two: " + waited + " ms");
        assertTrue(scans.get() >= 1 && scans.get() <= 3, scans.get() + " reads of the roll in " + waited + " ms of a " +
            "wait that checks every millisecond");

        ms.set(EPOCH);
        memory.setMemory(0, LENGTH, (byte)0x5A); // a fresh reset
        rollMemory.setMemory(0, ArrivalRoll.length(cpus), (byte)0x5A);
        final BootOutcome alone = builder().arrivalRoll(rollMemory, 0, cpus).build().run(3);
        assertEquals(Role.LEADER, alone.role());
        assertEquals(List.of(), alone.leader().missingCpus(), "which CPUs were expected is the platform's to say");
    }

    @Test
    void theLeadersTimeoutTellsDeadFromSlowAndSaysWhenItCannotTell()
    {
        final ElectionBoot boot = ElectionBoot.builder(memory, 0).stacks(1, 512).livenessMs(LIVENESS)
            .straggler(StragglerPolicy.none()).waitPolicy(WaitPolicy.busySpin(1_000_000))
            .clocks(() -> nanos.addAndGet(1000), () -> EPOCH).arrivals(memory, LENGTH, 0, 1, 2, 3)
            .hooks(new BootHooks()
            {
                @Override
                public void initScheduler(final int cpu)
                {
                    final ArrivalRoll roll = new ArrivalRoll().wrap(memory, LENGTH, 4);
                    final BootBlock block = new BootBlock().wrap(memory, 0);
                    roll.arrive(1, EPOCH); // slow: beats on time
                    block.countMe();
                    roll.arrive(3, EPOCH - 1 - LIVENESS); // dead (arrived, perhaps not yet counted) ...
                    roll.arrive(2, EPOCH - 2); // ... but running_count lacks 2 and 2 are alive: no proof
                    block.countMe();
                }
            }).build();
        final WaitTimeoutException e = assertThrows(WaitTimeoutException.class, () -> boot.run(0));
        assertEquals("leader cpu 0: await running_count == cpu_count", e.stage());
        assertTrue(e.getMessage().endsWith("waiting for running_count @512 to become cpu_count (3); counted but not " +
            "running: dead (heartbeat stale) cpu 3, slow (heartbeat fresh) cpus [1, 2]; last seen 1"), e.getMessage());

        ms.set(EPOCH);
        final SharedRegion bare = SharedRegion.allocate(LENGTH).fill(Fill.X5A);
        final ElectionBoot noRoll = ElectionBoot.builder(bare.buffer(), 0).stacks(1, 512).livenessMs(LIVENESS)
            .straggler(StragglerPolicy.none()).waitPolicy(WaitPolicy.busySpin(1_000_000))
            .clocks(() -> nanos.addAndGet(1000), () -> EPOCH).hooks(new BootHooks()
            {
                @Override
                public void initScheduler(final int cpu)
                {
                    new BootBlock().wrap(bare.buffer(), 0).countMe();
                }
            }).build();
        final WaitTimeoutException unknown = assertThrows(WaitTimeoutException.class, () -> noRoll.run(0));
        assertTrue(unknown.getMessage().endsWith("to become cpu_count (2); the CPUs counted but not running never " +
            "finished arch_init (no arrival roll: which ones is unknown); last seen 1"), unknown.getMessage());
    }
}
