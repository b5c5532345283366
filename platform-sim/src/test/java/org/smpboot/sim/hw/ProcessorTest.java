package org.smpboot.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.smpboot.sim.TestImages;
import org.smpboot.sim.boot.ElfSymbols;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.image.ElfImage;
import org.smpboot.sim.image.ElfSegment;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;

class ProcessorTest
{
    private final Machine m = new Machine(PlatformBuilder.build(PlatformSpec.defaults()),
        MachineConfig.defaults().withConsole(null));
    private final ElfImage boot = TestImages.boot(BootLayout.ALMOS_MKH);
    private final int entry = boot.address("boot_entry");
    private final int init = boot.address("boot_init");

    @AfterEach
    void close()
    {
        m.close();
    }

    private void load(final int cxy)
    {
        final Processor p = m.processor(0, 0);
        for (final ElfSegment s : boot.segments())
        {
            m.bus().write(p, PhysicalAddress.of(cxy, s.paddr()), s.data(), 0, s.fileSize());
        }
    }

    @Test
    void coresResetWithTheirGidAndBothExtensionRegistersAtZero()
    {
        for (final Processor p : m.processors())
        {
            assertEquals(p.cxy() << 2 | p.lid(), p.gid());
            assertEquals(0, p.dataExt());
            assertEquals(0, p.instExt());
            assertEquals(Processor.State.RESET, p.state());
        }
        assertEquals(16, m.processors().size());
    }

    @Test
    void dataAccessesGoToTheDataExtensionCluster()
    {
        final Processor p = m.processor(0x11, 2);
        p.sw(0x1000, 42);
        assertEquals(42, m.bus().read32(p, PhysicalAddress.of(0, 0x1000)), "DATA is 0 at reset");
        p.dataExt(0x11);
        p.sw(0x1000, 43);
        assertEquals(43, m.bus().read32(p, PhysicalAddress.of(0x11, 0x1000)));
        assertEquals(42, p.remoteLw(0, 0x1000));
    }

    @Test
    void jumpsRunTheFunctionsBoundToTheImageSymbolsUntilHalt() throws Exception
    {
        m.code().register("boot.elf", ElfSymbols.of(boot));
        load(0);
        m.code().bind("boot_entry", core ->
        {
            core.phase("boot_entry");
            core.dataExt(core.cxy());
            return init;
        });
        m.code().bind("boot_init", core -> Processor.HALT);
        final Processor p = m.processor(0x01, 3);
        p.start(entry);
        p.thread().join(TimeUnit.SECONDS.toMillis(10));
        assertEquals(Processor.State.HALTED, p.state());
        assertEquals("boot_init", p.function());
        assertEquals(0x01, p.dataExt());
        assertEquals(List.of(), m.faults());
        // running a function fetches each of its lines once through the L1 instruction cache, from cluster 0
        final long lines = boot.symbols().stream().filter(s -> s.name().equals("boot_entry") ||
            s.name().equals("boot_init")).mapToLong(s -> (s.size() + 63) / 64).sum();
        assertEquals(lines, m.accesses().get(0x01, 0x00, AccessKind.FETCH), "both fetched from cluster 0");
        assertEquals(lines * 16, m.words(-1).get(0x01, 0x00, AccessKind.FETCH), "a line refill is a burst of 16 words");
    }

    @Test
    void codeThatNeverReturnsRunsTheNextJumpsInsideItselfAndFaultsStillStopTheCore() throws Exception
    {
        m.code().register("boot.elf", ElfSymbols.of(boot));
        load(0);
        final boolean[] after = {false};
        m.code().bind("boot_entry", core ->
        {
            // a main on a stack held for life: the rest of the core's jumps run inside this entry
            final long halt = core.runFrom(init);
            after[0] = true;
            return halt;
        });
        m.code().bind("boot_init", core ->
        {
            assertEquals("boot_init", core.function());
            return Processor.HALT;
        });
        final Processor p = m.processor(0x01, 3);
        p.start(entry);
        p.thread().join(TimeUnit.SECONDS.toMillis(10));
        assertEquals(Processor.State.HALTED, p.state());
        assertTrue(after[0], "runFrom returns HALT to its caller");
        assertEquals(2, p.progress(), "both jumps counted");

        m.code().bind("boot_init", core -> 0x1234);
        final Processor q = m.processor(0x10, 1);
        q.start(entry);
        q.thread().join(TimeUnit.SECONDS.toMillis(10));
        assertEquals(Processor.State.FAULTED, q.state());
        assertTrue(m.faults().get(0).getMessage().contains("jump to unknown address 0x00001234"),
            m.faults().toString());
    }

    @Test
    void aJumpToAnUnknownAddressIsAFaultNamingIt() throws Exception
    {
        m.code().register("boot.elf", ElfSymbols.of(boot));
        load(0);
        m.code().bind("boot_entry", core -> 0x1234);
        final Processor p = m.processor(0, 1);
        p.phase("phase 1");
        p.start(entry);
        p.thread().join(TimeUnit.SECONDS.toMillis(10));
        assertEquals(Processor.State.FAULTED, p.state());
        assertEquals("core[0x00,1] gid 0x001 fault in phase 'phase 1': jump to unknown address 0x00001234 " +
            "(physical 0x0000001234): no function of [boot.elf] starts there", m.faults().get(0).getMessage());
    }

    @Test
    void aJumpIntoAClusterWhereTheCodeWasNotCopiedFaults()
    {
        m.code().register("boot.elf", ElfSymbols.of(boot));
        m.code().bind("boot_init", core -> Processor.HALT);
        load(0);
        final Processor p = m.processor(0x10, 0);
        p.instExt(0x10);
        final CoreFault f = assertThrows(CoreFault.class, () -> m.code().resolve(p, init));
        assertTrue(f.getMessage().contains(String.format("jump to 0x%08x (boot_init of boot.elf) in cluster 0x10, " +
            "where that code is not loaded", init)), f.getMessage());
        // after the copy (phase 2 of the boot-loader) the same jump lands
        load(0x10);
        assertEquals("boot_init", m.code().resolve(p, init).symbol());
        // a function with no behaviour bound is a fault too
        assertTrue(assertThrows(CoreFault.class, () -> m.code().resolve(p, entry)).getMessage()
            .contains("no behaviour is bound to that function"));
    }

    @Test
    void aStoreOverCodeThatACoreIsExecutingIsRefusedNamingBothCores() throws Exception
    {
        m.code().register("boot.elf", ElfSymbols.of(boot));
        load(0);
        final java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        m.code().bind("boot_entry", core ->
        {
            inside.countDown();
            core.waitForInterrupt(TimeUnit.SECONDS.toNanos(30), "the test");
            return Processor.HALT;
        });
        final Processor sleeper = m.processor(0, 2);
        sleeper.start(entry);
        assertTrue(inside.await(10, TimeUnit.SECONDS));
        final Processor writer = m.processor(0x10, 0);
        writer.phase("phase 4: move kernel");
        final CoreFault f = assertThrows(CoreFault.class,
            () -> m.bus().set(writer, PhysicalAddress.of(0, entry - 0x10), 0x20, (byte)0));
        assertEquals(String.format("core[0x10,0] gid 0x040 fault in phase 'phase 4: move kernel': writes " +
            "[0x%08x, 0x%08x) of cluster 0x00 over boot_entry of boot.elf [0x%08x, 0x%08x), which core[0x00,2] gid " +
            "0x002 is executing", entry - 0x10, entry + 0x10, entry, entry + 0x100), f.getMessage());
        // the same bytes in another cluster, or next to the function, are fine
        m.bus().set(writer, PhysicalAddress.of(0x10, entry), 0x20, (byte)0);
        m.bus().set(writer, PhysicalAddress.of(0, entry + 0x100), 0x20, (byte)0);
    }

    @Test
    void aWaitIsBoundedAndNamesWhatItAwaited()
    {
        final Processor p = m.processor(0x01, 1);
        p.phase("preloader");
        final CoreFault f = assertThrows(CoreFault.class,
            () -> p.waitForInterrupt(TimeUnit.MILLISECONDS.toNanos(50), "the boot IPI in WTI 1"));
        assertEquals("core[0x01,1] gid 0x005 fault in phase 'preloader': wait for the boot IPI in WTI 1 timed out " +
            "after 50 ms with no XCU output line raised", f.getMessage());
    }

    @Test
    void aBusErrorStopsOnlyTheFaultingCore() throws Exception
    {
        m.code().register("boot.elf", ElfSymbols.of(boot));
        load(0);
        m.code().bind("boot_entry", core ->
        {
            if (core.lid() == 1)
            {
                core.phase("phase 4");
                core.remoteLw(0x33, 0);
            }
            return Processor.HALT;
        });
        m.start(entry);
        assertTrue(m.awaitStop(TimeUnit.SECONDS.toNanos(10)));
        assertEquals(4, m.faults().size(), "lid 1 of each of the 4 clusters");
        assertTrue(m.faults().get(0).getMessage().startsWith("bus error: core[0x"), m.faults().get(0).getMessage());
        assertTrue(m.faults().get(0).getMessage().contains("in phase 'phase 4': cluster 0x33 has no RAM and no device"));
        assertEquals(12, m.processors().stream().filter(p -> p.state() == Processor.State.HALTED).count());
    }
}
