package org.smpboot.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;

class MmcTest
{
    private static final int BASE = 0xF100_0000;
    private static final int[] WATCHED = {Mmc.LOCAL_READ, Mmc.LOCAL_WRITE, Mmc.LOCAL_ATOMIC, Mmc.REMOTE_READ,
        Mmc.REMOTE_WRITE, Mmc.REMOTE_ATOMIC};

    @TempDir
    Path dir;

    private Machine machine;

    @BeforeEach
    void build()
    {
        machine = new Machine(PlatformBuilder.build(PlatformSpec.defaults()),
            MachineConfig.defaults().withConsole(null).withTtyDir(dir));
    }

    @AfterEach
    void close()
    {
        machine.close();
    }

    private long reg(final int cxy, final int func, final int idx)
    {
        return PhysicalAddress.of(cxy, BASE + Mmc.offset(func, idx));
    }

    private long[] counters(final Initiator reader, final int cxy)
    {
        final long[] v = new long[WATCHED.length];
        for (int i = 0; i < WATCHED.length; i++)
        {
            final long lo = machine.bus().read32(reader, reg(cxy, Mmc.INSTRM, 2 * WATCHED[i])) & 0xFFFF_FFFFL;
            final long hi = machine.bus().read32(reader, reg(cxy, Mmc.INSTRM, 2 * WATCHED[i] + 1));
            v[i] = hi << 32 | lo;
        }
        return v;
    }

    @Test
    void countersTellLocalFromRemoteAccessesToTheBank()
    {
        assertTrue(machine.device(0x01, DeviceType.MMC_TSR) instanceof Mmc);
        final Bus bus = machine.bus();
        final Processor reader = machine.processor(0x10, 0);
        final Processor local = machine.processor(0x01, 1);
        final Processor remote = machine.processor(0x00, 2);
        final long[] before = counters(reader, 0x01);
        for (int i = 0; i < 10; i++)
        {
            bus.read32(local, PhysicalAddress.of(0x01, 0x1000 + 4 * i));
        }
        for (int i = 0; i < 7; i++)
        {
            bus.write32(local, PhysicalAddress.of(0x01, 0x2000 + 4 * i), i);
        }
        for (int i = 0; i < 3; i++)
        {
            bus.cas32(local, PhysicalAddress.of(0x01, 0x3000), 0, 1);
        }
        for (int i = 0; i < 4; i++)
        {
            bus.read32(remote, PhysicalAddress.of(0x01, 0x1000 + 4 * i));
        }
        bus.read(remote, PhysicalAddress.of(0x01, 0x4000), new byte[64], 0, 64);
        for (int i = 0; i < 5; i++)
        {
            bus.write32(remote, PhysicalAddress.of(0x01, 0x2000 + 4 * i), i);
        }
        bus.getAndAdd32(remote, PhysicalAddress.of(0x01, 0x3004), 1);
        bus.getAndAdd32(remote, PhysicalAddress.of(0x01, 0x3004), 1);
        // Accesses to other banks do not count here.
        bus.write32(local, PhysicalAddress.of(0x00, 0x2000), 1);
        bus.read32(remote, PhysicalAddress.of(0x00, 0x2000));
        final long[] after = counters(reader, 0x01);
        assertEquals(10, after[0] - before[0], "local reads");
        assertEquals(7, after[1] - before[1], "local writes");
        assertEquals(3, after[2] - before[2], "local atomics");
        // the reader's own register reads are DEVICE accesses: they never reach the bank, so they do not count here
        assertEquals(4 + 1, after[3] - before[3], "remote reads (a 64-byte burst is one read)");
        assertEquals(5, after[4] - before[4], "remote writes");
        assertEquals(2, after[5] - before[5], "remote atomics");
        final Mmc mmc = (Mmc)machine.device(0x01, DeviceType.MMC_TSR);
        assertEquals(after[1], mmc.counter(Mmc.LOCAL_WRITE));
    }

    @Test
    void configCommandsCompleteAtOnceAndRerrorIsStored()
    {
        final Processor core = machine.processor(0x00, 0);
        final Bus bus = machine.bus();
        bus.write32(core, reg(0, Mmc.CONFIG, Mmc.ADDR_LO), 0x0040_0000);
        bus.write32(core, reg(0, Mmc.CONFIG, Mmc.ADDR_HI), 0x01);
        bus.write32(core, reg(0, Mmc.CONFIG, Mmc.BUF_LENGTH), 4096);
        bus.write32(core, reg(0, Mmc.CONFIG, Mmc.CMD_TYPE), Mmc.CMD_SYNC);
        assertEquals(Mmc.CMD_NOP, bus.read32(core, reg(0, Mmc.CONFIG, Mmc.CMD_TYPE)));
        assertEquals(0x0040_0000, bus.read32(core, reg(0, Mmc.CONFIG, Mmc.ADDR_LO)));
        assertEquals(0x01, bus.read32(core, reg(0, Mmc.CONFIG, Mmc.ADDR_HI)));
        assertEquals(4096, bus.read32(core, reg(0, Mmc.CONFIG, Mmc.BUF_LENGTH)));
        bus.write32(core, reg(0, Mmc.RERROR, Mmc.ERR_IRQ_ENABLE), 1);
        assertEquals(1, bus.read32(core, reg(0, Mmc.RERROR, Mmc.ERR_IRQ_ENABLE)));
        assertEquals(0, bus.read32(core, reg(0, Mmc.RERROR, Mmc.ERR_ADDR_LO)));
        final BusError ro = assertThrows(BusError.class,
            () -> bus.write32(core, reg(0, Mmc.INSTRM, 0), 0));
        assertTrue(ro.getMessage().contains("mmc[0x00] instrumentation counters are read-only"), ro.getMessage());
        final BusError none = assertThrows(BusError.class, () -> bus.read32(core, reg(0, 3, 0)));
        assertTrue(none.getMessage().contains("mmc[0x00] has no register func 3 idx 0"), none.getMessage());
    }
}
