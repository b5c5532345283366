package org.smpboot.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The cost model and the cycle counters: what an access costs, and how a completed wait takes the releaser's time. */
class CostModelTest
{
    private final CostModel model = new CostModel(4);

    @Test
    void costsGrowWithMeshHopsAndKind()
    {
        assertEquals(0, model.hops(0x00, 0x00));
        assertEquals(1, model.hops(0x00, 0x10));
        assertEquals(1, model.hops(0x00, 0x01));
        assertEquals(6, model.hops(0x00, 0x33));
        assertEquals(6, model.hops(0x33, 0x00));
        assertEquals(CostModel.LOCAL, model.cost(0x11, 0x11, AccessKind.READ));
        assertEquals(CostModel.LOCAL + 2 * CostModel.HOP * 6, model.cost(0x00, 0x33, AccessKind.WRITE));
        assertEquals(CostModel.LOCAL + 2 * CostModel.HOP + CostModel.ATOMIC, model.cost(0x00, 0x01, AccessKind.ATOMIC));
        assertEquals(CostModel.LOCAL + CostModel.DEVICE, model.cost(0x00, 0x00, AccessKind.DEVICE));
    }

    @Test
    void accessesAdvanceTheInitiatorsCounterAndThePhasesCycles()
    {
        final AccessCounts counts = new AccessCounts(0x10);
        final CycleCounter clock = new CycleCounter(1);
        counts.costs(model, clock);
        counts.count(0x10, AccessKind.READ);
        counts.add(0x00, AccessKind.WRITE, 3);
        final long expected = CostModel.LOCAL + 3 * (CostModel.LOCAL + 2 * CostModel.HOP);
        assertEquals(expected, clock.now());
        final long[] m = new long[AccessMatrix.SIZE];
        counts.addCyclesTo(m, -1);
        final AccessMatrix cycles = new AccessMatrix(m);
        assertEquals(CostModel.LOCAL, cycles.get(0x10, 0x10, AccessKind.READ));
        assertEquals(3 * (CostModel.LOCAL + 2 * CostModel.HOP), cycles.get(0x10, 0x00, AccessKind.WRITE));
    }

    @Test
    void aReadOfALaterStoreTakesTheReaderToTheStorePlusTheLatency()
    {
        final Bank bank = new Bank(0, 1 << 20, org.smpboot.runtime.region.Fill.ZERO);
        try
        {
            final Bus bus = new Bus(List.of(bank));
            final Processor writer = new Processor(0, 0, 0, bus, new CodeMap(bus), f -> { });
            final Processor reader = new Processor(1, 0, 1, bus, new CodeMap(bus), f -> { });
            writer.counts().costs(model, new CycleCounter(1));
            reader.counts().costs(model, new CycleCounter(2));
            writer.counts().clock().advance(10_000); // the releaser is far ahead in virtual time
            writer.sw(0x100, 1);
            final long release = writer.cycles();
            reader.lw(0x100);
            assertEquals(release + CostModel.RELEASE_LATENCY, reader.cycles(), "the waiter ends at the release");
            // its own store does not delay a core, nor does an earlier one
            final long before = reader.cycles();
            reader.sw(0x100, 2);
            reader.lw(0x100);
            assertEquals(before + 2 * CostModel.LOCAL, reader.cycles());
            final CountedWindow w = bus.window(reader, 0x200, 64);
            writer.counts().clock().advance(50_000);
            bus.window(writer, 0x200, 64).putLongRelease(8, 7);
            w.getLongVolatile(8);
            assertEquals(writer.cycles() + CostModel.RELEASE_LATENCY, reader.cycles(), "through a window too");
        }
        finally
        {
            bank.free();
        }
    }
}
