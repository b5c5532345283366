package org.smpboot.sim.hw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;

class DmaTest
{
    private static final int BASE = 0xF500_0000;
    private static final int CXY = 0x01;
    private static final int CHANNEL = 2;
    private static final long DEADLINE_NANOS = 10_000_000_000L;

    @TempDir
    Path dir;

    private Machine machine;
    private Processor core;
    private Dma dma;
    private final AtomicBoolean level = new AtomicBoolean();

    @BeforeEach
    void build()
    {
        machine = new Machine(PlatformBuilder.build(PlatformSpec.defaults()),
            MachineConfig.defaults().withConsole(null).withTtyDir(dir));
        core = machine.processor(CXY, CHANNEL);
        dma = (Dma)machine.device(CXY, DeviceType.DMA_SCL);
        dma.connectIrq(CHANNEL, false, level::set);
    }

    @AfterEach
    void close()
    {
        machine.close();
    }

    private int get(final int word)
    {
        return machine.bus().read32(core, PhysicalAddress.of(CXY, BASE + CHANNEL * Dma.SPAN * 4 + 4 * word));
    }

    private void set(final int word, final int value)
    {
        machine.bus().write32(core, PhysicalAddress.of(CXY, BASE + CHANNEL * Dma.SPAN * 4 + 4 * word), value);
    }

    private void start(final int srcCxy, final int src, final int dstCxy, final int dst, final int len)
    {
        set(Dma.SRC, src);
        set(Dma.SRC_EXT, srcCxy);
        set(Dma.DST, dst);
        set(Dma.DST_EXT, dstCxy);
        set(Dma.LEN, len);
    }

    /** Polls the status in LEN, as a driver does, until it leaves BUSY, within a deadline. */
    private int awaitEnd()
    {
        final long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (System.nanoTime() < deadline)
        {
            final int s = get(Dma.LEN);
            if (s != Dma.BUSY)
            {
                return s;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("DMA still BUSY after the deadline");
    }

    @Test
    void copiesBetweenClustersReportsSuccessAndRaisesItsLine()
    {
        assertEquals(4, dma.channels());
        assertEquals(Dma.IDLE, get(Dma.LEN));
        final byte[] data = new byte[1001];
        new Random(3).nextBytes(data);
        machine.bus().write(core, PhysicalAddress.of(0x10, 0x8000), data, 0, data.length);
        start(0x10, 0x8000, 0x11, 0x9000, data.length);
        assertEquals(Dma.SUCCESS, awaitEnd());
        assertNull(dma.error(CHANNEL));
        assertTrue(level.get(), "line raised at the end");
        final byte[] got = new byte[data.length];
        machine.bus().peek(PhysicalAddress.of(0x11, 0x9000), got.length).getBytes(0, got);
        assertArrayEquals(data, got);
        // Counted as the DMA's cluster's traffic: bursts of every word started, one per DMA burst.
        assertEquals(251, machine.words(-1).get(CXY, 0x10, AccessKind.READ));
        assertEquals(251, machine.words(-1).get(CXY, 0x11, AccessKind.WRITE));
        assertEquals((1001 + Dma.BURST - 1) / Dma.BURST, machine.accesses().get(CXY, 0x11, AccessKind.WRITE));
        set(Dma.LEN, 4);
        assertEquals(Dma.SUCCESS, get(Dma.LEN), "LEN is ignored until a RESET");
        set(Dma.RESET, 0);
        assertEquals(Dma.IDLE, get(Dma.LEN));
        assertFalse(level.get(), "RESET lowers the line");
    }

    @Test
    void aBadSourceIsAReadErrorAndABadDestinationAWriteError()
    {
        start(0x05, 0, 0x00, 0x1000, 64);
        assertEquals(Dma.READ_ERROR, awaitEnd());
        assertTrue(dma.error(CHANNEL).startsWith("bus error: dma[0x01].2 read of 64 bytes at 0x0500000000"),
            dma.error(CHANNEL));
        assertTrue(level.get());
        set(Dma.RESET, 0);
        start(0x00, 0x1000, 0x01, 0x03FF_FFF0, 64);
        assertEquals(Dma.WRITE_ERROR, awaitEnd());
        assertTrue(dma.error(CHANNEL).contains("range leaves the RAM of cluster 0x01"), dma.error(CHANNEL));
        set(Dma.RESET, 0);
        assertNull(dma.error(CHANNEL));
    }

    @Test
    void irqDisableKeepsTheLineLowAndRegistersReadBack()
    {
        set(Dma.IRQ_DISABLE, 1);
        start(0x00, 0x1000, 0x01, 0x2000, 16);
        assertEquals(Dma.SUCCESS, awaitEnd());
        assertFalse(level.get());
        assertEquals(0x1000, get(Dma.SRC));
        assertEquals(0x2000, get(Dma.DST));
        assertEquals(0x00, get(Dma.SRC_EXT));
        assertEquals(0x01, get(Dma.DST_EXT));
        assertEquals(1, get(Dma.IRQ_DISABLE));
        set(Dma.IRQ_DISABLE, 0);
        assertTrue(level.get(), "enabling with an end state pending raises the line");
        assertThrows(BusError.class, () -> get(Dma.RESET));
        final BusError none = assertThrows(BusError.class, () -> machine.bus().read32(core,
            PhysicalAddress.of(CXY, BASE + 4 * Dma.SPAN * 4)));
        assertTrue(none.getMessage().contains("dma[0x01] has 4 channels, no channel 4"), none.getMessage());
    }
}
