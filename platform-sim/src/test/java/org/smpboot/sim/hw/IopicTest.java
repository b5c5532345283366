package org.smpboot.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.smpboot.sim.platform.DeviceType;

class IopicTest
{
    private static final int PIC_BASE = 0xF900_0000;
    private static final int XCU_BASE = 0xF000_0000;
    private static final int DISK = 8;

    private WaitingCores cores;
    private Machine machine;
    private Processor cpu;
    private int io;
    private Iopic pic;

    @BeforeEach
    void setUp()
    {
        cores = new WaitingCores();
        machine = cores.machine();
        cpu = machine.processor(0, 0);
        io = machine.platform().ioCxy();
        pic = (Iopic)machine.device(io, DeviceType.PIC_TSR);
    }

    @AfterEach
    void tearDown()
    {
        machine.close();
    }

    private long picReg(final int input, final int reg)
    {
        return PhysicalAddress.of(io, PIC_BASE + input * 16 + reg * 4);
    }

    private int picRead(final int input, final int reg)
    {
        return machine.bus().read32(cpu, picReg(input, reg));
    }

    private void picWrite(final int input, final int reg, final int value)
    {
        machine.bus().write32(cpu, picReg(input, reg), value);
    }

    private int xcuRead(final int cxy, final int func, final int idx)
    {
        return machine.bus().read32(cpu, PhysicalAddress.of(cxy, XCU_BASE | func << 7 | idx << 2));
    }

    private void xcuWrite(final int cxy, final int func, final int idx, final int value)
    {
        machine.bus().write32(cpu, PhysicalAddress.of(cxy, XCU_BASE | func << 7 | idx << 2), value);
    }

    /** Points input {@code i} at WTI_REG[lid] of the XCU of {@code cxy}. */
    private void route(final int i, final int cxy, final int lid)
    {
        picWrite(i, Iopic.ADDRESS, XCU_BASE + lid * 4);
        picWrite(i, Iopic.EXTEND, cxy);
    }

    private Xcu xcu(final int cxy)
    {
        return (Xcu)machine.device(cxy, DeviceType.ICU_XCU);
    }

    @Test
    void anEnabledRisingInputWritesTheMailboxAndWakesTheCore() throws Exception
    {
        final Processor core = machine.processor(0x01, 2);
        xcuWrite(0x01, Xcu.MSK_WTI, 4 * 2, 1 << 2);
        route(DISK, 0x01, 2);
        picWrite(DISK, Iopic.MASK, 1);
        assertEquals(XCU_BASE + 8, picRead(DISK, Iopic.ADDRESS));
        assertEquals(0x01, picRead(DISK, Iopic.EXTEND));
        assertEquals(1, picRead(DISK, Iopic.MASK));
        cores.startWaiting(core, WaitingCores.JOIN_MILLIS);

        pic.input(DISK).set(true);

        assertEquals(Processor.State.HALTED, WaitingCores.join(core), machine.faults().toString());
        assertEquals(1 << 2, xcuRead(0x01, Xcu.MSK_WTI_DISABLE, 8), "WTI_ACTIVE of core 2's first output");
        assertEquals(DISK, xcuRead(0x01, Xcu.WTI_REG, 2), "the mailbox holds the input number");
        assertFalse(xcu(0x01).pending(2));
        assertNull(pic.lastError());
    }

    @Test
    void aLevelThatStaysHighForwardsOnce()
    {
        xcuWrite(0x10, Xcu.MSK_WTI, 0, 1);
        route(16, 0x10, 0);
        picWrite(16, Iopic.MASK, 1);

        pic.input(16).set(true);
        assertEquals(16, xcuRead(0x10, Xcu.WTI_REG, 0));
        pic.input(16).set(true);
        assertFalse(xcu(0x10).pending(0), "no new edge, no new write");
        picWrite(16, Iopic.MASK, 1);
        assertFalse(xcu(0x10).pending(0), "re-writing MASK of an enabled input is not an edge");

        pic.input(16).set(false);
        pic.input(16).set(true);
        assertTrue(xcu(0x10).pending(0), "a new edge forwards again");
    }

    @Test
    void aMaskedInputDoesNotForwardUntilEnabled()
    {
        xcuWrite(0x01, Xcu.MSK_WTI, 4, 1 << 1);
        route(DISK, 0x01, 1);

        pic.input(DISK).set(true);

        assertFalse(xcu(0x01).pending(1));
        assertEquals(0, xcuRead(0x01, Xcu.MSK_WTI_DISABLE, 4), "WTI_ACTIVE");

        // Enabling an input whose level is already high forwards at once.
        picWrite(DISK, Iopic.MASK, 1);
        assertTrue(xcu(0x01).pending(1));
        assertEquals(DISK, xcuRead(0x01, Xcu.WTI_REG, 1));

        picWrite(DISK, Iopic.MASK, 0);
        pic.input(DISK).set(false);
        pic.input(DISK).set(true);
        assertFalse(xcu(0x01).pending(1), "disabled again");
    }

    @Test
    void statusReadsTheInputLevel()
    {
        assertEquals(0, picRead(24, Iopic.STATUS));
        pic.input(24).set(true);
        assertEquals(1, picRead(24, Iopic.STATUS));
        assertEquals(0, picRead(25, Iopic.STATUS));
        pic.input(24).set(false);
        assertEquals(0, picRead(24, Iopic.STATUS));
    }

    @Test
    void aForwardingBusErrorIsRecordedAndReachesTheDeviceThatRaisedTheLine()
    {
        // Cluster 0x01 has RAM below 64 MiB and devices at 0xF0000000 and up: nothing at 0xE0000000.
        picWrite(3, Iopic.ADDRESS, 0xE000_0000);
        picWrite(3, Iopic.EXTEND, 0x01);
        picWrite(3, Iopic.MASK, 1);

        final BusError e = assertThrows(BusError.class, () -> pic.input(3).set(true));

        assertSame(e, pic.lastError());
        assertTrue(e.getMessage().contains("iopic[0x00]"), e.getMessage());
        assertTrue(e.getMessage().contains("0x01e0000000"), e.getMessage());
        assertEquals(1, picRead(3, Iopic.STATUS), "the level is recorded even though the forward failed");
    }

    @Test
    void aBadOffsetIsABusErrorNamingTheAddress()
    {
        final BusError beyond = assertThrows(BusError.class, () -> picRead(32, Iopic.ADDRESS));
        assertEquals(picReg(32, Iopic.ADDRESS), beyond.address());
        assertTrue(beyond.getMessage().contains("0x00f9000200"), beyond.getMessage());
        assertTrue(beyond.getMessage().contains("iopic[0x00]"), beyond.getMessage());

        final BusError readOnly = assertThrows(BusError.class, () -> picWrite(5, Iopic.STATUS, 1));
        assertTrue(readOnly.getMessage().contains("STATUS[5] is read-only"), readOnly.getMessage());
    }
}
