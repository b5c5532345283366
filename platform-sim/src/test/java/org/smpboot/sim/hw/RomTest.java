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

class RomTest
{
    private static final int BASE = 0xBFC0_0000;

    @TempDir
    Path dir;

    private Machine machine;
    private Rom rom;
    private Processor core;

    @BeforeEach
    void build()
    {
        machine = new Machine(PlatformBuilder.build(PlatformSpec.defaults()),
            MachineConfig.defaults().withConsole(null).withTtyDir(dir));
        rom = (Rom)machine.device(0, DeviceType.ROM_SCL);
        core = machine.processor(0x11, 0);
    }

    @AfterEach
    void close()
    {
        machine.close();
    }

    @Test
    void loadedBytesReadAsLittleEndianWords()
    {
        assertEquals(16 * 1024, rom.size());
        assertEquals(0, machine.bus().read32(core, PhysicalAddress.of(0, BASE + 0x100)), "never loaded reads 0");
        rom.load(new byte[] {0x11, 0x22, 0x33, 0x44, 0x55, 0x66}, 0x102);
        assertEquals(0x2211_0000, machine.bus().read32(core, PhysicalAddress.of(0, BASE + 0x100)));
        assertEquals(0x6655_4433, machine.bus().read32(core, PhysicalAddress.of(0, BASE + 0x104)));
        assertEquals(0x6655_4433_2211_0000L, machine.bus().read64(core, PhysicalAddress.of(0, BASE + 0x100)));
        rom.load(new byte[] {(byte)0xEE}, 0x3FFF);
        assertEquals(0xEE00_0000, machine.bus().read32(core, PhysicalAddress.of(0, BASE + 0x3FFC)));
        assertThrows(IllegalArgumentException.class, () -> rom.load(new byte[2], 0x3FFF));
    }

    @Test
    void aWriteIsABusErrorNamingTheRom()
    {
        final BusError e = assertThrows(BusError.class,
            () -> machine.bus().write32(core, PhysicalAddress.of(0, BASE + 8), 1));
        assertEquals(PhysicalAddress.of(0, BASE + 8), e.address());
        assertTrue(e.getMessage().contains("core[0x11,0] gid 0x044 write32 at 0x00bfc00008"), e.getMessage());
        assertTrue(e.getMessage().endsWith("rom[0x00] is read-only memory"), e.getMessage());
        assertEquals(0, machine.bus().read32(core, PhysicalAddress.of(0, BASE + 8)));
    }
}
