package org.smpboot.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.barrier.Barrier;
import org.smpboot.runtime.barrier.CentralizedBarrier;
import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.wait.WaitPolicy;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;

class CountedWindowTest
{
    private final Machine m = new Machine(PlatformBuilder.build(PlatformSpec.defaults()),
        MachineConfig.defaults().withConsole(null).withFill(Fill.random(3)));

    @AfterEach
    void close()
    {
        m.close();
    }

    @Test
    void everyAccessMethodCountsExactlyOnceWithItsKind()
    {
        final Processor p = m.processor(0x01, 1);
        final CountedWindow w = p.window(0x00, 0x8000, 256);
        assertEquals(PhysicalAddress.of(0, 0x8000), w.paddr());
        check(p, AccessKind.READ, x -> x.getLong(0));
        check(p, AccessKind.READ, x -> x.getLongVolatile(0));
        check(p, AccessKind.READ, x -> x.getLongAcquire(0));
        check(p, AccessKind.READ, x -> x.getInt(0));
        check(p, AccessKind.READ, x -> x.getIntVolatile(0));
        check(p, AccessKind.READ, x -> x.getIntAcquire(0));
        check(p, AccessKind.READ, x -> x.getByte(0));
        check(p, AccessKind.WRITE, x -> x.putLong(0, 1));
        check(p, AccessKind.WRITE, x -> x.putLongVolatile(0, 1));
        check(p, AccessKind.WRITE, x -> x.putLongOrdered(0, 1));
        check(p, AccessKind.WRITE, x -> x.putLongRelease(0, 1));
        check(p, AccessKind.WRITE, x -> x.putInt(0, 1));
        check(p, AccessKind.WRITE, x -> x.putIntVolatile(0, 1));
        check(p, AccessKind.WRITE, x -> x.putIntOrdered(0, 1));
        check(p, AccessKind.WRITE, x -> x.putIntRelease(0, 1));
        check(p, AccessKind.WRITE, x -> x.putByte(0, (byte)1));
        check(p, AccessKind.ATOMIC, x -> x.compareAndSetLong(0, 1, 2));
        check(p, AccessKind.ATOMIC, x -> x.compareAndSetInt(0, 1, 2));
        check(p, AccessKind.ATOMIC, x -> x.getAndAddLong(0, 1));
        check(p, AccessKind.ATOMIC, x -> x.getAndAddInt(0, 1));
        check(p, AccessKind.ATOMIC, x -> x.getAndSetLong(0, 1));
        check(p, AccessKind.ATOMIC, x -> x.getAndSetInt(0, 1));
        // the window and the bus see the same word
        w.putLong(8, 0xfeedL);
        assertEquals(0xfeedL, m.bus().read64(p, PhysicalAddress.of(0, 0x8008)));
    }

    private void check(final Processor p, final AccessKind kind, final Consumer<CountedWindow> op)
    {
        final CountedWindow w = p.window(0x00, 0x8000, 256);
        final AccessMatrix before = m.accesses();
        op.accept(w);
        final AccessMatrix d = m.accesses().minus(before);
        assertEquals(1, d.get(0x01, 0x00, kind), kind.toString());
        assertEquals(1, d.total(), "exactly one access");
    }

    @Test
    void theRuntimeBarrierRunsUnchangedOnSimulatedMemoryAndItsTrafficIsCounted() throws Exception
    {
        final int parties = 4;
        final int addr = 0x10_0000;
        final int episodes = 200;
        final List<Processor> cores = List.of(m.processor(0x00, 0), m.processor(0x00, 1), m.processor(0x01, 0),
            m.processor(0x11, 3));
        // the reset fill left random bytes there: initialize() is the only thing that may be assumed
        new CentralizedBarrier(WaitPolicy.defaults().forContenders(parties), "global_barrier")
            .initialize(m.processor(0, 0).window(0, addr, CentralizedBarrier.footprint(parties)), 0, parties);
        final AccessMatrix before = m.accesses();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < parties; i++)
        {
            final int me = i;
            final Processor p = cores.get(i);
            final Thread t = new Thread(() ->
            {
                try
                {
                    // one flyweight per core, over that core's counted window of cluster 0's RAM: it reads the
                    // parties from the header in simulated memory
                    final Barrier b = new CentralizedBarrier(WaitPolicy.defaults().forContenders(parties),
                        "global_barrier").wrap(p.window(0, addr, CentralizedBarrier.footprint(parties)), 0);
                    for (int e = 0; e < episodes; e++)
                    {
                        b.await(me, 10, TimeUnit.SECONDS);
                    }
                }
                catch (final Throwable x)
                {
                    failure.set(x);
                }
            });
            threads.add(t);
            t.start();
        }
        for (final Thread t : threads)
        {
            t.join(TimeUnit.SECONDS.toMillis(60));
            assertFalse(t.isAlive(), "barrier episodes did not finish");
        }
        assertEquals(null, failure.get());
        final AccessMatrix d = m.accesses().minus(before);
        // one arrival (a fetch-and-add) per core per episode, all on cluster 0's bank
        assertEquals(2L * episodes, d.get(0x00, 0x00, AccessKind.ATOMIC));
        assertEquals(episodes, d.get(0x01, 0x00, AccessKind.ATOMIC));
        assertEquals(episodes, d.get(0x11, 0x00, AccessKind.ATOMIC));
        assertTrue(d.get(0x11, 0x00, AccessKind.READ) > 0, "waiting polls the state word remotely");
        assertEquals(d.total(), d.toBank(0x00), "no access left cluster 0's bank");
    }
}
