package org.smpboot.stress.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.stack.StackPool;
import org.smpboot.runtime.wait.WaitPolicy;
import org.smpboot.runtime.wait.WaitTimeoutException;

/** The scheduler itself, on scenarios small enough to count their schedules by hand. */
class ExecutionTest
{
    private static final Explorer EXPLORER = new Explorer();

    @AfterAll
    static void close()
    {
        EXPLORER.close();
    }

    /** Two threads each add 1 to a word, by load then store (lost update) or by atomic add. */
    private record Increments(boolean atomic) implements Scenario
    {
        @Override
        public String name()
        {
            return atomic ? "atomic increments" : "load-store increments";
        }

        @Override
        public int threads()
        {
            return 2;
        }

        @Override
        public Instance newInstance(final Memory memory)
        {
            final AtomicBuffer buffer = memory.buffer(8);
            return new Instance()
            {
                @Override
                public void run(final int thread)
                {
                    if (atomic)
                    {
                        buffer.getAndAddLong(0, 1);
                    }
                    else
                    {
                        buffer.putLongVolatile(0, buffer.getLongVolatile(0) + 1);
                    }
                }

                @Override
                public String check(final Ending ending)
                {
                    final long v = buffer.getLong(0);
                    return ending.problem() != null ? ending.problem() : v == 2 ? null : "counter is " + v;
                }
            };
        }
    }

    @Test
    void aLostUpdateNeedsOnePreemptionAndItsScheduleReplays()
    {
        final Report none = EXPLORER.explore(new Increments(false), 0, false);
        assertEquals(0, none.violations(), none.summary());
        assertEquals(2, none.executions(), "bound 0: which thread starts is the only choice");

        final Report one = EXPLORER.explore(new Increments(false), 1, false);
        assertTrue(one.violations() > 0, one.summary());
        final Report.Violation v = one.examples().get(0);
        assertEquals("counter is 1", v.problem());
        assertEquals(1, v.preemptions());

        final Explorer.Replay replay = EXPLORER.replay(new Increments(false), v.schedule(), true);
        assertEquals("counter is 1", replay.problem());
        assertEquals(v.schedule(), replay.schedule());
        assertTrue(replay.trace().stream().anyMatch(l -> l.contains("preemption 1")), String.join("\n", replay.trace()));
        assertEquals(v.schedule(), Schedule.parse(v.schedule().toString()));
    }

    @Test
    void atomicIncrementsSurviveEverySchedule()
    {
        final Report r = EXPLORER.explore(new Increments(true), 2, false);
        assertEquals(0, r.violations(), r.summary());
        assertTrue(r.complete());
        // start with 0 or 1: a thread chosen to start makes its first access, so with one access each there is no room
        // for a preemption
        assertEquals(2, r.executions(), r.summary());
    }

    /** Thread 0 spins (no idle strategy) until thread 1 sets a flag, or the flag is never set. */
    private record Flag(boolean set, boolean policy) implements Scenario
    {
        @Override
        public String name()
        {
            return "flag";
        }

        @Override
        public int threads()
        {
            return 2;
        }

        @Override
        public Instance newInstance(final Memory memory)
        {
            final AtomicBuffer buffer = memory.buffer(16);
            final WaitPolicy wait = memory.waitPolicy(TimeUnit.SECONDS.toNanos(1));
            final long[] start = new long[1];
            return new Instance()
            {
                @Override
                public void run(final int thread)
                {
                    if (thread == 1)
                    {
                        if (set)
                        {
                            buffer.putLongRelease(0, 1);
                        }
                        return;
                    }
                    final IdleStrategy idle = wait.newIdleStrategy();
                    start[0] = memory.clock().nanoTime();
                    while (buffer.getLongVolatile(0) != 1)
                    {
                        if (policy)
                        {
                            if (memory.clock().nanoTime() - start[0] > wait.timeoutNs())
                            {
                                throw new WaitTimeoutException("flag", "word 0", "0", "1", wait.timeoutNs());
                            }
                            idle.idle();
                        }
                        else
                        {
                            Thread.onSpinWait();
                        }
                    }
                }

                @Override
                public String check(final Ending ending)
                {
                    return ending.problem();
                }
            };
        }
    }

    @Test
    void aSpinningThreadWaitsForTheWriteInsteadOfSpinning()
    {
        final Report r = EXPLORER.explore(new Flag(true, false), 2, false);
        assertEquals(0, r.violations(), r.summary());
        assertTrue(r.longest() < 2 * Execution.SPIN_LOADS + 8, "a spin is not a string of decisions: " + r.summary());
    }

    @Test
    void aFlagNobodySetsIsAHangWithoutAPolicyAndATimeoutWithOne()
    {
        final Report spin = EXPLORER.explore(new Flag(false, false), 0, true);
        assertEquals(1, spin.violations(), spin.summary());
        assertTrue(spin.examples().get(0).problem().startsWith("hang"), spin.summary());

        final Explorer.Replay timed = EXPLORER.replay(new Flag(false, true), Schedule.DEFAULT, false);
        assertNotNull(timed.ending().errors()[0]);
        assertTrue(timed.ending().errors()[0] instanceof WaitTimeoutException, String.valueOf(timed.ending().errors()[0]));
        assertEquals(1, timed.ending().jumps(), "one jump of the virtual clock ends the wait");
        assertFalse(timed.ending().hung());
    }

    @Test
    void aRuntimeWaitOnAWordNobodyWritesTimesOutOnTheVirtualClock()
    {
        final Scenario emptyPool = new Scenario()
        {
            @Override
            public String name()
            {
                return "empty pool";
            }

            @Override
            public int threads()
            {
                return 1;
            }

            @Override
            public Instance newInstance(final Memory memory)
            {
                final StackPool pool = new StackPool("empty", memory.waitPolicy(TimeUnit.SECONDS.toNanos(5)))
                    .wrap(memory.buffer(StackPool.LENGTH), 0).initialize(null, false);
                return new Instance()
                {
                    @Override
                    public void run(final int thread)
                    {
                        pool.awaitStack(thread);
                    }

                    @Override
                    public String check(final Ending ending)
                    {
                        return ending.problem();
                    }
                };
            }
        };
        final Explorer.Replay r = EXPLORER.replay(emptyPool, Schedule.DEFAULT, false);
        assertTrue(r.ending().errors()[0] instanceof WaitTimeoutException, String.valueOf(r.ending().errors()[0]));
        assertTrue(r.ending().errors()[0].getMessage().contains("empty"), r.ending().errors()[0].getMessage());
        assertEquals(1, r.ending().jumps());
    }

    @Test
    void aKilledThreadNeverRunsAgain()
    {
        final Explorer.Replay r = EXPLORER.replay(new Flag(true, true), Schedule.parse("0:!1"), false);
        assertTrue(r.ending().killed()[1]);
        assertFalse(r.ending().finished()[1]);
        assertTrue(r.ending().errors()[0] instanceof WaitTimeoutException, r.toString());
        assertEquals("0:!1", r.schedule().toString());
    }

    @Test
    void aThreadBlockedOutsideCheckedMemoryIsReportedAsAStallAndTheExplorerRecovers() throws Exception
    {
        final java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        final Scenario blocked = new Scenario()
        {
            @Override
            public String name()
            {
                return "blocked on a latch";
            }

            @Override
            public int threads()
            {
                return 1;
            }

            @Override
            public Instance newInstance(final Memory memory)
            {
                final AtomicBuffer buffer = memory.buffer(8);
                return new Instance()
                {
                    @Override
                    public void run(final int thread)
                    {
                        buffer.putLongVolatile(0, 1);
                        try
                        {
                            // a wait the scheduler cannot see: no access, no idle round; bounded so the worker leaves
                            gate.await(30, TimeUnit.SECONDS);
                        }
                        catch (final InterruptedException e)
                        {
                            Thread.currentThread().interrupt();
                        }
                    }

                    @Override
                    public String check(final Ending ending)
                    {
                        return ending.problem();
                    }
                };
            }
        };
        try (Explorer explorer = new Explorer(TimeUnit.MILLISECONDS.toNanos(400)))
        {
            final long start = System.nanoTime();
            final IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> explorer.explore(blocked, 0, false));
            gate.countDown();
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), "reported within the stall bound");
            assertTrue(e.getMessage().startsWith("schedule checker: no decision for 400 ms while waiting for the end " +
                "of the execution"), e.getMessage());
            assertTrue(e.getMessage().contains("schedule-checker-0") && e.getMessage().contains("CountDownLatch.await"),
                "names the worker and where it is: " + e.getMessage());
            // the stuck worker was given up: the next exploration runs on a new one
            final Report r = explorer.explore(new Increments(true), 2, false);
            assertEquals(0, r.violations(), r.summary());
            assertTrue(r.complete(), r.summary());
        }
    }

    @Test
    void schedulesParseAndPrint()
    {
        assertEquals("3:1 7:!0 9:0", Schedule.parse(" 3:1, 9:0 7:!0 ").toString());
        assertEquals("-", Schedule.parse("-").toString());
        assertEquals(Schedule.DEFAULT, Schedule.parse(""));
        final IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> Schedule.parse("3:1 x"));
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
        assertNull(Schedule.DEFAULT.runAt(0));
    }
}
