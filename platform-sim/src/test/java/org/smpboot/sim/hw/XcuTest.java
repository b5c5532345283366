package org.smpboot.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.smpboot.sim.platform.DeviceType;

class XcuTest
{
    private static final int XCU_BASE = 0xF000_0000;

    private WaitingCores cores;
    private Machine machine;
    private Processor cpu;

    @BeforeEach
    void setUp()
    {
        cores = new WaitingCores();
        machine = cores.machine();
        cpu = machine.processor(0, 0);
    }

    @AfterEach
    void tearDown()
    {
        machine.close();
    }

    private static long reg(final int cxy, final int func, final int idx)
    {
        return PhysicalAddress.of(cxy, XCU_BASE | func << 7 | idx << 2);
    }

    private int read(final int cxy, final int func, final int idx)
    {
        return machine.bus().read32(cpu, reg(cxy, func, idx));
    }

    private void write(final int cxy, final int func, final int idx, final int value)
    {
        machine.bus().write32(cpu, reg(cxy, func, idx), value);
    }

    private Xcu xcu(final int cxy)
    {
        return (Xcu)machine.device(cxy, DeviceType.ICU_XCU);
    }

    @Test
    void theFactoryBuildsAnXcuPerClusterWithFourOutputsPerCore()
    {
        for (final int cxy : new int[] {0x00, 0x01, 0x10, 0x11})
        {
            assertEquals(16, xcu(cxy).outputs());
            assertEquals(String.format("xcu[0x%02x]", cxy), xcu(cxy).name());
        }
    }

    @Test
    void wtiWriteWakesTheCoreWaitingWithThatWtiUnmasked() throws Exception
    {
        final Processor core = machine.processor(0x01, 2);
        // As the preloader: WTI lid routed to the core's first output, 4 * lid.
        core.remoteSw(0x01, XCU_BASE | Xcu.MSK_WTI << 7 | 8 << 2, 1 << 2);
        cores.startWaiting(core, WaitingCores.JOIN_MILLIS);
        assertFalse(xcu(0x01).pending(2));

        write(0x01, Xcu.WTI_REG, 2, 0x0020_0000);

        assertEquals(Processor.State.HALTED, WaitingCores.join(core), machine.faults().toString());
        assertTrue(xcu(0x01).pending(2));
        assertFalse(xcu(0x01).pending(1), "the WTI is routed to core 2 only");
        assertEquals(1 << 2, read(0x01, Xcu.MSK_WTI_DISABLE, 8), "WTI_ACTIVE");
    }

    @Test
    void wtiReadReturnsTheValueAndAcknowledges()
    {
        write(0x10, Xcu.MSK_WTI_ENABLE, 4 * 3, 1 << 3);
        write(0x10, Xcu.WTI_REG, 3, 0xCAFE_F00D);
        assertTrue(xcu(0x10).pending(3));

        assertEquals(0xCAFE_F00D, read(0x10, Xcu.WTI_REG, 3));

        assertFalse(xcu(0x10).pending(3));
        assertEquals(0, read(0x10, Xcu.MSK_WTI_DISABLE, 12), "WTI_ACTIVE after the acknowledge");
        assertEquals(0xCAFE_F00D, read(0x10, Xcu.WTI_REG, 3), "the mailbox keeps its value");
    }

    @Test
    void maskedOutWtiDoesNotWakeTheCore() throws Exception
    {
        final Processor core = machine.processor(0x11, 1);
        // Routed to another core's output: core 1 must sleep on.
        write(0x11, Xcu.MSK_WTI, 0, 1 << 1);
        cores.startWaiting(core, 300);

        write(0x11, Xcu.WTI_REG, 1, 42);

        assertEquals(Processor.State.FAULTED, WaitingCores.join(core));
        assertFalse(xcu(0x11).pending(1));
        assertTrue(xcu(0x11).pending(0));
        assertTrue(machine.faults().get(0).getMessage().contains("timed out"), machine.faults().toString());
    }

    @Test
    void enablingTheMaskOfAnActiveWtiWakesTheCore() throws Exception
    {
        final Processor core = machine.processor(0x00, 3);
        write(0x00, Xcu.WTI_REG, 3, 7);
        cores.startWaiting(core, WaitingCores.JOIN_MILLIS);

        write(0x00, Xcu.MSK_WTI_ENABLE, 12, 1 << 3);

        assertEquals(Processor.State.HALTED, WaitingCores.join(core), machine.faults().toString());
    }

    @Test
    void ptiTicksAfterItsPeriodAndPtiAckAcknowledges()
    {
        final Xcu x = xcu(0x00);
        write(0x00, Xcu.MSK_PTI, 0, 1);
        write(0x00, Xcu.PTI_PER, 0, 100);
        assertEquals(100, read(0x00, Xcu.PTI_VAL, 0));

        machine.clock().advance(99);
        assertFalse(x.pending(0));
        assertEquals(0, x.ticks(0));
        assertEquals(1, read(0x00, Xcu.PTI_VAL, 0));

        machine.clock().advance(1);
        assertTrue(x.pending(0));
        assertEquals(1, x.ticks(0));
        assertEquals(1, read(0x00, Xcu.MSK_PTI_DISABLE, 0), "PTI_ACTIVE");
        assertEquals(100, read(0x00, Xcu.PTI_VAL, 0), "reloaded");

        assertEquals(0, read(0x00, Xcu.PTI_ACK, 0));
        assertFalse(x.pending(0));

        // Three and a half periods in one advance: three more ticks, one pending.
        machine.clock().advance(350);
        assertEquals(4, x.ticks(0));
        assertEquals(50, read(0x00, Xcu.PTI_VAL, 0));
        assertTrue(x.pending(0));
        read(0x00, Xcu.PTI_ACK, 0);
        assertFalse(x.pending(0));
    }

    @Test
    void aPendingTickHoldsNoClockEventAndItsAckCountsTheExpiriesBeforeIt()
    {
        final Xcu x = xcu(0x00);
        write(0x00, Xcu.MSK_PTI, 0, 1);
        write(0x00, Xcu.PTI_PER, 0, 100);
        final long start = machine.clock().cycles();
        assertEquals(start + 100, machine.clock().nextDue());
        machine.clock().advance(100);
        assertTrue(x.pending(0));
        // its next expiries raise nothing new: the clock may jump over them (a deterministic run's left-out cores)
        assertEquals(Long.MAX_VALUE, machine.clock().nextDue());

        machine.clock().advance(250); // cycle 350: expiries at 200 and 300 too
        assertEquals(0, read(0x00, Xcu.PTI_ACK, 0));
        assertFalse(x.pending(0));
        assertEquals(3, x.ticks(0));
        assertEquals(start + 400, machine.clock().nextDue(), "the next expiry is news again");
        machine.clock().advance(49);
        assertFalse(x.pending(0), "the expiries before the ack stay acknowledged");
        machine.clock().advance(1);
        assertTrue(x.pending(0));
        assertEquals(4, x.ticks(0));
    }

    @Test
    void anXcuLeftToItsEventsReadsAsOneCaughtUpEveryCycle()
    {
        final Xcu x = xcu(0x00);
        final Xcu y = xcu(0x01);
        for (final int cxy : new int[] {0x00, 0x01})
        {
            write(cxy, Xcu.MSK_PTI, 0, 0b01); // core 0's line
            write(cxy, Xcu.MSK_PTI, 4, 0b10); // core 1's
            write(cxy, Xcu.PTI_PER, 0, 7);
            write(cxy, Xcu.PTI_PER, 1, 30);
        }
        // x is caught up at every cycle; y only at its clock events and its own register accesses. Both are
        // acknowledged more than a period after their tick came (a pending timer's later expiries are lazy in y)
        for (int c = 1; c <= 200; c++)
        {
            machine.clock().advance(1);
            x.ticks(0);
            if (c == 65 || c == 140)
            {
                read(0x00, Xcu.PTI_ACK, c == 65 ? 1 : 0);
                read(0x01, Xcu.PTI_ACK, c == 65 ? 1 : 0);
            }
            assertEquals(x.pending(0), y.pending(0), "core 0 at cycle " + c);
            assertEquals(x.pending(1), y.pending(1), "core 1 at cycle " + c);
            if (c % 50 == 0)
            {
                for (final int pti : new int[] {0, 1})
                {
                    assertEquals(x.ticks(pti), y.ticks(pti), "ticks of PTI " + pti + " at cycle " + c);
                    assertEquals(read(0x00, Xcu.PTI_VAL, pti), read(0x01, Xcu.PTI_VAL, pti), "cycle " + c);
                }
                assertEquals(read(0x00, Xcu.MSK_PTI_DISABLE, 4), read(0x01, Xcu.MSK_PTI_DISABLE, 4), "PTI_ACTIVE");
            }
        }
    }

    @Test
    void ptiPeriodZeroStopsTheTimer()
    {
        final Xcu x = xcu(0x01);
        write(0x01, Xcu.MSK_PTI, 4, 1 << 5);
        write(0x01, Xcu.PTI_PER, 5, 100);
        machine.clock().advance(50);
        write(0x01, Xcu.PTI_PER, 5, 0);

        machine.clock().advance(1000);

        assertEquals(0, x.ticks(5));
        assertFalse(x.pending(1));
        assertEquals(0, read(0x01, Xcu.PTI_VAL, 5));
        assertEquals(0, read(0x01, Xcu.PTI_PER, 5));
    }

    @Test
    void hwiFollowsTheLineLevelThroughTheMask()
    {
        final Xcu x = xcu(0x10);
        final IrqLine line = x.input(5);
        line.set(true);
        assertFalse(x.pending(1), "not routed yet");
        assertEquals(0, read(0x10, Xcu.MSK_HWI_DISABLE, 4), "HWI_ACTIVE of an output that does not route it");

        write(0x10, Xcu.MSK_HWI_ENABLE, 4, 1 << 5);
        assertTrue(x.pending(1));
        assertEquals(1 << 5, read(0x10, Xcu.MSK_HWI_DISABLE, 4), "HWI_ACTIVE");
        assertEquals(1 << 5, read(0x10, Xcu.MSK_HWI, 4));

        line.set(false);
        assertFalse(x.pending(1), "level-triggered: the line fell");
        assertEquals(0, read(0x10, Xcu.MSK_HWI_DISABLE, 4));

        line.set(true);
        assertTrue(x.pending(1));
        write(0x10, Xcu.MSK_HWI_DISABLE, 4, 1 << 5);
        assertFalse(x.pending(1), "masked again");
        assertEquals(0, read(0x10, Xcu.MSK_HWI, 4));
    }

    @Test
    void prioEncodesTheLowestRoutedInputOfEachKind()
    {
        assertEquals(0, read(0x00, Xcu.PRIO, 0), "nothing active");
        write(0x00, Xcu.MSK_PTI, 0, 0xFFFF);
        write(0x00, Xcu.MSK_HWI, 0, 0xFFFF);
        write(0x00, Xcu.MSK_WTI, 0, 0xFFF0);
        write(0x00, Xcu.WTI_REG, 1, 1);
        write(0x00, Xcu.WTI_REG, 5, 1);
        write(0x00, Xcu.WTI_REG, 11, 1);
        xcu(0x00).input(9).set(true);
        xcu(0x00).input(12).set(true);
        write(0x00, Xcu.PTI_PER, 2, 10);
        machine.clock().advance(10);

        // WTI 1 is masked out: WTI 5 is the lowest routed one.
        assertEquals(0b111 | 2 << 8 | 9 << 16 | 5 << 24, read(0x00, Xcu.PRIO, 0));

        read(0x00, Xcu.PTI_ACK, 2);
        assertEquals(0b110 | 9 << 16 | 5 << 24, read(0x00, Xcu.PRIO, 0));
    }

    @Test
    void aBadOffsetIsABusErrorNamingTheAddressAndTheRegister()
    {
        final BusError noFunction = assertThrows(BusError.class, () -> read(0x01, 7, 0));
        assertEquals(reg(0x01, 7, 0), noFunction.address());
        assertTrue(noFunction.getMessage().contains("0x01f0000380"), noFunction.getMessage());
        assertTrue(noFunction.getMessage().contains("xcu[0x01]"), noFunction.getMessage());

        final BusError noInput = assertThrows(BusError.class, () -> write(0x01, Xcu.WTI_REG, 16, 1));
        assertTrue(noInput.getMessage().contains("WTI_REG[16]"), noInput.getMessage());
        assertTrue(noInput.getMessage().contains("0x01f0000040"), noInput.getMessage());

        final BusError noOutput = assertThrows(BusError.class, () -> read(0x01, Xcu.MSK_WTI, 16));
        assertTrue(noOutput.getMessage().contains("MSK_WTI[16]"), noOutput.getMessage());

        final BusError readOnly = assertThrows(BusError.class, () -> write(0x01, Xcu.PRIO, 0, 1));
        assertTrue(readOnly.getMessage().contains("PRIO[0] is read-only"), readOnly.getMessage());

        final BusError writeOnly = assertThrows(BusError.class, () -> read(0x01, Xcu.MSK_WTI_ENABLE, 0));
        assertTrue(writeOnly.getMessage().contains("MSK_WTI_ENABLE[0] is write-only"), writeOnly.getMessage());
    }
}
