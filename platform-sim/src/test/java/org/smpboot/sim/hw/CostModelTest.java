package org.smpboot.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.smpboot.runtime.region.Fill;

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
        // a burst: one request, then one word per cycle
        assertEquals(CostModel.LOCAL + 1023, model.cost(0x11, 0x11, AccessKind.READ, 1024));
        assertEquals(2 * model.transit(0x00, 0x33) + CostModel.SERVICE + 15, model.cost(0x00, 0x33, AccessKind.FETCH, 16));
    }

    @Test
    void accessesAdvanceTheInitiatorsCounterAndThePhasesCycles()
    {
        final Bank near = new Bank(0x10, 1 << 20, Fill.ZERO);
        final Bank far = new Bank(0x00, 1 << 20, Fill.ZERO);
        try
        {
            final Bus bus = new Bus(List.of(near, far));
            final Processor core = new Processor(0x40, 0x10, 0, bus, new CodeMap(bus), f -> { });
            core.counts().costs(model, new CycleCounter(1));
            core.remoteLw(0x10, 0x100);
            for (int i = 0; i < 3; i++)
            {
                core.remoteSw(0x00, 0x100 + 4 * i, i);
            }
            final long expected = CostModel.LOCAL + 3 * (CostModel.LOCAL + 2 * CostModel.HOP);
            assertEquals(expected, core.cycles());
            final long[] m = new long[AccessMatrix.SIZE];
            core.counts().addTo(m, -1, AccessCounts.CYCLES);
            final AccessMatrix cycles = new AccessMatrix(m);
            assertEquals(CostModel.LOCAL, cycles.get(0x10, 0x10, AccessKind.READ));
            assertEquals(3 * (CostModel.LOCAL + 2 * CostModel.HOP), cycles.get(0x10, 0x00, AccessKind.WRITE));
        }
        finally
        {
            near.free();
            far.free();
        }
    }

    @Test
    void aReadOfALaterStoreIsServedAfterIt()
    {
        final Bank bank = new Bank(0, 1 << 20, Fill.ZERO);
        try
        {
            final Bus bus = new Bus(List.of(bank));
            final Processor writer = new Processor(0, 0, 0, bus, new CodeMap(bus), f -> { });
            final Processor reader = new Processor(1, 0, 1, bus, new CodeMap(bus), f -> { });
            writer.counts().costs(model, new CycleCounter(1));
            reader.counts().costs(model, new CycleCounter(2));
            writer.counts().clock().advance(10_000); // the releaser is far ahead in virtual time
            writer.sw(0x100, 1);
            final long stored = writer.cycles() - CostModel.TRANSIT; // the cycle the bank wrote the word
            reader.lw(0x100);
            assertEquals(stored + CostModel.SERVICE + CostModel.TRANSIT, reader.cycles(),
                "the waiter's read is served at the bank once the release is there, and comes back");
            // its own store does not delay a core, nor does an earlier one
            final long before = reader.cycles();
            reader.sw(0x100, 2);
            reader.lw(0x100);
            assertEquals(before + 2 * CostModel.LOCAL, reader.cycles());
            final CountedWindow w = bus.window(reader, 0x200, 64);
            writer.counts().clock().advance(50_000);
            bus.window(writer, 0x200, 64).putLongRelease(8, 7);
            w.getLongVolatile(8);
            assertEquals(writer.cycles() + CostModel.SERVICE, reader.cycles(), "through a window too");
        }
        finally
        {
            bank.free();
        }
    }
}
