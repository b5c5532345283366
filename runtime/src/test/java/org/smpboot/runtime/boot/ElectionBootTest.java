package org.smpboot.runtime.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.smpboot.runtime.region.BumpAllocator;
import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.region.SharedRegion;
import org.smpboot.runtime.stack.StackHandle;
import org.smpboot.runtime.stack.StackPool;
import org.smpboot.runtime.wait.TestBounds;
import org.smpboot.runtime.wait.WaitPolicy;
import org.smpboot.runtime.internal.ThreadCpus;

class ElectionBootTest
{
    private static final long RUN_BOUND_NS = TestBounds.runNs(60, TimeUnit.SECONDS);

    /** Checks, per CPU, that nobody else writes into the stack it runs on. */
    private static final class ExclusiveStacks implements BootHooks
    {
        final AtomicIntegerArray holders;
        final AtomicLong violations = new AtomicLong();

        ExclusiveStacks(final int regionLength)
        {
            holders = new AtomicIntegerArray(regionLength / 64);
        }

        private void use(final int cpu, final StackHandle stack)
        {
            final int slot = stack.stackOffset() / 64;
            if (holders.incrementAndGet(slot) != 1)
            {
                violations.incrementAndGet();
            }
            stack.putLong(0, cpu);
            Thread.yield();
            if (stack.getLong(0) != cpu)
            {
                violations.incrementAndGet();
            }
            holders.decrementAndGet(slot);
        }

        @Override
        public void initCpu(final int cpu, final StackHandle stack)
        {
            if (stack != null)
            {
                use(cpu, stack);
            }
        }

        @Override
        public void cpuMain(final int cpu, final StackHandle stack)
        {
            use(cpu, stack);
        }
    }

    private static List<ThreadCpus.Result<BootOutcome>> boot(
        final SharedRegion region, final int cpus, final long seed, final ElectionBoot.Builder config)
    {
        final ElectionBoot boot = config.build();
        return ThreadCpus.run(cpus, 200_000, seed, RUN_BOUND_NS, boot::run).results();
    }

    /**
     * The default policy, with a bound of at least 10 s from 64 CPUs on: under PIT the default bound is short
     * ({@code smpboot.wait.timeoutMs}), and 64 or 256 threads on 2 loaded cores may take longer than that to meet.
     */
    private static WaitPolicy boundFor(final int cpus)
    {
        return cpus < 64 ? WaitPolicy.defaults() :
            WaitPolicy.defaults().withTimeout(Math.max(WaitPolicy.DEFAULT_TIMEOUT_NS, TimeUnit.SECONDS.toNanos(10)));
    }

    /**
     * The leader waits for all {@code cpus} (30 s; under PIT at most 4 default bounds, or the 10 s of {@link #boundFor}
     * from 64 CPUs on): a mutant that loses an arrival fails its test by a short seal instead of a 30 s wait.
     */
    private static StragglerPolicy expectAll(final int cpus)
    {
        return StragglerPolicy.expected(cpus,
            Math.max(TestBounds.ns(30, TimeUnit.SECONDS), boundFor(cpus).timeoutNs()), TimeUnit.NANOSECONDS);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 8, 17, 64, 256})
    void exactlyOneLeaderEveryCpuCountedOverRandomFillsAndJitter(final int cpus)
    {
        final int rounds = cpus <= 17 ? 30 : cpus <= 64 ? 10 : 4;
        final SplittableRandom random = new SplittableRandom(cpus);
        final int length = ElectionBoot.regionLength(cpus, 4, 1024);
        try (SharedRegion region = SharedRegion.allocate(length))
        {
            for (int round = 0; round < rounds; round++)
            {
                final long seed = random.nextLong();
                final Fill fill = switch (round % 4)
                {
                    case 0 -> Fill.random(seed);
                    case 1 -> Fill.X5A;
                    case 2 -> Fill.XA5;
                    default -> Fill.ZERO;
                };
                region.fill(fill);
                final ExclusiveStacks hooks = new ExclusiveStacks(length);
                final List<ThreadCpus.Result<BootOutcome>> results = boot(region, cpus, seed,
                    ElectionBoot.builder(region.buffer(), 0).stacks(4, 1024).hooks(hooks).waitPolicy(boundFor(cpus))
                        .straggler(expectAll(cpus)));
                final String where = "cpus " + cpus + ", round " + round + ", fill " + fill;
                results.forEach(r -> assertNull(r.error(), () -> where + ": cpu " + r.cpu() + " threw " + r.error()));
                final List<BootOutcome> leaders = results.stream().map(ThreadCpus.Result::value)
                    .filter(o -> o.role() == Role.LEADER).collect(Collectors.toList());
                assertEquals(1, leaders.size(), where);
                final BootOutcome leader = leaders.get(0);
                assertEquals(cpus, leader.leader().sealedCount(), where);
                assertEquals(cpus, leader.leader().startStacks(), where);
                assertTrue(leader.leader().initHighWater() <= 4, where);
                for (final ThreadCpus.Result<BootOutcome> r : results)
                {
                    assertEquals(leader.cpu(), r.value().bsCpuid(), where);
                    assertNotEquals(Role.LATE, r.value().role(), where);
                    assertTrue(r.value().releasedNanos() > 0, where);
                }
                // positions 1..N, each taken once
                assertEquals(cpus, results.stream().mapToLong(r -> r.value().countPosition()).distinct().count(), where);
                final BootBlock block = new BootBlock().wrap(region.buffer(), 0);
                assertEquals(cpus, block.cpuCount(), where);
                assertTrue(block.isSealed(), where);
                assertEquals(cpus, block.runningCount(), where);
                assertEquals(leader.cpu(), block.bsCpuid(), where);
                assertEquals(0, hooks.violations.get(), where);
            }
        }
    }

    @Test
    void twoInitStacksServe256CpusAndMemoryBeforeTheCountDoesNotGrowWithN()
    {
        final long[] before = new long[2];
        final int[] counts = {2, 256};
        for (int i = 0; i < counts.length; i++)
        {
            final int cpus = counts[i];
            final int length = ElectionBoot.regionLength(cpus, 2, 512);
            try (SharedRegion region = SharedRegion.allocate(length).fill(Fill.random(cpus)))
            {
                final ExclusiveStacks hooks = new ExclusiveStacks(length);
                final List<ThreadCpus.Result<BootOutcome>> results = boot(region, cpus, 11,
                    ElectionBoot.builder(region.buffer(), 0).stacks(2, 512).hooks(hooks).waitPolicy(boundFor(cpus))
                        .straggler(expectAll(cpus)));
                results.forEach(r -> assertNull(r.error(), () -> "cpu " + r.cpu() + " threw " + r.error()));
                final BootOutcome.LeaderReport report = results.stream().map(ThreadCpus.Result::value)
                    .filter(o -> o.role() == Role.LEADER).findFirst().orElseThrow().leader();
                assertEquals(0, hooks.violations.get());
                assertEquals(0, report.heapUsedAtSeal(), "nothing allocated before the count is known");
                assertTrue(report.initHighWater() <= 2);
                assertEquals(cpus, report.sealedCount());
                before[i] = report.bytesBeforeCount();
            }
        }
        assertEquals(before[0], before[1], "memory used before the count is known must not depend on N");
        assertEquals(ElectionBoot.footprintBeforeCount(2, 512), before[0]);
    }

    /** Two memory nodes (CPUs by parity), each with its own start pool in its own region, as a NUMA platform would. */
    private static final class PartitionedStartStacks implements BootHooks
    {
        final SharedRegion[] nodes;
        final StackPool[] pools = new StackPool[2];
        final AtomicIntegerArray wrongNode;
        final AtomicLong drawn = new AtomicLong();

        PartitionedStartStacks(final SharedRegion[] nodes, final int cpus)
        {
            this.nodes = nodes;
            this.wrongNode = new AtomicIntegerArray(cpus);
        }

        @Override
        public void initGlobals(final int leader)
        {
            // before start_bar: a follower may reach its partition as soon as it passes the bar
            for (int n = 0; n < 2; n++)
            {
                pools[n] = new StackPool("start_stack_pool[" + n + "]", WaitPolicy.defaults())
                    .wrap(nodes[n].buffer(), 0).initialize(null, true);
            }
        }

        @Override
        public void provideStartStacks(final long cpus, final StackPool pool, final BumpAllocator heap,
            final int stackSize)
        {
            for (int cpu = 0; cpu < cpus; cpu++)
            {
                pools[cpu & 1].newStack(StackPool.LENGTH + (cpu >> 1) * stackSize, stackSize);
            }
        }

        @Override
        public StackPool startStackPool(final int cpu, final StackPool startStackPool)
        {
            return pools[cpu & 1];
        }

        @Override
        public void cpuMain(final int cpu, final StackHandle stack)
        {
            drawn.incrementAndGet();
            if (stack.buffer() != nodes[cpu & 1].buffer())
            {
                wrongNode.set(cpu, 1);
            }
        }
    }

    @Test
    void aPartitionedStartPoolGivesEachCpuAStackInItsOwnNode()
    {
        final int cpus = 9;
        final int stackSize = 512;
        try (SharedRegion region = SharedRegion.allocate(ElectionBoot.regionLength(cpus, 2, stackSize))
                .fill(Fill.random(5));
            SharedRegion even = SharedRegion.allocate(StackPool.LENGTH + 5 * stackSize).fill(Fill.X5A);
            SharedRegion odd = SharedRegion.allocate(StackPool.LENGTH + 4 * stackSize).fill(Fill.XA5))
        {
            final PartitionedStartStacks hooks = new PartitionedStartStacks(new SharedRegion[] {even, odd}, cpus);
            final List<ThreadCpus.Result<BootOutcome>> results = boot(region, cpus, 3,
                ElectionBoot.builder(region.buffer(), 0).stacks(2, stackSize).hooks(hooks)
                    .straggler(expectAll(cpus)));
            results.forEach(r -> assertNull(r.error(), () -> "cpu " + r.cpu() + " threw " + r.error()));
            assertEquals(cpus, hooks.drawn.get(), "every CPU ran its main");
            for (int cpu = 0; cpu < cpus; cpu++)
            {
                assertEquals(0, hooks.wrongNode.get(cpu), "cpu " + cpu + " ran on the other node's stack");
            }
            assertEquals(5, hooks.pools[0].stacks(), "one stack per even CPU in the even node");
            assertEquals(4, hooks.pools[1].stacks());
            assertEquals(0, hooks.pools[0].held() + hooks.pools[1].held(), "each main gave its stack back");
            final BootOutcome.LeaderReport report = results.stream().map(ThreadCpus.Result::value)
                .filter(o -> o.role() == Role.LEADER).findFirst().orElseThrow().leader();
            assertEquals(0, report.startStacks(), "start_stack_pool itself held none");
        }
    }

    @Test
    void aCpuArrivingAfterTheSealIsLateAndNothingElse()
    {
        final int length = ElectionBoot.regionLength(9, 2, 512);
        try (SharedRegion region = SharedRegion.allocate(length).fill(Fill.X5A))
        {
            final ElectionBoot boot = ElectionBoot.builder(region.buffer(), 0).stacks(2, 512)
                .straggler(expectAll(8)).build();
            ThreadCpus.run(8, 0, 1, RUN_BOUND_NS, boot::run).results()
                .forEach(r -> assertNull(r.error(), () -> "cpu " + r.cpu() + " threw " + r.error()));
            final BootBlock block = boot.block();
            final int startStacks = boot.startStackPool().stacks();
            final int freeStart = boot.startStackPool().freeStacks();
            final int freeInit = boot.archInitStackPool().freeStacks();

            final BootOutcome late = boot.run(8);

            assertEquals(Role.LATE, late.role());
            assertEquals(-1, late.countPosition());
            assertEquals(-1, late.releasedNanos());
            assertEquals(block.bsCpuid(), late.bsCpuid());
            assertEquals(8, block.cpuCount(), "a late CPU is not counted");
            assertEquals(1, block.lateCount());
            assertEquals(8, block.runningCount());
            assertEquals(startStacks, boot.startStackPool().stacks(), "a late CPU draws no stack");
            assertEquals(freeStart, boot.startStackPool().freeStacks());
            assertEquals(freeInit, boot.archInitStackPool().freeStacks());
        }
    }

    @Test
    void theLeaderNamesTheExpectedCpusThatNeverArrived()
    {
        final int length = ElectionBoot.regionLength(8, 2, 512);
        try (SharedRegion region = SharedRegion.allocate(length + ArrivalRoll.length(8)).fill(Fill.X5A))
        {
            // CPUs 0..7 expected; 2 and 6 never run; the deadline seals the count with the 6 that came
            final ElectionBoot boot = ElectionBoot.builder(region.buffer(), 0).stacks(2, 512)
                .heap(ElectionBoot.footprintBeforeCount(2, 512), length)
                .arrivals(region.buffer(), length, 0, 1, 2, 3, 4, 5, 6, 7)
                .straggler(StragglerPolicy.expected(8, 300, TimeUnit.MILLISECONDS)).build();
            final List<ThreadCpus.Result<BootOutcome>> results = ThreadCpus.run(new int[] {0, 1, 3, 4, 5, 7}, 0, 1,
                RUN_BOUND_NS, boot::run).results();
            results.forEach(r -> assertNull(r.error(), () -> "cpu " + r.cpu() + " threw " + r.error()));
            final BootOutcome.LeaderReport report = results.stream().map(ThreadCpus.Result::value)
                .filter(o -> o.role() == Role.LEADER).findFirst().orElseThrow().leader();
            assertEquals(6, report.sealedCount());
            assertEquals(List.of(2, 6), report.missingCpus());
        }
    }

    @Test
    void everyExpectedCpuArrivedLeavesNoneMissingAndNoRollNamesNone()
    {
        final int length = ElectionBoot.regionLength(4, 2, 512);
        try (SharedRegion region = SharedRegion.allocate(length + ArrivalRoll.length(4)).fill(Fill.XA5))
        {
            final ElectionBoot boot = ElectionBoot.builder(region.buffer(), 0).stacks(2, 512)
                .heap(ElectionBoot.footprintBeforeCount(2, 512), length).arrivals(region.buffer(), length, 0, 1, 2, 3)
                .straggler(expectAll(4)).build();
            final BootOutcome.LeaderReport report = ThreadCpus.run(4, 100_000, 3, RUN_BOUND_NS, boot::run).results()
                .stream().map(ThreadCpus.Result::value).filter(o -> o.role() == Role.LEADER).findFirst().orElseThrow()
                .leader();
            assertEquals(List.of(), report.missingCpus());
        }
        try (SharedRegion region = SharedRegion.allocate(ElectionBoot.regionLength(2, 2, 512)).fill(Fill.ZERO))
        {
            final ElectionBoot boot = ElectionBoot.builder(region.buffer(), 0).stacks(2, 512)
                .straggler(StragglerPolicy.expected(3, 200, TimeUnit.MILLISECONDS)).build();
            final BootOutcome.LeaderReport report = ThreadCpus.run(2, 0, 1, RUN_BOUND_NS, boot::run).results()
                .stream().map(ThreadCpus.Result::value).filter(o -> o.role() == Role.LEADER).findFirst().orElseThrow()
                .leader();
            assertEquals(2, report.sealedCount());
            assertEquals(List.of(), report.missingCpus(), "without a roll the report names nobody");
        }
    }

    @Test
    void withoutStragglerWaitEveryCpuIsEitherCountedAndWaitedForOrLate()
    {
        for (int round = 0; round < 40; round++)
        {
            final int cpus = 16;
            try (SharedRegion region = SharedRegion.allocate(ElectionBoot.regionLength(cpus, 2, 512))
                .fill(Fill.random(round)))
            {
                final ElectionBoot boot = ElectionBoot.builder(region.buffer(), 0).stacks(2, 512)
                    .straggler(StragglerPolicy.none()).build();
                final List<ThreadCpus.Result<BootOutcome>> results =
                    ThreadCpus.run(cpus, 2_000_000, round, RUN_BOUND_NS, boot::run).results();
                results.forEach(r -> assertNull(r.error(), () -> "cpu " + r.cpu() + " threw " + r.error()));
                final long counted = results.stream().filter(r -> r.value().role() != Role.LATE).count();
                final long late = results.stream().filter(r -> r.value().role() == Role.LATE).count();
                assertEquals(cpus, counted + late);
                assertEquals(counted, boot.block().cpuCount(), "counted means waited for: cpu_count == running CPUs");
                assertEquals(counted, boot.block().runningCount());
                assertEquals(late, boot.block().lateCount());
                results.stream().filter(r -> r.value().role() != Role.LATE)
                    .forEach(r -> assertTrue(r.value().releasedNanos() > 0));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"magic1", "magic2"})
    void magicFillsEndInBoundedTimeWithTheirCaseAndNoLeader(final String name)
    {
        final Fill fill = Magic.parseFill(name, 0);
        for (final int cpus : new int[] {1, 4, 32})
        {
            try (SharedRegion region = SharedRegion.allocate(ElectionBoot.regionLength(cpus, 4, 512)).fill(fill))
            {
                final long start = System.nanoTime();
                final List<ThreadCpus.Result<BootOutcome>> results = boot(region, cpus, 3,
                    ElectionBoot.builder(region.buffer(), 0).stacks(4, 512).livenessMs(300)
                        .waitPolicy(TestBounds.defaults(5, TimeUnit.SECONDS)));
                final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                final ElectionException.Case expected = name.equals("magic1") ?
                    ElectionException.Case.MAGIC1_WITHOUT_LEADER : ElectionException.Case.MAGIC2_WITHOUT_LEADER;
                for (final ThreadCpus.Result<BootOutcome> r : results)
                {
                    assertNull(r.value(), "no CPU may boot, let alone lead, on " + name);
                    final ElectionException e = assertInstanceOf(ElectionException.class, r.error());
                    assertEquals(expected, e.reason(), e.getMessage());
                    assertTrue(e.getMessage().contains(name.toUpperCase()), e.getMessage());
                }
                assertTrue(elapsedMs < 5_000, "ended in " + elapsedMs + " ms, beyond the wait bound");
                assertEquals(name.equals("magic1") ? Magic.MAGIC1 : Magic.MAGIC2,
                    new BootBlock().wrap(region.buffer(), 0).asmMagicVal());
            }
        }
    }

    @Test
    void onlyTheMagicWordHoldingMagic1IsEnoughToBlockTheElection()
    {
        try (SharedRegion region = SharedRegion.allocate(ElectionBoot.regionLength(4, 4, 512)).fill(Fill.random(5)))
        {
            region.buffer().putLong(BootBlock.ASM_MAGIC_VAL, Magic.MAGIC1);
            final List<ThreadCpus.Result<BootOutcome>> results = boot(region, 4, 3,
                ElectionBoot.builder(region.buffer(), 0).stacks(4, 512).livenessMs(200));
            results.forEach(r -> assertEquals(ElectionException.Case.MAGIC1_WITHOUT_LEADER,
                assertInstanceOf(ElectionException.class, r.error()).reason()));
        }
    }

    @Test
    void aLeaderThatStopsBeforeMagic2IsReportedDead()
    {
        try (SharedRegion region = SharedRegion.allocate(ElectionBoot.regionLength(4, 4, 512)).fill(Fill.ZERO))
        {
            final int[] leader = {-1};
            final ElectionBoot boot = ElectionBoot.builder(region.buffer(), 0).stacks(4, 512).livenessMs(200)
                .hooks(new BootHooks()
                {
                    @Override
                    public void elected(final int cpu, final long replaced)
                    {
                        leader[0] = cpu;
                        // a leader stuck (or dead) between MAGIC1 and MAGIC2: no heartbeat for 2 s
                        try
                        {
                            Thread.sleep(2_000);
                        }
                        catch (final InterruptedException e)
                        {
                            Thread.currentThread().interrupt();
                        }
                        throw new IllegalStateException("leader gave up");
                    }
                }).build();
            final List<ThreadCpus.Result<BootOutcome>> results = ThreadCpus.run(4, 0, 1, RUN_BOUND_NS, boot::run).results();
            for (final ThreadCpus.Result<BootOutcome> r : results)
            {
                assertNotNull(r.error());
                if (r.cpu() != leader[0])
                {
                    final ElectionException e = assertInstanceOf(ElectionException.class, r.error());
                    assertEquals(ElectionException.Case.LEADER_DEAD, e.reason(), e.getMessage());
                    assertTrue(e.getMessage().contains("leader cpu " + leader[0]), e.getMessage());
                }
            }
        }
    }

    @Test
    void bootCheckIsNotFooledByAnyFill()
    {
        for (final long word : new long[] {0, -1, 0x5a5a5a5a5a5a5a5aL, 0xa5a5a5a5a5a5a5a5L, Magic.MAGIC1, Magic.MAGIC2})
        {
            assertNotEquals(word, BootBlock.bootCheck(word), "fill " + Long.toHexString(word));
        }
    }
}
