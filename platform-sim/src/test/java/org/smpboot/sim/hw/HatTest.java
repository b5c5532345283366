package org.smpboot.sim.hw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.region.Fill;
import org.smpboot.sim.boot.ElfSymbols;
import org.smpboot.sim.TestImages;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;
import org.smpboot.sim.trace.EventKind;
import org.smpboot.sim.trace.Trace;

/** A HAT programmed through its registers, as the hypervisor's core writes them over the bus. */
class HatTest
{
    private static final long RAM = 64L << 20;
    private static final long HAT = PhysicalAddress.of(0x11, (int)HyperHardware.CORE_HAT);
    private static final long DMA_HAT = PhysicalAddress.of(0x11, (int)HyperHardware.DMA_HAT);

    private Machine m;
    private HyperHardware hw;
    private Processor hyper;
    private Processor core;

    @BeforeEach
    void configure()
    {
        m = new Machine(PlatformBuilder.build(PlatformSpec.defaults()), MachineConfig.defaults().withConsole(null)
            .withFill(Fill.ZERO));
        hw = HyperHardware.fit(m, 0, 2, 0, Duration.ofSeconds(5));
        hyper = m.processor(0, 0);
        core = m.processor(0x11, 2);
        // instance 7: guest cluster 0 is machine 0x11, guest cluster 1 is machine 0x10; RAM and the XCU and DMA pages
        // in each; one window: the guest's TTY at 0xF4000000 of guest cluster 0 is machine 0x00:0xE4001000
        program(HAT, 0);
        program(DMA_HAT, 0);
    }

    private void program(final long hat, final int guestCxy)
    {
        w(hat + Hat.INSTANCE, 7);
        w(hat + Hat.GUEST_CXY, guestCxy);
        w(hat + Hat.MAP, Hat.VALID | 0x11);
        w(hat + Hat.MAP + 4, Hat.VALID | 0x10);
        w(hat + Hat.LOCAL, 0);
        w(hat + Hat.LOCAL + 4, (int)RAM);
        w(hat + Hat.LOCAL + 8, 0xF000_0000);
        w(hat + Hat.LOCAL + 12, 0x1000);
        w(hat + Hat.LOCAL + 16, 0xF500_0000);
        w(hat + Hat.LOCAL + 20, 0x1000);
        w(hat + Hat.REMAP, 0xF400_0000);
        w(hat + Hat.REMAP + 4, 0);
        w(hat + Hat.REMAP + 8, 0x40);
        w(hat + Hat.REMAP + 12, 0xE400_1000);
        w(hat + Hat.REMAP + 16, 0);
        w(hat + Hat.CONTROL, Hat.ENABLE);
    }

    private void w(final long at, final int value)
    {
        m.bus().write32(hyper, at, value);
    }

    private int r(final long at)
    {
        return m.bus().read32(hyper, at);
    }

    private void activate()
    {
        m.bus().write32(core, HAT + Hat.ACTIVE, 1 << core.lid());
    }

    @AfterEach
    void close()
    {
        m.close();
        hw.close();
    }

    @Test
    void theRegistersReadBackAndOnlyTheCoreItselfActivatesIt()
    {
        assertEquals(Hat.ENABLE, r(HAT + Hat.CONTROL));
        assertEquals(7, r(HAT + Hat.INSTANCE));
        assertEquals(Hat.VALID | 0x10, r(HAT + Hat.MAP + 4));
        assertEquals(0xE400_1000, r(HAT + Hat.REMAP + 12));
        assertEquals(0, r(HAT + Hat.ACTIVE));
        w(HAT + Hat.ACTIVE, 0xF);
        assertEquals(0, r(HAT + Hat.ACTIVE), "the hypervisor cannot activate a core's HAT for it");
        assertNull(core.space());
        activate();
        assertEquals(1 << 2, r(HAT + Hat.ACTIVE));
        assertSame(hw.coreHat(0x11), core.space());
        assertEquals(0 << 2 | 2, core.gid(), "guest gid: guest cluster 0, lid 2");
        assertEquals(0x11 << 2 | 2, core.hardwareGid());
        assertTrue(assertThrows(BusError.class, () -> w(HAT + Hat.STOPPED, 1)).getMessage().contains("read-only"));
        assertTrue(assertThrows(BusError.class, () -> r(HAT + 0x800)).getMessage().contains("no register at offset " +
            "0x800"));
    }

    @Test
    void aCoreBehindTheHatIssuesInstanceAddresses()
    {
        activate();
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
        assertEquals(0, r(HAT + Hat.FAULT), "nothing refused");
    }

    @Test
    void anAccessOutsideTheInstanceIsAHatFaultThatTouchesNothingAndIsRecordedInItsRegisters()
    {
        activate();
        final BusError e = assertThrows(BusError.class, () -> core.remoteSw(2, 0x1000, 1));
        assertTrue(e.getMessage().contains("HAT fault: outside the clusters and channels of instance 7"),
            e.getMessage());
        assertTrue(e.getMessage().contains("0x0200001000"), e.getMessage());
        assertThrows(BusError.class, () -> core.remoteLw(0x10, 0x1000), "a machine cluster id is a guest id here");
        assertThrows(BusError.class, () -> m.bus().write(core, PhysicalAddress.of(0, (int)RAM - 4), new byte[8], 0,
            8), "a bulk write leaving the instance's RAM");
        assertThrows(BusError.class, () -> core.remoteSw(0, 0xF400_0040, 1), "past the TTY window");
        assertThrows(BusError.class, () -> core.remoteSw(0, 0xF100_0000, 1), "the MMC page is not a local range");
        assertEquals(5 << 1 | 1, r(HAT + Hat.FAULT), "five refusals, the first recorded");
        assertEquals(0x1000, r(HAT + Hat.FAULT_ADDR_LO));
        assertEquals(2, r(HAT + Hat.FAULT_ADDR_HI));
        assertEquals(0x11 << 2 | 2, r(HAT + Hat.FAULT_WHO));
        assertEquals(Hat.ACCESS_NAMES.indexOf("write32") | 4 << 8, r(HAT + Hat.FAULT_ACCESS));
        assertEquals(0, m.bus().peek(PhysicalAddress.of(0x11, (int)RAM - 4), 4).getInt(0), "nothing written");
        w(HAT + Hat.FAULT, 0);
        assertEquals(0, r(HAT + Hat.FAULT));
        assertEquals(0, r(HAT + Hat.FAULT_WHO));
    }

    @Test
    void aStoppedHatRefusesEverythingUnrecordedAndAClearedOneHasNoInstance()
    {
        activate();
        w(HAT + Hat.CONTROL, Hat.ENABLE | Hat.STOP);
        final BusError e = assertThrows(BusError.class, () -> core.remoteLw(0, 0x1000));
        assertTrue(e.getMessage().contains("instance 7 is stopped"), e.getMessage());
        assertEquals(0, r(HAT + Hat.FAULT), "a stopped HAT is not a guest's fault");
        w(HAT + Hat.CONTROL, 0);
        assertTrue(assertThrows(BusError.class, () -> core.remoteLw(0, 0x1000)).getMessage()
            .contains("not configured"));
        assertEquals(0x11 << 2 | 2, core.gid(), "no instance: the hardware id");
    }

    @Test
    void aMistakenEntryShowsAsWhatItCauses()
    {
        activate();
        // the hypervisor maps guest cluster 2 to machine cluster 0x01: the guest now writes there
        w(HAT + Hat.MAP + 8, Hat.VALID | 0x01);
        core.remoteSw(2, 0x1000, 0x5EED);
        assertEquals(0x5EED, m.bus().peek(PhysicalAddress.of(0x01, 0x1000), 4).getInt(0));
        // and a RAM range written 1 MiB short refuses the last MiB
        w(HAT + Hat.LOCAL + 4, (int)RAM - (1 << 20));
        assertThrows(BusError.class, () -> core.remoteSw(0, (int)RAM - 8, 1));
        assertEquals((int)RAM - 8, r(HAT + Hat.FAULT_ADDR_LO));
    }

    @Test
    void theDmaOfAnInstanceClusterCopiesBetweenInstanceAddressesAndFaultsOutside() throws InterruptedException
    {
        activate();
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
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((status[i] = m.bus().read32(core, channel + 4 * Dma.LEN)) == Dma.BUSY)
            {
                assertTrue(System.nanoTime() < deadline, "DMA still busy");
                Thread.onSpinWait();
            }
            m.bus().write32(core, channel + 4 * Dma.RESET, 0);
        }
        assertEquals(Dma.SUCCESS, status[0]);
        assertEquals(0x5151_5151, m.bus().peek(PhysicalAddress.of(0x10, 0x9000), 4).getInt(0),
            "guest cluster 1 is machine cluster 0x10");
        assertEquals(Dma.WRITE_ERROR, status[1], "guest cluster 2 does not exist");
        assertEquals(0xFFFF_FFFF, r(DMA_HAT + Hat.FAULT_WHO), "a device was refused");
        assertEquals(0x9000, r(DMA_HAT + Hat.FAULT_ADDR_LO));
    }

    @Test
    void aClustersDeviceInitiatorsGoThroughItsDmaHatWhichLetsMachineAddressesThroughUntilEnabled()
    {
        assertSame(hw.dmaHat(0x11), m.initiator("probe", 0x11).space());
        assertSame(hw.dmaHat(0x10), m.initiator("probe", 0x10).space());
        final Initiator probe = m.initiator("probe", 0x10);
        final long before = hw.dmaHat(0x10).translate(probe, "write32", PhysicalAddress.of(0x01, 0x40), 4);
        assertEquals(PhysicalAddress.of(0x01, 0x40), before, "off: machine addresses");
        w(DMA_HAT + Hat.CONTROL, Hat.ENABLE | Hat.STOP);
        assertThrows(BusError.class, () -> m.bus().write32(m.initiator("dma", 0x11), PhysicalAddress.of(0, 0x40), 1));
    }

    @Test
    void resetHoldsACoreAndReleasingItStartsItAgainAtTheResetVector() throws InterruptedException
    {
        final Processor p = m.processor(0x11, 1);
        resetVector(c ->
        {
            c.waitForInterrupt(TimeUnit.SECONDS.toNanos(30), "nothing");
            return Processor.HALT;
        });
        final Trace trace = m.trace();
        p.start(0);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (p.state() != Processor.State.WAITING)
        {
            assertTrue(System.nanoTime() < deadline, p.toString());
            Thread.onSpinWait();
        }
        assertEquals(0b1101, r(HAT + Hat.STOPPED), "cores 0, 2 and 3 never started");
        w(HAT + Hat.RESET, 0b0010);
        assertEquals(0b1111, r(HAT + Hat.STOPPED), "core 1 held in reset");
        assertTrue(!p.thread().isAlive());
        w(HAT + Hat.RESET, 0);
        while (p.state() != Processor.State.WAITING)
        {
            assertTrue(System.nanoTime() < deadline, p.toString());
            Thread.onSpinWait();
        }
        assertEquals(0b1101, r(HAT + Hat.STOPPED), "core 1 runs again");
        assertEquals(List.of("0x00000000", "0x00000000"), trace.events().stream()
            .filter(x -> x.kind() == EventKind.RESET && x.tid() == p.hardwareGid())
            .map(x -> String.valueOf(x.args().get("address"))).toList(), "two resets at the reset vector");
        assertTrue(trace.events().stream().anyMatch(x -> x.kind() == EventKind.HAT && x.name().equals("hat[0x11] " +
            "RESET") && x.tid() == 0), "the hypervisor's register writes are traced on its timeline");
    }

    /**
     * A core that halted reads STOPPED at once, while its host thread lives on: the monitor of a deterministic run
     * reads it right after the core handed the turn on, and its thread's last instructions take what the host gives.
     */
    @Test
    void aCoreThatHaltedReadsStoppedWhileItsHostThreadLivesOn() throws InterruptedException
    {
        final Processor p = m.processor(0x11, 1);
        resetVector(c -> Processor.HALT);
        final CountDownLatch halted = new CountDownLatch(1);
        final CountDownLatch end = new CountDownLatch(1);
        final Thread t = new Thread(() ->
        {
            p.runHere(0);
            halted.countDown();
            try
            {
                end.await(30, TimeUnit.SECONDS);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
        }, "core[0x11,1]'s host thread");
        t.start();
        try
        {
            assertTrue(halted.await(10, TimeUnit.SECONDS), "core 1 to halt");
            assertEquals(Processor.State.HALTED, p.state());
            assertTrue(t.isAlive());
            assertEquals(0b1111, r(HAT + Hat.STOPPED), "core 1 halted; cores 0, 2 and 3 never started");
        }
        finally
        {
            end.countDown();
            t.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    // the preloader in cluster 0's ROM window, its reset entry bound to the test's code
    private void resetVector(final CodeEntry entry)
    {
        final var reset = TestImages.preloader();
        m.bus().bank(0).window(0, reset.segments().get(0).fileSize()).putBytes(0, reset.segments().get(0).data());
        m.code().register("preloader.elf", ElfSymbols.of(reset));
        m.code().bind("reset", entry);
    }
}
