package org.smpboot.sim.hyper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.region.Fill;
import org.smpboot.sim.hw.BusError;
import org.smpboot.sim.hw.CodeMap;
import org.smpboot.sim.hw.Dma;
import org.smpboot.sim.hw.Machine;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;

class HatTest
{
    private static final long RAM = 64L << 20;

    private Machine m;
    private Hat hat;
    private final List<String> refused = new ArrayList<>();
    private Processor core;

    @BeforeEach
    void configure()
    {
        m = new Machine(PlatformBuilder.build(PlatformSpec.defaults()), MachineConfig.defaults().withConsole(null)
            .withFill(Fill.ZERO));
        // guest cluster 0 is machine 0x11, guest cluster 1 is machine 0x10; guest 0 also has an XCU window
        final HatTable table = new HatTable(7, List.of(0x11, 0x10), List.of(
            new HatTable.Window(PhysicalAddress.of(0, 0), RAM, PhysicalAddress.of(0x11, 0), "RAM"),
            new HatTable.Window(PhysicalAddress.of(1, 0), RAM, PhysicalAddress.of(0x10, 0), "RAM"),
            new HatTable.Window(PhysicalAddress.of(0, 0xF000_0000), 0x1000, PhysicalAddress.of(0x11, 0xF000_0000),
                "ICU_XCU"),
            new HatTable.Window(PhysicalAddress.of(0, 0xF500_0000), 0x1000, PhysicalAddress.of(0x11, 0xF500_0000),
                "DMA_SCL")));
        hat = new Hat("hat[0x11]", 2);
        hat.configure(table, new CodeMap(m.bus()), (h, who, access, paddr, length) ->
            refused.add(h.name() + " " + who.name() + " " + access + " " + PhysicalAddress.format(paddr)));
        core = m.processor(0x11, 2);
    }

    @AfterEach
    void close()
    {
        m.close();
    }

    @Test
    void tableTranslatesInsideItsWindowsOnly()
    {
        final HatTable t = hat.table();
        assertEquals(PhysicalAddress.of(0x11, 0x1234), t.translate(PhysicalAddress.of(0, 0x1234), 4));
        assertEquals(PhysicalAddress.of(0x10, 0x1000), t.translate(PhysicalAddress.of(1, 0x1000), 8));
        assertEquals(-1, t.translate(PhysicalAddress.of(2, 0x1000), 4), "guest cluster 2 does not exist");
        assertEquals(-1, t.translate(PhysicalAddress.of(0, (int)RAM - 2), 4), "a range leaving the RAM");
        assertEquals(-1, t.translate(PhysicalAddress.of(0, 0xF400_0000), 4), "a device the instance was not given");
        assertEquals(-1, t.translate(PhysicalAddress.of(1, 0xF000_0000), 4), "guest 1 has no XCU window here");
        assertEquals(0, t.guestCxy(0x11));
        assertEquals(1, t.guestCxy(0x10));
        assertEquals(-1, t.guestCxy(0x01));
        assertEquals(List.of(0x11, 0x10), t.clusters());
    }

    @Test
    void aCoreBehindTheHatIssuesInstanceAddresses()
    {
        core.space(hat);
        assertEquals(0 << 2 | 2, core.gid(), "guest gid: guest cluster 0, lid 2");
        assertEquals(0x11 << 2 | 2, core.hardwareGid());
        core.remoteSw(0, 0x1000, 0x1234_5678);
        core.remoteSw(1, 0x2000, 0x0BAD_CAFE);
        assertEquals(0x1234_5678, m.bus().peek(PhysicalAddress.of(0x11, 0x1000), 4).getInt(0));
        assertEquals(0x0BAD_CAFE, m.bus().peek(PhysicalAddress.of(0x10, 0x2000), 4).getInt(0));
        assertEquals(0, m.bus().peek(PhysicalAddress.of(0x00, 0x1000), 4).getInt(0), "machine cluster 0 untouched");
        assertEquals(0x1234_5678, core.remoteLw(0, 0x1000));
        assertTrue(core.remoteCas(1, 0x2000, 0x0BAD_CAFE, 3));
        assertEquals(3, core.remoteAtomicAdd(1, 0x2000, 1));
        assertEquals(4, m.bus().peek(PhysicalAddress.of(0x10, 0x2000), 4).getInt(0));
        core.window(1, 0x3000, 64).putLong(8, 99L);
        assertEquals(99L, m.bus().peek(PhysicalAddress.of(0x10, 0x3008), 8).getLong(0));
        m.bus().copy(core, PhysicalAddress.of(0, 0x1000), PhysicalAddress.of(1, 0x4000), 4);
        assertEquals(0x1234_5678, m.bus().peek(PhysicalAddress.of(0x10, 0x4000), 4).getInt(0));
        final byte[] back = new byte[4];
        m.bus().read(core, PhysicalAddress.of(1, 0x4000), back, 0, 4);
        assertArrayEquals(new byte[] {0x78, 0x56, 0x34, 0x12}, back);
        assertTrue(refused.isEmpty(), refused.toString());
    }

    @Test
    void anAccessOutsideTheInstanceIsAHatFaultThatTouchesNothing()
    {
        core.space(hat);
        final BusError e = assertThrows(BusError.class, () -> core.remoteSw(2, 0x1000, 1));
        assertTrue(e.getMessage().contains("HAT fault: outside the clusters and channels of instance 7"),
            e.getMessage());
        assertTrue(e.getMessage().contains("0x0200001000"), e.getMessage());
        assertThrows(BusError.class, () -> core.remoteLw(0x10, 0x1000), "a machine cluster id is a guest id here");
        assertThrows(BusError.class, () -> m.bus().write(core, PhysicalAddress.of(0, (int)RAM - 4), new byte[8], 0,
            8), "a bulk write leaving the instance's RAM");
        assertEquals(3, refused.size(), refused.toString());
        assertTrue(refused.get(0).startsWith("hat[0x11] core[0x11,2] gid 0x046 write32 0x0200001000"),
            refused.get(0));
        assertEquals(0, m.bus().peek(PhysicalAddress.of(0x11, (int)RAM - 4), 4).getInt(0), "nothing written");
    }

    @Test
    void aRevokedHatRefusesEverythingAndAClearedOneHasNoInstance()
    {
        core.space(hat);
        hat.revoke();
        final BusError e = assertThrows(BusError.class, () -> core.remoteLw(0, 0x1000));
        assertTrue(e.getMessage().contains("instance 7 is stopped"), e.getMessage());
        assertTrue(refused.isEmpty(), "a revoked HAT is not a guest's fault");
        hat.clear();
        assertNull(hat.table());
        assertTrue(assertThrows(BusError.class, () -> core.remoteLw(0, 0x1000)).getMessage()
            .contains("not configured"));
        assertEquals(0x11 << 2 | 2, core.gid(), "no instance: the hardware id");
    }

    @Test
    void theDmaOfAnInstanceClusterCopiesBetweenInstanceAddressesAndFaultsOutside() throws InterruptedException
    {
        core.space(hat);
        m.deviceSpace(0x11, hat);
        final long channel = PhysicalAddress.of(0, 0xF500_0000 + 2 * Dma.SPAN * 4);
        core.remoteSw(0, 0x8000, 0x5151_5151);
        final int[][] copies = {{0, 0x8000, 1, 0x9000}, {0, 0x8000, 2, 0x9000}};
        final int[] status = new int[2];
        for (int i = 0; i < 2; i++)
        {
            m.bus().write32(core, channel + 4 * Dma.SRC, copies[i][1]);
            m.bus().write32(core, channel + 4 * Dma.SRC_EXT, copies[i][0]);
            m.bus().write32(core, channel + 4 * Dma.DST, copies[i][3]);
            m.bus().write32(core, channel + 4 * Dma.DST_EXT, copies[i][2]);
            m.bus().write32(core, channel + 4 * Dma.LEN, 4);
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while ((status[i] = m.bus().read32(core, channel + 4 * Dma.LEN)) == Dma.BUSY)
            {
                assertTrue(System.nanoTime() < deadline, "DMA still busy");
                Thread.sleep(1);
            }
            m.bus().write32(core, channel + 4 * Dma.RESET, 0);
        }
        assertEquals(Dma.SUCCESS, status[0]);
        assertEquals(0x5151_5151, m.bus().peek(PhysicalAddress.of(0x10, 0x9000), 4).getInt(0),
            "guest cluster 1 is machine cluster 0x10");
        assertEquals(Dma.WRITE_ERROR, status[1], "guest cluster 2 does not exist");
        assertEquals(1, refused.size(), refused.toString());
        assertTrue(refused.get(0).startsWith("hat[0x11] dma[0x11].2 "), refused.get(0));
    }

    @Test
    void aClustersDeviceInitiatorsTakeItsHatAndMachineAddressesOtherwise()
    {
        assertNull(m.initiator("probe", 0x11).space());
        m.deviceSpace(0x11, hat);
        assertSame(hat, m.initiator("probe", 0x11).space());
        assertNull(m.initiator("probe", 0x10).space());
        m.deviceSpace(0x11, null);
        assertNull(m.initiator("probe", 0x11).space());
    }
}
