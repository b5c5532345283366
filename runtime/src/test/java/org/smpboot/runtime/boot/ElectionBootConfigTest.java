package org.smpboot.runtime.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.internal.ThreadCpus;
import org.smpboot.runtime.region.BumpAllocator;
import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.region.SharedRegion;
import org.smpboot.runtime.stack.StackHandle;
import org.smpboot.runtime.stack.StackPool;
import org.smpboot.runtime.wait.TestBounds;

/**
 * The election boot's figures, its builder's refusals, and a whole boot of one CPU on injected clocks (one thread, no
 * wall time): the order of the leader's steps, the layout it writes and the report it returns.
 */
class ElectionBootConfigTest
{
    private static final long EPOCH = 1_800_000_000_000L;

    @Test
    void theFootprintsAreTheDocumentedSums()
    {
        assertEquals(4, ElectionBoot.DEFAULT_INIT_STACKS);
        assertEquals(4096, ElectionBoot.DEFAULT_STACK_SIZE);
        assertEquals(2000, ElectionBoot.DEFAULT_LIVENESS_MS);
        assertEquals(BootBlock.LENGTH + 2 * 512, ElectionBoot.footprintBeforeCount(2, 512));
        assertEquals(1920, ElectionBoot.footprintBeforeCount(3, 104), "rounded up to a slot");
        assertEquals(ElectionBoot.footprintBeforeCount(2, 512) + 3 * 512 + 128, ElectionBoot.regionLength(3, 2, 512));
        assertEquals(ElectionBoot.footprintBeforeCount(1, 104) + 5 * 128 + 128, ElectionBoot.regionLength(5, 1, 104),
            "each start stack rounded up to a slot");
    }

    @Test
    void theWaitPolicyCountsTheExpectedCpusUntilMoreAreCountedAndElseTheCountedOnes()
    {
        final SharedRegion region = SharedRegion.allocate(ElectionBoot.regionLength(4, 4, 512)).fill(Fill.X5A);
        final ElectionBoot expecting = ElectionBoot.builder(region.buffer(), 0).stacks(4, 512)
            .straggler(StragglerPolicy.expected(64, 1, TimeUnit.SECONDS)).build();
        final ElectionBoot quiet = ElectionBoot.builder(region.buffer(), 0).stacks(4, 512)
            .straggler(StragglerPolicy.quietPeriod(1, TimeUnit.MILLISECONDS)).build();
        assertEquals(64, expecting.contenders(), "cpu_count holds the fill: the expected CPUs");
        assertEquals(0, quiet.contenders(), "cpu_count holds the fill, none expected: unknown");
        expecting.block().publish(0);
        assertEquals(64, expecting.contenders(), "1 counted, 64 expected: 64 will share the processors");
        assertEquals(1, quiet.contenders(), "1 counted, none expected");
        for (int i = 0; i < 70; i++)
        {
            expecting.block().countMe();
        }
        assertEquals(71, expecting.contenders(), "more counted than expected");
    }

    @Test
    void theBuilderRefusesWhatCannotBootNamingIt()
    {
        final AtomicBuffer b = SharedRegion.allocate(8192).buffer();
        for (final int[] bad : new int[][] {{0, 512}, {1, 56}, {1, 68}})
        {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ElectionBoot.builder(b, 0).stacks(bad[0], bad[1]).build());
            assertEquals("need at least 1 init stack of at least 64 bytes, a multiple of 8; got " + bad[0] + " x " +
                bad[1], e.getMessage());
        }
        ElectionBoot.builder(b, 0).stacks(1, 64).build();
        final int stacksEnd = BootBlock.LENGTH + 2 * 512;
        ElectionBoot.builder(b, 0).stacks(2, 512).heap(stacksEnd, stacksEnd).build();
        ElectionBoot.builder(b, 0).stacks(2, 512).heap(stacksEnd, 8192).build();
        for (final int[] heap : new int[][] {{stacksEnd - 8, 8192}, {4096, 4095}, {4096, 8193}})
        {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ElectionBoot.builder(b, 0).stacks(2, 512).heap(heap[0], heap[1]).build());
            assertEquals("boot layout does not fit: block @0, 2 init stacks of 512 bytes, heap [" + heap[0] + ", " +
                heap[1] + ") in 8192 bytes", e.getMessage());
        }
        assertEquals("boot layout does not fit: block @6144, 4 init stacks of 4096 bytes, heap [24064, 8192) in 8192 " +
            "bytes", assertThrows(IllegalArgumentException.class, () -> ElectionBoot.builder(b, 6144).build())
            .getMessage(), "the defaults, the heap's start derived");
        assertEquals("liveness timeout must be at least 1 ms, got 0",
            assertThrows(IllegalArgumentException.class, () -> ElectionBoot.builder(b, 0).livenessMs(0)).getMessage());
        ElectionBoot.builder(b, 0).livenessMs(1);
        assertEquals("nano clock", assertThrows(NullPointerException.class,
            () -> ElectionBoot.builder(b, 0).clocks(null, () -> 0)).getMessage());
        assertEquals("epoch clock", assertThrows(NullPointerException.class,
            () -> ElectionBoot.builder(b, 0).clocks(() -> 0, null)).getMessage());
        assertEquals("an arrival roll needs the expected CPU ids", assertThrows(IllegalArgumentException.class,
            () -> ElectionBoot.builder(b, 0).arrivals(b, 4096)).getMessage());
    }

    /** Records the hooks' calls. */
    private static final class Trace implements BootHooks
    {
        final List<String> calls = new ArrayList<>();
        StackPool givenPool;

        @Override
        public void elected(final int leader, final long replaced)
        {
            calls.add("elected " + leader + " " + Long.toHexString(replaced));
        }

        @Override
        public void initMemory(final int leader)
        {
            calls.add("initMemory " + leader);
        }

        @Override
        public void initCpu(final int cpu, final StackHandle stack)
        {
            calls.add("initCpu " + cpu + " " + stack);
        }

        @Override
        public void initGlobals(final int leader)
        {
            calls.add("initGlobals " + leader);
        }

        @Override
        public void initScheduler(final int cpu)
        {
            calls.add("initScheduler " + cpu);
        }

        @Override
        public void provideStartStacks(final long cpus, final StackPool pool, final BumpAllocator heap,
            final int stackSize)
        {
            calls.add("provideStartStacks " + cpus + " " + pool.name() + " " + stackSize);
            BootHooks.super.provideStartStacks(cpus, pool, heap, stackSize);
        }

        @Override
        public StackPool startStackPool(final int cpu, final StackPool startStackPool)
        {
            givenPool = startStackPool;
            calls.add("startStackPool " + cpu);
            return startStackPool;
        }

        @Override
        public void cpuMain(final int cpu, final StackHandle stack)
        {
            calls.add("cpuMain " + cpu + " " + stack.pool().name() + " @" + stack.stackOffset());
        }
    }

    @Test
    void aBootOfOneCpuRunsTheLeadersStepsInOrderAndReportsItsLayout()
    {
        final int at = 256;
        final int heapStart = at + BootBlock.LENGTH + 2 * 512; // 2816, slot-aligned
        final SharedRegion region = SharedRegion.allocate(16384).fill(Fill.X5A);
        final AtomicLong nanos = new AtomicLong();
        final NanoClock nano = () -> nanos.addAndGet(1000);
        final EpochClock epoch = () -> EPOCH;
        final Trace trace = new Trace();
        final ElectionBoot boot = ElectionBoot.builder(region.buffer(), at).stacks(2, 512).hooks(trace)
            .straggler(StragglerPolicy.none()).clocks(nano, epoch).build();

        final BootOutcome o = boot.run(3);

        assertEquals(List.of("elected 3 5a5a5a5a5a5a5a5a", "initMemory 3", "initCpu 3 null", "initGlobals 3",
            "initScheduler 3", "provideStartStacks 1 start_stack_pool 512", "startStackPool 3",
            "cpuMain 3 start_stack_pool @" + heapStart), trace.calls);
        assertSame(boot.startStackPool(), trace.givenPool);
        assertEquals(Role.LEADER, o.role());
        assertEquals(3, o.cpu());
        assertEquals(3, o.bsCpuid());
        assertEquals(1, o.countPosition());
        assertTrue(o.releasedNanos() > 0 && o.releasedNanos() <= nanos.get(), "released on the boot's clock");
        final BootOutcome.LeaderReport r = o.leader();
        assertEquals(0x5a5a5a5a5a5a5a5aL, r.replaced());
        assertEquals(1, r.sealedCount());
        assertEquals(0, r.expectedCpus());
        assertEquals(0, r.heapUsedAtSeal());
        assertEquals(ElectionBoot.footprintBeforeCount(2, 512), r.bytesBeforeCount());
        assertEquals(0, r.initHighWater(), "the leader draws no arch_init stack");
        assertEquals(1, r.startStacks());
        assertEquals(List.of(), r.missingCpus());

        final BootBlock block = boot.block();
        assertEquals(at, block.offset());
        assertEquals(Magic.MAGIC2, block.asmMagicVal());
        assertTrue(block.isPublished());
        assertEquals(1 | BootBlock.SEALED, block.cpuCountWord());
        assertEquals(1, block.runningCount());
        assertEquals(1, block.startBar());
        assertEquals(3, block.heartbeatLeader());
        assertEquals(EPOCH, block.heartbeatMs(), "beaten on the injected epoch clock");
        assertEquals(at + BootBlock.ARCH_INIT_STACK_POOL, boot.archInitStackPool().offset());
        assertEquals(at + BootBlock.START_STACK_POOL, boot.startStackPool().offset());
        assertEquals(2, boot.archInitStackPool().stacks());
        assertEquals(2, boot.archInitStackPool().freeStacks());
        final StackHandle s1 = boot.archInitStackPool().getStack(9);
        final StackHandle s2 = boot.archInitStackPool().getStack(9);
        assertEquals(at + BootBlock.LENGTH + 512, s1.stackOffset(), "the init stacks follow the block, LIFO");
        assertEquals(at + BootBlock.LENGTH, s2.stackOffset());
        assertEquals(512 - StackPool.STACK_HEADER_LENGTH, s1.size());
        assertSame(block.allocator(), boot.allocator());
        assertEquals(512, boot.allocator().used(), "one start stack from the heap");
        assertEquals(heapStart, region.buffer().getLong(at + BootBlock.ALLOCATOR + 16), "heap start after the stacks");
        assertEquals(16384, region.buffer().getLong(at + BootBlock.ALLOCATOR + 8), "heap limit: the region's end");
        assertEquals(1, boot.startStackPool().freeStacks(), "the start stack given back when main returned");
        assertEquals(1, boot.startStackPool().highWater(), "usage tracked by default");
    }

    @Test
    void aLeaderWhoseStepThrowsGivesTheBootUpAtOnceAndRethrows()
    {
        final SharedRegion region = SharedRegion.allocate(16384).fill(Fill.XA5);
        final IllegalStateException boom = new IllegalStateException("no memory");
        final ElectionBoot boot = ElectionBoot.builder(region.buffer(), 0).stacks(1, 512)
            .straggler(StragglerPolicy.none()).clocks(() -> 0, () -> EPOCH + 5).trackUsage(false)
            .hooks(new BootHooks()
            {
                @Override
                public void initGlobals(final int leader)
                {
                    throw boom;
                }
            }).build();
        assertSame(boom, assertThrows(IllegalStateException.class, () -> boot.run(4)));
        assertEquals(4, boot.block().heartbeatLeader());
        assertTrue(BootBlock.abandoned(boot.block().heartbeatMs()));
        assertEquals(EPOCH + 5, BootBlock.millis(boot.block().heartbeatMs()));
        boot.heartbeat(4);
        assertTrue(BootBlock.abandoned(boot.block().heartbeatMs()), "a beat never revives a boot given up");

        final ElectionBoot ok = ElectionBoot.builder(SharedRegion.allocate(16384).buffer(), 0).stacks(1, 512)
            .straggler(StragglerPolicy.none()).clocks(() -> 0, () -> EPOCH).trackUsage(false).build();
        ok.run(0);
        assertEquals(0, ok.startStackPool().highWater(), "usage not tracked");
    }

    @Test
    void theLeaderBeatsBetweenItsArchInitStepsWheneverTheClockMoved()
    {
        final SharedRegion region = SharedRegion.allocate(16384).fill(Fill.X5A);
        final AtomicLong ms = new AtomicLong(EPOCH);
        final List<Long> seen = new ArrayList<>();
        final ElectionBoot[] boot = new ElectionBoot[1];
        boot[0] = ElectionBoot.builder(region.buffer(), 0).stacks(1, 512).straggler(StragglerPolicy.none())
            .clocks(() -> 0, ms::get).hooks(new BootHooks()
            {
                @Override
                public void elected(final int leader, final long replaced)
                {
                    ms.set(EPOCH + 1);
                }

                @Override
                public void initMemory(final int leader)
                {
                    seen.add(BootBlock.millis(boot[0].block().heartbeatMs()));
                    ms.set(EPOCH + 2);
                }

                @Override
                public void initCpu(final int cpu, final StackHandle stack)
                {
                    seen.add(BootBlock.millis(boot[0].block().heartbeatMs()));
                    ms.set(EPOCH + 3);
                }

                @Override
                public void initGlobals(final int leader)
                {
                    seen.add(BootBlock.millis(boot[0].block().heartbeatMs()));
                }
            }).build();
        boot[0].run(1);
        assertEquals(List.of(EPOCH + 1, EPOCH + 2, EPOCH + 3), seen, "each step begins with a heartbeat of its time");
    }

    @Test
    void everyCpuRunsItsOwnArchInitStepsLeaderAndFollowersAlike()
    {
        final int cpus = 3;
        final SharedRegion region = SharedRegion.allocate(ElectionBoot.regionLength(cpus, 2, 512)).fill(Fill.XA5);
        final AtomicIntegerArray initCpu = new AtomicIntegerArray(cpus);
        final AtomicIntegerArray initScheduler = new AtomicIntegerArray(cpus);
        final AtomicIntegerArray main = new AtomicIntegerArray(cpus);
        final ElectionBoot boot = ElectionBoot.builder(region.buffer(), 0).stacks(2, 512)
            .straggler(StragglerPolicy.expected(cpus, TestBounds.ns(30, TimeUnit.SECONDS), TimeUnit.NANOSECONDS))
            .hooks(new BootHooks()
            {
                @Override
                public void initCpu(final int cpu, final StackHandle stack)
                {
                    initCpu.incrementAndGet(cpu);
                }

                @Override
                public void initScheduler(final int cpu)
                {
                    initScheduler.incrementAndGet(cpu);
                }

                @Override
                public void cpuMain(final int cpu, final StackHandle stack)
                {
                    main.incrementAndGet(cpu);
                }
            }).build();
        final List<ThreadCpus.Result<BootOutcome>> results =
            ThreadCpus.run(cpus, 1000, 5, TestBounds.runNs(60, TimeUnit.SECONDS), boot::run).results();
        results.forEach(r -> assertNull(r.error(), () -> "cpu " + r.cpu() + " threw " + r.error()));
        for (int cpu = 0; cpu < cpus; cpu++)
        {
            assertEquals(1, initCpu.get(cpu), "initCpu of cpu " + cpu);
            assertEquals(1, initScheduler.get(cpu), "initScheduler of cpu " + cpu);
            assertEquals(1, main.get(cpu), "main of cpu " + cpu);
        }
    }

    @Test
    void aHeartbeatCallBeatsTheLeadersWordOrTheCallersRollSlotAndIgnoresOthers()
    {
        final SharedRegion region = SharedRegion.allocate(16384 + ArrivalRoll.length(4)).fill(Fill.ZERO);
        final AtomicLong ms = new AtomicLong(EPOCH);
        final ElectionBoot boot = ElectionBoot.builder(region.buffer(), 0).stacks(1, 512).heap(2048, 16384)
            .arrivals(region.buffer(), 16384, 0, 1, 2, 3).straggler(StragglerPolicy.none())
            .clocks(() -> 0, ms::get).build();
        assertEquals(List.of(0, 1, 3), boot.run(2).leader().missingCpus(), "the expected CPUs that never came");
        ms.set(EPOCH + 10);
        boot.heartbeat(2);
        assertEquals(EPOCH + 10, boot.block().heartbeatMs(), "the leader's own word");
        final ArrivalRoll roll = new ArrivalRoll().wrap(region.buffer(), 16384, 4);
        assertEquals(0, roll.heartbeat(1));
        boot.heartbeat(1);
        assertEquals(EPOCH + 10, ArrivalRoll.millis(roll.heartbeat(1)), "a follower's slot in the roll");
        ms.set(EPOCH + 11);
        boot.heartbeat(0);
        assertEquals(EPOCH + 11, ArrivalRoll.millis(roll.heartbeat(0)), "cpu 0's too: the roll's first slot");
        assertEquals(EPOCH + 10, boot.block().heartbeatMs());
        boot.heartbeat(4);
        boot.heartbeat(-1);
        assertEquals(0, roll.heartbeat(3), "outside the roll: nothing written, nothing thrown");
        assertTrue(roll.isMarked(2), "the leader marked itself");
    }
}
