package org.smpboot.sim.hyper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.smpboot.sim.hw.HyperHardware;
import org.smpboot.sim.hw.IrqMux;
import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.image.ArchInfo;
import org.smpboot.sim.image.ArchInfoReader;
import org.smpboot.sim.image.DevType;
import org.smpboot.sim.image.ArchInfoWriter;
import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;

/** An instance's arch-info, built from the machine's arch_info.bin bytes, read back by the boot's own reader. */
class GuestArchInfoTest
{
    @Test
    void aGuestIsAOneByNMeshOfItsClustersInItsOwnNumberingWithItsChannelsInCluster0() throws Exception
    {
        final Platform machine = PlatformBuilder.build(new PlatformSpec(3, 2, 4, 3, DeviceType.IOC_BDV, 128, 1, 0, 0,
            4, 4, 2, List.of()));
        final GuestArchInfo g = GuestArchInfo.build(new ArchInfoView(ArchInfoWriter.write(machine)), 0, 6,
            List.of(0x11, 0x20), 6, 3);
        final ArchInfo guest = ArchInfoReader.read("guest", g.bytes());
        assertEquals("instance6_1_2_4", guest.name());
        assertEquals(1, guest.xSize());
        assertEquals(2, guest.ySize());
        assertEquals(0, guest.ioCxy());
        assertEquals(8, guest.cores().size());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), guest.cores().stream().map(c -> c.gid()).toList(),
            "gid = guest cluster << p_width | lid");
        // internal devices at the machine's offsets, in guest clusters 0 and 1; no ROM
        for (final int k : new int[] {0, 1})
        {
            final List<DevType> types = guest.devices().stream().filter(d -> d.cxy() == k).map(ArchInfo.Device::type)
                .toList();
            assertTrue(types.containsAll(List.of(DevType.RAM_SCL, DevType.ICU_XCU, DevType.MMC_TSR,
                DevType.DMA_SCL)), k + ": " + types);
            assertFalse(types.contains(DevType.ROM_SCL));
        }
        final ArchInfo.Device xcu1 = guest.devices().stream().filter(d -> d.cxy() == 1 && d.type() == DevType.ICU_XCU)
            .findFirst().orElseThrow();
        assertEquals(PhysicalAddress.of(1, 0xF000_0000), xcu1.base());
        assertEquals(new ArchInfo.Irq(DevType.MMC_TSR, 0, false), guest.irqs().get(xcu1.irqOffset() + 8), "HWI tables kept");
        final ArchInfo.Device tty = guest.devices().stream().filter(d -> d.type() == DevType.TXT_TTY).findFirst()
            .orElseThrow();
        assertEquals(0xF400_0000L, tty.base());
        assertEquals(4, tty.channels());
        final ArchInfo.Device pic = guest.devices().stream().filter(d -> d.type() == DevType.PIC_TSR).findFirst()
            .orElseThrow();
        assertEquals(new ArchInfo.Irq(DevType.IOC_BDV, 0, false), guest.irqs().get(pic.irqOffset() + 8));
        assertEquals(new ArchInfo.Irq(DevType.TXT_TTY, 3, true), guest.irqs().get(pic.irqOffset() + 19));
        assertEquals(new ArchInfo.Irq(DevType.TXT_TTY, 3, false), guest.irqs().get(pic.irqOffset() + 27));
        // what the HATs hold: the clusters, the local ranges, the channels at the hypervisor's addresses
        final HatProgram program = g.program();
        assertEquals(List.of(0x11, 0x20), program.clusters());
        assertEquals(4, program.locals().size(), "RAM, XCU, MMC, DMA");
        assertEquals(PhysicalAddress.of(0, (int)(HyperHardware.TTY + 3 * HyperHardware.CHANNEL_STRIDE)),
            program.remaps().stream().filter(r -> r.what().equals("TTY channel 3")).findFirst().orElseThrow()
                .machine());
        assertEquals(PhysicalAddress.of(0, (int)(HyperHardware.IOC + 6 * HyperHardware.CHANNEL_STRIDE)),
            program.remaps().stream().filter(r -> r.what().equals("IOC channel 6")).findFirst().orElseThrow()
                .machine());
        // the multiplexer's routes: IOC channel 6 to input 8, TTY channel 3's sub-channels to 16.. and 24..
        assertTrue(g.routes().stream().anyMatch(r -> r[0] == 8 && r[1] == IrqMux.route(DeviceType.IOC_BDV.func(), 6,
            0, false)));
        assertTrue(g.routes().stream().anyMatch(r -> r[0] == 19 && r[1] == IrqMux.route(DeviceType.TXT_TTY.func(), 3,
            3, true)));
    }

    @Test
    void theHypervisorReadsTheMachineFromItsArchInfoBytes()
    {
        final Platform machine = PlatformBuilder.build(PlatformSpec.defaults());
        final ArchInfoView v = new ArchInfoView(ArchInfoWriter.write(machine));
        assertEquals(machine.name(), v.name());
        assertEquals(machine.clusters().size(), v.clusters());
        assertEquals(machine.pWidth(), v.pWidth());
        final int xcu = v.device(0x10, DeviceType.ICU_XCU.code(), false);
        assertEquals(PhysicalAddress.of(0x10, 0xF000_0000), v.deviceBase(xcu));
        assertEquals(-1, v.device(0x10, DeviceType.ROM_SCL.code(), false));
        assertTrue(v.device(0, DeviceType.IOC_BDV.code(), true) >= 0, "any block device");
    }
}
