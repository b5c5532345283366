package org.smpboot.runtime.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.smpboot.runtime.internal.ThreadCpus;
import org.smpboot.runtime.region.BumpAllocator;
import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.region.SharedRegion;
import org.smpboot.runtime.stack.StackHandle;
import org.smpboot.runtime.stack.StackPool;
import org.smpboot.runtime.wait.TestBounds;
import org.smpboot.runtime.wait.WaitPolicy;
import org.smpboot.runtime.wait.WaitTimeoutException;

/**
 * What the CPUs make of a death (issue 22, items 1 to 3): a leader that stops at any of its steps is named dead by
 * every CPU waiting on it within the liveness timeout plus a margin; a counted CPU that stops before it runs is named
 * dead by the leader, which gives the boot up; a slow one that beats is waited for; a block left by a boot that is over
 * is never taken for a live boot.
 */
class LivenessTest
{
    private static final long LIVENESS_MS = 300;
    /** The liveness timeout plus the margin README documents. */
    private static final long BOUND_MS = LIVENESS_MS + 1000;
    private static final int CPUS = 4;
    private static final int STACK = 512;
    /** A liveness timeout far above a loaded host's descheduling, for the tests that need a CPU never named dead. */
    private static final long SLOW_LIVENESS_MS = 1000;
    private static final long RUN_BOUND_NS = TestBounds.runNs(60, TimeUnit.SECONDS);

    /** The leader's steps a hook can stop it at. */
    enum Step
    {
        ELECTED, INIT_MEMORY, INIT_CPU, INIT_GLOBALS, INIT_SCHEDULER, START_STACKS, MAIN
    }

    /** Stops one CPU (no heartbeat, no progress) until the others are done, then lets it throw. */
    private static final class Stopper
    {
        final CountDownLatch others = new CountDownLatch(CPUS - 1);
        final AtomicInteger stopped = new AtomicInteger(-1);
        final AtomicLong stoppedAt = new AtomicLong();

        boolean stop(final int cpu)
        {
            if (!stopped.compareAndSet(-1, cpu))
            {
                return false;
            }
            stoppedAt.set(System.nanoTime());
            try
            {
                others.await(TestBounds.ns(30, TimeUnit.SECONDS), TimeUnit.NANOSECONDS);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cpu " + cpu + " stopped by the test");
        }
    }

    private static ElectionBoot.Builder config(final SharedRegion region, final BootHooks hooks)
    {
        final int length = ElectionBoot.regionLength(CPUS, 2, STACK);
        return ElectionBoot.builder(region.buffer(), 0).stacks(2, STACK).heap(-1, length).livenessMs(LIVENESS_MS)
            // the leader waits for every CPU; a plain timeout would come too late (under PIT both are capped at 2 s,
            // still above the liveness timeout plus its margin, BOUND_MS)
            .straggler(StragglerPolicy.expected(CPUS, TestBounds.ns(10, TimeUnit.SECONDS), TimeUnit.NANOSECONDS))
            .waitPolicy(TestBounds.defaults(20, TimeUnit.SECONDS))
            .arrivals(region.buffer(), length, 0, 1, 2, 3).hooks(hooks);
    }

    private static SharedRegion region()
    {
        return SharedRegion.allocate(ElectionBoot.regionLength(CPUS, 2, STACK) + ArrivalRoll.length(CPUS)).fill(Fill.X5A);
    }

    /** Runs the CPUs; each CPU but the stopped one counts down the stopper's latch when it ends. */
    private static List<Ended> run(final ElectionBoot boot, final Stopper stopper)
    {
        final List<ThreadCpus.Result<Ended>> results = ThreadCpus.run(CPUS, 100_000, 7, RUN_BOUND_NS, cpu ->
        {
            try
            {
                return new Ended(cpu, boot.run(cpu), null, System.nanoTime());
            }
            catch (final RuntimeException e)
            {
                return new Ended(cpu, null, e, System.nanoTime());
            }
            finally
            {
                if (stopper.stopped.get() != cpu)
                {
                    stopper.others.countDown();
                }
            }
        }).results();
        final List<Ended> ended = new ArrayList<>();
        results.forEach(r -> ended.add(r.value()));
        return ended;
    }

    private record Ended(int cpu, BootOutcome outcome, RuntimeException error, long atNanos)
    {
    }

    @ParameterizedTest
    @EnumSource(Step.class)
    void aLeaderThatStopsAtAnyStepIsNamedDeadByEveryCpuWaitingOnItWithinTheBound(final Step step)
    {
        final Stopper stopper = new Stopper();
        final AtomicInteger elected = new AtomicInteger(-1);
        final BootHooks hooks = new BootHooks()
        {
            private boolean leader(final int cpu)
            {
                return stopper.stopped.get() < 0;
            }

            @Override
            public void elected(final int leader, final long replaced)
            {
                elected.set(leader);
                if (step == Step.ELECTED)
                {
                    stopper.stop(leader);
                }
            }

            @Override
            public void initMemory(final int leader)
            {
                if (step == Step.INIT_MEMORY)
                {
                    stopper.stop(leader);
                }
            }

            @Override
            public void initCpu(final int cpu, final StackHandle stack)
            {
                if (stack == null && step == Step.INIT_CPU)
                {
                    stopper.stop(cpu);
                }
            }

            @Override
            public void initGlobals(final int leader)
            {
                if (step == Step.INIT_GLOBALS)
                {
                    stopper.stop(leader);
                }
            }

            @Override
            public void initScheduler(final int cpu)
            {
                if (step == Step.INIT_SCHEDULER && leader(cpu))
                {
                    stopper.stop(cpu); // the leader's runs first: followers run theirs after start_bar
                }
            }

            @Override
            public void provideStartStacks(final long cpus, final StackPool pool, final BumpAllocator heap,
                final int stackSize)
            {
                if (step == Step.START_STACKS)
                {
                    stopper.stop((int)pool.buffer().getLong(BootBlock.LEADER)); // after the seal: the case
                }
                BootHooks.super.provideStartStacks(cpus, pool, heap, stackSize);
            }

            @Override
            public void cpuMain(final int cpu, final StackHandle stack)
            {
                if (step == Step.MAIN && cpu == elected.get())
                {
                    stopper.stop(cpu);
                }
            }
        };
        try (SharedRegion region = region())
        {
            // MAIN: nobody waits on the leader once it stops, but the followers did wait on it while it gave the
            // stacks: a liveness far above a loaded host's descheduling (300 ms was passed at load 100) keeps that
            // wait from reading as a death; the other steps test the naming, so they keep the short bound
            final ElectionBoot.Builder b = config(region, hooks);
            final List<Ended> ended = run((step == Step.MAIN ? b.livenessMs(30_000) : b).build(), stopper);
            final int leader = stopper.stopped.get();
            assertTrue(leader >= 0, "the leader never reached " + step);
            for (final Ended e : ended)
            {
                if (e.cpu() == leader)
                {
                    continue;
                }
                if (step == Step.MAIN)
                {
                    // the leader stopped once every start stack was given: nobody waits on it any more
                    assertNull(e.error(), () -> "cpu " + e.cpu() + ": " + e.error());
                    assertEquals(Role.FOLLOWER, e.outcome().role());
                    continue;
                }
                final ElectionException x = assertInstanceOf(ElectionException.class, e.error(),
                    () -> "cpu " + e.cpu() + " ended with " + e.outcome() + " / " + e.error());
                assertEquals(ElectionException.Case.LEADER_DEAD, x.reason(), x.getMessage());
                assertEquals(List.of(leader), x.cpus(), x.getMessage());
                assertTrue(x.getMessage().contains("leader cpu " + leader + " is dead"), x.getMessage());
                final long tookMs = TimeUnit.NANOSECONDS.toMillis(e.atNanos() - stopper.stoppedAt.get());
                assertTrue(tookMs <= BOUND_MS, "cpu " + e.cpu() + " named it after " + tookMs + " ms: " + x.getMessage());
            }
        }
    }

    @Test
    void aCountedCpuThatStopsBeforeRunningIsNamedDeadByTheLeaderWhichGivesTheBootUp()
    {
        final Stopper stopper = new Stopper();
        final BootHooks hooks = new BootHooks()
        {
            @Override
            public void initCpu(final int cpu, final StackHandle stack)
            {
                if (stack != null)
                {
                    stopper.stop(cpu); // the first follower on an arch_init stack: counted, never running
                }
            }
        };
        try (SharedRegion region = region())
        {
            final ElectionBoot boot = config(region, hooks).build();
            final List<Ended> ended = run(boot, stopper);
            final int dead = stopper.stopped.get();
            final int leader = (int)boot.block().bsCpuid();
            assertNotEquals(dead, leader);
            for (final Ended e : ended)
            {
                if (e.cpu() == dead)
                {
                    continue;
                }
                final ElectionException x = assertInstanceOf(ElectionException.class, e.error(),
                    () -> "cpu " + e.cpu() + " ended with " + e.outcome() + " / " + e.error());
                if (e.cpu() == leader)
                {
                    assertEquals(ElectionException.Case.CPU_DEAD, x.reason(), x.getMessage());
                    assertEquals(List.of(dead), x.cpus(), x.getMessage());
                    assertTrue(x.getMessage().contains("counted cpu " + dead + " stopped its heartbeat"), x.getMessage());
                }
                else
                {
                    // BOOT_ABANDONED once the leader publishes its give-up; a leader the host starves for longer than
                    // the liveness timeout meanwhile (seen at load 100 on 2 cores) is rightly named dead first
                    assertTrue(x.reason() == ElectionException.Case.BOOT_ABANDONED ||
                        x.reason() == ElectionException.Case.LEADER_DEAD, x.getMessage());
                    assertEquals(List.of(leader), x.cpus());
                }
                final long tookMs = TimeUnit.NANOSECONDS.toMillis(e.atNanos() - stopper.stoppedAt.get());
                assertTrue(tookMs <= BOUND_MS, "cpu " + e.cpu() + " ended after " + tookMs + " ms: " + x.getMessage());
            }
            assertTrue(BootBlock.abandoned(boot.block().heartbeatMs()), "the leader published that it gave up");
        }
    }

    /** A follower that spends {@code ms} in initCpu, beating or not. */
    private static BootHooks slowFollower(final AtomicInteger slow, final ElectionBoot[] boot, final long ms)
    {
        return new BootHooks()
        {
            @Override
            public void initCpu(final int cpu, final StackHandle stack)
            {
                if (stack != null && slow.compareAndSet(-1, cpu))
                {
                    final long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
                    while (System.nanoTime() < end)
                    {
                        boot[0].heartbeat(cpu); // a hook longer than the liveness timeout beats as it goes
                        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                    }
                }
            }
        };
    }

    @Test
    void aSlowCountedCpuThatBeatsIsWaitedFor()
    {
        final AtomicInteger slow = new AtomicInteger(-1);
        final ElectionBoot[] boot = new ElectionBoot[1];
        try (SharedRegion region = region())
        {
            // the slow CPU's beats must outlast the liveness timeout; 300 ms was missed at nice 19 beside load 100
            // (PIT's coverage pass), so this test gives the liveness SLOW_LIVENESS_MS, and the leader's wait a bound
            // above the slow CPU's time (not capped under PIT: the test is the wait that must last)
            boot[0] = config(region, slowFollower(slow, boot, 2 * SLOW_LIVENESS_MS)).livenessMs(SLOW_LIVENESS_MS)
                .waitPolicy(WaitPolicy.defaults().withTimeout(4 * SLOW_LIVENESS_MS, TimeUnit.MILLISECONDS)).build();
            final List<ThreadCpus.Result<BootOutcome>> results =
                ThreadCpus.run(CPUS, 100_000, 3, RUN_BOUND_NS, boot[0]::run).results();
            for (final ThreadCpus.Result<BootOutcome> r : results)
            {
                assertNull(r.error(), () -> "cpu " + r.cpu() + ": " + r.error());
            }
            assertEquals(CPUS, boot[0].block().cpuCount());
            assertTrue(slow.get() >= 0);
        }
    }

    @Test
    void theLeadersTimeoutNamesTheCountedCpusNotRunningAndTellsSlowFromDead()
    {
        final AtomicInteger slow = new AtomicInteger(-1);
        final ElectionBoot[] boot = new ElectionBoot[1];
        try (SharedRegion region = region())
        {
            // as above: the slow CPU's heartbeat must read fresh at the leader's timeout on a loaded host
            boot[0] = config(region, slowFollower(slow, boot, 3 * SLOW_LIVENESS_MS)).livenessMs(SLOW_LIVENESS_MS)
                .waitPolicy(WaitPolicy.defaults().withTimeout(2 * SLOW_LIVENESS_MS, TimeUnit.MILLISECONDS)).build();
            final List<ThreadCpus.Result<BootOutcome>> results =
                ThreadCpus.run(CPUS, 100_000, 5, RUN_BOUND_NS, boot[0]::run).results();
            final int leader = (int)boot[0].block().bsCpuid();
            final Throwable error = results.get(leader).error();
            final WaitTimeoutException timeout = assertInstanceOf(WaitTimeoutException.class, error, String.valueOf(error));
            assertTrue(timeout.getMessage().contains("slow (heartbeat fresh) cpu " + slow.get()), timeout.getMessage());
            assertTrue(timeout.getMessage().contains("await running_count == cpu_count"), timeout.getMessage());
        }
    }

    /** Clocks moved on by {@code skewMs}: a boot that runs that much later than the one that left the memory. */
    private static ElectionBoot.Builder later(final ElectionBoot.Builder b, final long skewMs)
    {
        final NanoClock nano = () -> System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(skewMs);
        final EpochClock epoch = () -> System.currentTimeMillis() + skewMs;
        return b.clocks(nano, epoch);
    }

    /** What a finished or crashed boot can leave in the block, built with the block's own steps. */
    enum Leftover
    {
        /** The leader died between its CAS and its first heartbeat. */
        MAGIC1_NO_HEARTBEAT,
        /** The leader died after its first heartbeat, before MAGIC2. */
        MAGIC1_WITH_HEARTBEAT,
        /** Published; the leader died before start_bar. */
        PUBLISHED,
        /** start_bar up, two CPUs counted, one running; the leader died in its wait for the count. */
        STARTED,
        /** Sealed; the leader died giving the start stacks. */
        SEALED,
        /** The leader gave the boot up (a counted CPU died). */
        ABANDONED,
        /** A whole boot, finished. */
        FINISHED
    }

    private static void leave(final SharedRegion region, final Leftover state, final int leader)
    {
        final BootBlock block = new BootBlock().wrap(region.buffer(), 0);
        if (state == Leftover.FINISHED)
        {
            final ElectionBoot boot = config(region, new BootHooks()
            {
            }).straggler(StragglerPolicy.none()).build();
            final List<ThreadCpus.Result<BootOutcome>> r = ThreadCpus.run(new int[] {leader}, 0, 1, RUN_BOUND_NS,
                boot::run).results();
            assertEquals(Role.LEADER, r.get(0).value().role());
            return;
        }
        assertTrue(block.tryLead() != BootBlock.LOST);
        if (state == Leftover.MAGIC1_NO_HEARTBEAT)
        {
            return;
        }
        block.heartbeat(leader, System.currentTimeMillis());
        if (state == Leftover.MAGIC1_WITH_HEARTBEAT)
        {
            return;
        }
        block.publish(leader);
        if (state == Leftover.PUBLISHED)
        {
            return;
        }
        block.initRunningCount();
        block.cpuStartOther();
        block.countMe();
        if (state == Leftover.STARTED)
        {
            return;
        }
        block.incrementRunning();
        assertTrue(block.seal(2));
        if (state == Leftover.ABANDONED)
        {
            block.abandon(leader, System.currentTimeMillis());
        }
    }

    @ParameterizedTest
    @EnumSource(Leftover.class)
    void aBlockLeftByABootThatIsOverIsNeverTakenForALiveBoot(final Leftover state)
    {
        for (final int oldLeader : new int[] {0, 3})
        {
            try (SharedRegion region = region())
            {
                leave(region, state, oldLeader);
                // a new boot, an hour later, with the same CPU ids (the old leader's among them)
                final ElectionBoot boot = later(config(region, new BootHooks()
                {
                }), TimeUnit.HOURS.toMillis(1)).build();
                final List<ThreadCpus.Result<BootOutcome>> results =
                    ThreadCpus.run(CPUS, 100_000, 9, RUN_BOUND_NS, boot::run).results();
                for (final ThreadCpus.Result<BootOutcome> r : results)
                {
                    final ElectionException x = assertInstanceOf(ElectionException.class, r.error(),
                        () -> state + ": cpu " + r.cpu() + " ended with " + r.value() + " / " + r.error());
                    final ElectionException.Case expected = state == Leftover.MAGIC1_NO_HEARTBEAT ||
                        state == Leftover.MAGIC1_WITH_HEARTBEAT ? ElectionException.Case.MAGIC1_WITHOUT_LEADER :
                        ElectionException.Case.STALE_BOOT;
                    assertEquals(expected, x.reason(), x.getMessage());
                    assertTrue(!x.getMessage().contains("leader cpu " + r.cpu() + " is dead"), x.getMessage());
                    if (expected == ElectionException.Case.STALE_BOOT)
                    {
                        assertEquals(List.of(oldLeader), x.cpus(), x.getMessage());
                        assertTrue(x.getMessage().contains("reset the memory"), x.getMessage());
                    }
                }
            }
        }
    }

    @Test
    void withinTheLivenessTimeoutACpuNeverTakesItsOwnHeartbeatForALeader()
    {
        try (SharedRegion region = region())
        {
            leave(region, Leftover.MAGIC1_WITH_HEARTBEAT, 0); // fresh: left a moment ago, naming cpu 0
            final ElectionBoot boot = config(region, new BootHooks()
            {
            }).build();
            final List<ThreadCpus.Result<BootOutcome>> results =
                ThreadCpus.run(new int[] {0}, 0, 1, RUN_BOUND_NS, boot::run).results();
            final ElectionException x = assertInstanceOf(ElectionException.class, results.get(0).error());
            assertEquals(ElectionException.Case.MAGIC1_WITHOUT_LEADER, x.reason(), x.getMessage());
            assertTrue(x.getMessage().contains("this very CPU's"), x.getMessage());
        }
        try (SharedRegion region = region())
        {
            leave(region, Leftover.FINISHED, 2); // fresh and finished, naming cpu 2: cpu 2 is not part of it
            final ElectionBoot boot = config(region, new BootHooks()
            {
            }).build();
            final ElectionException x = assertInstanceOf(ElectionException.class,
                ThreadCpus.run(new int[] {2}, 0, 1, RUN_BOUND_NS, boot::run).results().get(0).error());
            assertEquals(ElectionException.Case.STALE_BOOT, x.reason(), x.getMessage());
            assertTrue(x.getMessage().contains("this very CPU"), x.getMessage());
            // another CPU arriving within the liveness timeout of that boot's end is LATE in it (the documented rule)
            final BootOutcome late = boot.run(1);
            assertEquals(Role.LATE, late.role());
        }
    }

    @Test
    void aBootGivenUpMomentsAgoIsNamedAbandonedByOthersAndStaleByItsOwnLeader()
    {
        try (SharedRegion region = region())
        {
            leave(region, Leftover.ABANDONED, 3); // given up a moment ago by cpu 3
            final ElectionBoot boot = config(region, new BootHooks()
            {
            }).build();
            final long countWord = boot.block().cpuCountWord();
            final ElectionException other = assertInstanceOf(ElectionException.class,
                ThreadCpus.run(new int[] {1}, 0, 1, RUN_BOUND_NS, boot::run).results().get(0).error());
            assertEquals(ElectionException.Case.BOOT_ABANDONED, other.reason(), other.getMessage());
            assertEquals(List.of(3), other.cpus());
            assertTrue(other.getMessage().contains("leader cpu 3 gave the boot up"), other.getMessage());
            final ElectionException own = assertInstanceOf(ElectionException.class,
                ThreadCpus.run(new int[] {3}, 0, 1, RUN_BOUND_NS, boot::run).results().get(0).error());
            assertEquals(ElectionException.Case.STALE_BOOT, own.reason(), own.getMessage());
            assertTrue(own.getMessage().contains("that leader gave its boot up"), own.getMessage());
            assertEquals(countWord, boot.block().cpuCountWord(), "nobody counted itself in a boot given up");
        }
    }

    @Test
    void aBlockPublishedMomentsAgoUnderThisCpusOwnIdIsStaleAtOnce()
    {
        try (SharedRegion region = region())
        {
            leave(region, Leftover.PUBLISHED, 2); // fresh, published by cpu 2, which now boots again
            final ElectionBoot boot = config(region, new BootHooks()
            {
            }).build();
            final long start = System.nanoTime();
            final ElectionException x = assertInstanceOf(ElectionException.class,
                ThreadCpus.run(new int[] {2}, 0, 1, RUN_BOUND_NS, boot::run).results().get(0).error());
            assertEquals(ElectionException.Case.STALE_BOOT, x.reason(), x.getMessage());
            assertEquals(List.of(2), x.cpus());
            assertTrue(x.getMessage().contains("that is this very CPU"), x.getMessage());
            assertEquals(1, boot.block().cpuCount(), "it did not count itself");
            assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(LIVENESS_MS + 1000),
                "at once, not after a wait");
        }
    }

    @Test
    void aHeartbeatCallFromAFollowerBeatsItsRollSlotNotTheLeaders()
    {
        try (SharedRegion region = region())
        {
            final ElectionBoot boot = config(region, new BootHooks()
            {
            }).build();
            final BootBlock block = boot.block();
            assertTrue(block.tryLead() != BootBlock.LOST);
            block.heartbeat(1, 1000);
            boot.heartbeat(2);
            assertEquals(1000, block.heartbeatMs(), "a follower's beat is not the leader's");
            final ArrivalRoll roll = new ArrivalRoll().wrap(region.buffer(), ElectionBoot.regionLength(CPUS, 2, STACK),
                CPUS);
            assertNotEquals(0, roll.heartbeat(2) & ArrivalRoll.ARRIVED);
            boot.heartbeat(1);
            assertTrue(block.heartbeatMs() > 1000, "the leader's beat");
            final AtomicBuffer buffer = region.buffer();
            assertNotNull(buffer);
        }
    }
}
