package org.smpboot.sim.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.smpboot.sim.TestImages;
import org.smpboot.sim.image.ArchInfo.Cluster;
import org.smpboot.sim.image.ArchInfo.Device;
import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;

class BootInfoTest
{
    static Stream<PlatformSpec> platforms()
    {
        final List<int[]> topRow = new ArrayList<>();
        for (int x = 0; x < 16; x++)
        {
            topRow.add(new int[] {x, 15});
        }
        return Stream.of(new PlatformSpec(1, 1, 1, 1, DeviceType.IOC_BDV, 0, 0, 0, 0, 4, 4, 2, List.of()),
            PlatformSpec.defaults(), PlatformSpec.leti(),
            new PlatformSpec(16, 16, 4, 8, DeviceType.IOC_BDV, 256, 2, 15, 15, 4, 4, 2, topRow));
    }

    private static BootInfoWriter.KernelPlacement placement()
    {
        final ElfImage k = TestImages.kernel();
        final ElfSegment code = k.segment(".kcode").orElseThrow();
        final ElfSegment data = k.segment(".kdata").orElseThrow();
        return new BootInfoWriter.KernelPlacement(code.paddr(), code.memSize(), data.paddr(), data.memSize());
    }

    /** Every cluster's boot_info, built from arch_info.bin as the boot-loader reads it, matches arch_info. */
    @ParameterizedTest
    @MethodSource("platforms")
    void bootInfoMatchesArchInfoForEveryCluster(final PlatformSpec spec) throws Exception
    {
        final ArchInfo p = ArchInfoReader.read("arch_info.bin", ArchInfoWriter.write(PlatformBuilder.build(spec)));
        final BootInfoWriter.KernelPlacement k = placement();
        final UnsafeBuffer mem = new UnsafeBuffer(new byte[BootInfo.LENGTH + 64]);
        final BootInfo info = new BootInfo();
        final int withCores = (int)p.clusters().stream().filter(c -> c.cores() > 0).count();
        for (final Cluster c : p.clusters())
        {
            if (c.cores() == 0)
            {
                assertThrows(IllegalArgumentException.class, () -> BootInfoWriter.write(p, c.cxy(), k, mem, 64));
                continue;
            }
            mem.setMemory(0, mem.capacity(), (byte)0x5a);
            BootInfoWriter.write(p, c.cxy(), k, mem, 64);
            info.wrap(mem, 64);
            assertEquals(BootInfo.SIGNATURE, info.signature());
            assertEquals(c.cxy(), info.cxy());
            assertEquals(p.xSize(), info.xSize());
            assertEquals(p.ySize(), info.ySize());
            assertEquals(p.ioCxy(), info.ioCxy());
            assertEquals(withCores, info.clustersWithCores());
            assertEquals(c.cores(), info.coresNr());
            for (int i = 0; i < c.cores(); i++)
            {
                assertEquals(p.cores().get(c.coreOffset() + i), info.core(i));
                assertEquals(i, info.findCore(p.cores().get(c.coreOffset() + i).gid()));
            }
            assertEquals(-1, info.findCore(0xFFF));
            final List<Device> local = p.devices().subList(c.deviceOffset(), c.deviceOffset() + c.devices());
            final List<BootDevice> internal = info.internalDevices();
            assertEquals(DevType.ICU_XCU, internal.get(0).type(), "int_dev[0] is the XCU");
            assertEquals(List.of(DevType.ICU_XCU, DevType.MMC_TSR, DevType.DMA_SCL),
                internal.stream().map(BootDevice::type).toList());
            for (int i = 0; i < internal.size(); i++)
            {
                assertEquals(internal.get(i), info.internalDevice(i), "internal device " + i + " read alone");
            }
            final int past = internal.size();
            assertThrows(IndexOutOfBoundsException.class, () -> info.internalDevice(past));
            assertThrows(IndexOutOfBoundsException.class, () -> info.internalDevice(-1));
            for (final BootDevice d : internal)
            {
                final Device a = local.stream().filter(x -> x.type() == d.type()).findFirst().orElseThrow();
                assertEquals(a.base(), d.base());
                assertEquals(a.channels(), d.channels());
                assertEquals(List.of(a.arg0(), a.arg1(), a.arg2(), a.arg3()),
                    List.of(d.param0(), d.param1(), d.param2(), d.param3()));
                assertEquals(p.irqs().subList(a.irqOffset(), a.irqOffset() + a.irqs()), d.irqs());
            }
            final List<DevType> external = p.devices().stream().map(Device::type)
                .filter(t -> t != DevType.RAM_SCL && t != DevType.ICU_XCU && t != DevType.MMC_TSR &&
                    t != DevType.DMA_SCL).toList();
            assertEquals(external, info.externalDevices().stream().map(BootDevice::type).toList());
            final Device ram = local.stream().filter(x -> x.type() == DevType.RAM_SCL).findFirst().orElseThrow();
            assertEquals(p.irqsPerCore(), info.irqsPerCore());
            assertEquals(ram.size() / 4096, info.pagesNr());
            assertEquals((k.kdataBase() + k.kdataSize() + 4095) / 4096, info.pagesOffset());
            assertEquals(k.kdataBase(), info.kdataBase());
            for (final Cluster o : p.clusters())
            {
                assertEquals(o.cores() > 0 ? BootInfo.HAS_CORES | BootInfo.HAS_RAM : 0,
                    info.clusterInfo(p.x(o.cxy()), p.y(o.cxy())));
            }
            assertEquals(0x5a5a5a5a, mem.getInt(60), "nothing written before boot_info");
        }
    }

    @Test
    void bootInfoFitsWhereTheKernelImageReservesIt()
    {
        final ElfImage k = TestImages.kernel();
        final int kdata = k.segment(".kdata").orElseThrow().paddr();
        assertEquals(kdata, k.address("boot_info"), "boot_info is the first object of kdata");
        assertTrue(k.address("local_cxy") - kdata >= BootInfo.LENGTH);
        assertEquals(5296, BootInfo.LENGTH);
    }
}
