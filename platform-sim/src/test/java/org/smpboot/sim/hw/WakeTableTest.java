package org.smpboot.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.region.Fill;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;
import org.smpboot.sim.testing.Await;

/** The simulator's futex: a core parked on the words it read wakes when one is written, and only then. */
class WakeTableTest
{
    private static final long LONG_PARK = TimeUnit.SECONDS.toNanos(20);
    private final Machine m = new Machine(PlatformBuilder.build(PlatformSpec.defaults()),
        MachineConfig.defaults().withConsole(null).withFill(Fill.ZERO));
    private final long word = PhysicalAddress.of(0x01, 0x8000);

    @AfterEach
    void close()
    {
        m.close();
    }

    private Thread waiter(final Processor p, final CountDownLatch reading, final AtomicInteger woken)
    {
        final Thread t = new Thread(() ->
        {
            m.bus().read64(p, word);
            reading.countDown();
            p.cue().idle(LONG_PARK);
            woken.incrementAndGet();
        });
        t.start();
        return t;
    }

    @Test
    void aStoreWakesEveryWaiterOnTheWordAtOnce() throws Exception
    {
        final CountDownLatch reading = new CountDownLatch(3);
        final AtomicInteger woken = new AtomicInteger();
        final List<Thread> ts = new ArrayList<>();
        for (int lid = 0; lid < 3; lid++)
        {
            ts.add(waiter(m.processor(0x10, lid), reading, woken));
        }
        assertTrue(reading.await(10, TimeUnit.SECONDS));
        Await.until("every waiter parked on the word", () -> ts.stream().allMatch(Await::parked));
        assertEquals(0, woken.get(), "nothing written yet");
        m.bus().write64(m.processor(0x11, 0), word, 1);
        for (final Thread t : ts)
        {
            t.join(TimeUnit.SECONDS.toMillis(5));
            assertFalse(t.isAlive(), "a store wakes every waiter, long before the 20 s bound");
        }
        assertEquals(3, woken.get());
    }

    @Test
    void anAtomicWakesAFewWaitersNotAHerd() throws Exception
    {
        final CountDownLatch reading = new CountDownLatch(4);
        final AtomicInteger woken = new AtomicInteger();
        final List<Thread> ts = new ArrayList<>();
        for (int lid = 0; lid < 4; lid++)
        {
            ts.add(waiter(m.processor(0x10, lid), reading, woken));
        }
        assertTrue(reading.await(10, TimeUnit.SECONDS));
        Await.until("every waiter parked on the word", () -> ts.stream().allMatch(Await::parked));
        assertTrue(m.bus().cas64(m.processor(0x11, 0), word, 0, 7));
        Await.until(WakeTable.WAKE_ON_ATOMIC + " waiters woken by the CAS",
            () -> woken.get() >= WakeTable.WAKE_ON_ATOMIC);
        // the CAS issued its wake-ups before it returned: a herd would show within this window
        Await.holdsFor("a CAS wakes " + WakeTable.WAKE_ON_ATOMIC + ", not a herd", 200,
            () -> woken.get() == WakeTable.WAKE_ON_ATOMIC);
        // a store wakes the rest
        m.bus().write64(m.processor(0x11, 0), word, 8);
        for (final Thread t : ts)
        {
            t.join(TimeUnit.SECONDS.toMillis(5));
            assertFalse(t.isAlive());
        }
    }

    @Test
    void aWriteBetweenTheReadAndTheParkIsNotMissed()
    {
        final Processor p = m.processor(0x10, 1);
        m.bus().read64(p, word);
        m.bus().write64(m.processor(0, 0), word, 3); // written after the read, before the idle
        final long t0 = System.nanoTime();
        p.cue().idle(LONG_PARK);
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "returned at once");
    }

    @Test
    void aRuntimeFlyweightsStoreThroughAWindowWakesABusReader() throws Exception
    {
        final CountDownLatch reading = new CountDownLatch(1);
        final AtomicInteger woken = new AtomicInteger();
        final Thread t = waiter(m.processor(0x10, 0), reading, woken);
        assertTrue(reading.await(10, TimeUnit.SECONDS));
        Await.until("the waiter parked on the word", () -> Await.parked(t));
        final CountedWindow w = m.processor(0x11, 3).window(0x01, 0x8000, 64);
        w.putLongRelease(0, 9);
        t.join(TimeUnit.SECONDS.toMillis(5));
        assertFalse(t.isAlive());
        assertEquals(1, woken.get());
    }
}
