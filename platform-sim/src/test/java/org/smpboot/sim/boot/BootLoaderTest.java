package org.smpboot.sim.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.smpboot.runtime.region.Fill;
import org.smpboot.sim.TestImages;
import org.smpboot.sim.hw.AccessKind;
import org.smpboot.sim.hw.AccessMatrix;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.image.ArchInfo;
import org.smpboot.sim.image.BootInfo;
import org.smpboot.sim.image.BootInfoWriter;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.image.ElfSegment;
import org.smpboot.sim.kernel.KernelEntry;
import org.smpboot.sim.platform.Cluster;
import org.smpboot.sim.platform.Core;
import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;
import org.smpboot.sim.run.BootResult;
import org.smpboot.sim.run.Content;
import org.smpboot.sim.run.MemoryMap;
import org.smpboot.sim.run.PlatformBoot;
import org.smpboot.sim.trace.BootPhase;

/** The TSAR boot-loader, phases 1 to 4, on the platforms and layouts issue 7 names. */
class BootLoaderTest
{
    static PlatformSpec mesh(final int x, final int y, final int cores)
    {
        return new PlatformSpec(x, y, cores, 3, DeviceType.IOC_BDV, 64, 1, x - 1, y - 1, 4, 4, 2, List.of());
    }

    static Stream<Arguments> boots()
    {
        final List<Arguments> list = new ArrayList<>();
        final String[] fills = {"5a", "zero", "random:7"};
        final PlatformSpec[] specs = {mesh(1, 1, 1), PlatformSpec.defaults(), mesh(4, 4, 4), PlatformSpec.leti()};
        int k = 0;
        for (final PlatformSpec s : specs)
        {
            for (final BootLayout l : BootLayout.values())
            {
                list.add(Arguments.of(s, l, fills[k++ % fills.length]));
            }
        }
        return list.stream();
    }

    static BootResult boot(final PlatformSpec spec, final BootLayout layout, final String fill, final boolean misorder)
        throws Exception
    {
        return new PlatformBoot(PlatformBuilder.build(spec), new BootOptions(layout, Duration.ofSeconds(120), misorder),
            MachineConfig.defaults().withFill(Fill.parse(fill, 1)).withConsole(null)).stopAtKernelInit().run(fill);
    }

    @ParameterizedTest(name = "{0} {1} fill {2}")
    @MethodSource("boots")
    void everyCoreEntersKernelInitWithItsClusterIndexStackAndBootInfo(final PlatformSpec spec,
        final BootLayout layout, final String fill) throws Exception
    {
        final BootResult r = boot(spec, layout, fill, false);
        assertTrue(r.complete(), r.faults() + "\n" + r.txt0());
        checkEntries(r);
        checkMaps(r);
        assertTrue(r.txt0().startsWith(Preloader.VERSION + "\n"), r.txt0());
        assertTrue(r.txt0().contains("[BOOT] phase 4 done"), r.txt0());
    }

    @Test
    @Tag("slow") // a 1024-core boot: the full tier only (4x4x4 covers the same in the fast tier)
    void sixteenBySixteenClustersOfFourCoresBoot() throws Exception
    {
        final BootResult r = boot(mesh(16, 16, 4), BootLayout.ALMOS_MKH, "random:16", false);
        assertTrue(r.complete(), r.faults().toString());
        assertEquals(1024, r.entries().size());
        checkEntries(r);
        checkMaps(r);
    }

    private static void checkEntries(final BootResult r)
    {
        final Platform p = r.platform();
        final BootLayout layout = r.options().layout();
        final int kdata = TestImages.kernel().segment(".kdata").orElseThrow().paddr() - layout.kernelShift();
        final Map<Integer, KernelEntry> byGid = r.entries().stream()
            .collect(Collectors.toMap(KernelEntry::gid, e -> e));
        assertEquals(p.cores().size(), byGid.size(), "each core entered kernel_init exactly once");
        for (final Core c : p.cores())
        {
            final KernelEntry e = byGid.get(c.gid());
            assertNotNull(e, "core " + c);
            assertEquals(c.cxy(), e.cxy(), "cxy of " + c);
            assertEquals(c.lid(), e.lid(), "lid of " + c);
            // below boot_entry's marker frame (16 bytes in boot.elf's .frames) at the top of its boot stack
            assertEquals(layout.stackPointer(c.lid()) - 16, e.sp(), "stack of " + c);
            assertEquals(c.cxy(), e.dataExt());
            assertEquals(c.cxy(), e.instExt(), "runs its own cluster's kernel copy");
            assertEquals(kdata, e.bootInfo(), "boot_info is the start of kdata");
        }
    }

    /** After each phase, each cluster's memory holds, zone by zone, what the seeds' steps leave there. */
    private static void checkMaps(final BootResult r)
    {
        final Platform p = r.platform();
        final boolean mk = r.options().layout() == BootLayout.ALMOS_MK;
        for (final Cluster c : p.clusters())
        {
            if (c.cores() == 0)
            {
                assertTrue(r.maps().stream().noneMatch(m -> m.cxy() == c.cxy()), "no RAM, no map");
                continue;
            }
            final boolean boot = c.cxy() == p.bootCxy();
            for (final BootPhase phase : List.of(BootPhase.PRELOADER, BootPhase.SEQUENTIAL, BootPhase.PARTIAL,
                BootPhase.PARALLEL))
            {
                final MemoryMap m = r.maps().stream().filter(x -> x.phase() == phase && x.cxy() == c.cxy())
                    .findFirst().orElseThrow(() -> new AssertionError("no map of " + c + " after " + phase));
                final int n = phase.ordinal() + 1;
                final Set<Content> kernel = EnumSet.noneOf(Content.class);
                final Set<Content> preloader = EnumSet.noneOf(Content.class);
                final boolean copied = boot ? n >= 2 : n >= 3;
                if (boot && !(mk && n == 4))
                {
                    preloader.add(Content.PRELOADER);
                }
                if (copied)
                {
                    kernel.add(mk && n < 4 ? Content.KERNEL_STAGED : Content.KERNEL);
                    kernel.add(Content.BOOT_INFO);
                }
                if (mk && n == 4)
                {
                    preloader.add(Content.KERNEL); // moved over the preloader zone
                }
                if (mk)
                {
                    kernel.addAll(preloader); // almos-mk's final kernel zone starts at 0x0
                }
                final String where = String.format("cluster 0x%02x after %s:%n%s", c.cxy(), phase.label(), m.text());
                assertEquals(preloader, m.holds("preloader"), where);
                assertEquals(kernel, m.holds("kernel"), where);
                assertEquals(boot || copied ? Set.of(Content.BOOT_LOADER) : Set.of(), m.holds("boot-loader"), where);
                assertEquals(copied ? Set.of(Content.ARCH_INFO) : Set.of(), m.holds("arch_info"), where);
                assertEquals(boot && copied ? Set.of(Content.KERNEL_ELF) : Set.of(), m.holds("kernel.elf"), where);
                final List<Integer> stacks = n == 4 ? IntStream.range(0, c.cores()).boxed().toList() :
                    copied ? List.of(0) : List.of();
                assertEquals(stacks, m.zone("boot stacks").stacks(), where);
                if (!copied && !(boot && n == 1))
                {
                    assertTrue(m.zones().stream().allMatch(z -> z.touched() == 0), "untouched: " + where);
                }
            }
        }
    }

    @Test
    void bootInfoInMemoryMatchesArchInfoForEveryCluster() throws Exception
    {
        final PlatformSpec spec = PlatformSpec.leti();
        final Platform p = PlatformBuilder.build(spec);
        final BootLayout layout = BootLayout.ALMOS_MKH;
        final ElfSegment kcode = TestImages.kernel().segment(".kcode").orElseThrow();
        final ElfSegment kdata = TestImages.kernel().segment(".kdata").orElseThrow();
        final List<String> mismatches = new ArrayList<>();
        new PlatformBoot(p, BootOptions.of(layout), MachineConfig.defaults().withConsole(null)).kernel(core ->
        {
            // what kernel_init receives in a0: compare it with a boot_info built from arch_info directly
            final UnsafeBuffer expected = new UnsafeBuffer(new byte[BootInfo.LENGTH]);
            BootInfoWriter.write(ArchInfo.of(p), core.dataExt(), new BootInfoWriter.KernelPlacement(layout.kernelBase(),
                kcode.memSize(), kdata.paddr() - layout.kernelShift(), kdata.memSize()), expected, 0);
            final byte[] actual = new byte[BootInfo.LENGTH];
            core.bus().peek(org.smpboot.sim.hw.PhysicalAddress.of(core.dataExt(), core.a0()), BootInfo.LENGTH)
                .getBytes(0, actual);
            if (!java.util.Arrays.equals(expected.byteArray(), actual))
            {
                mismatches.add(core.name());
            }
            return org.smpboot.sim.hw.Processor.HALT;
        }).run("5a");
        assertEquals(List.of(), mismatches);
    }

    @Test
    void theContentionOnClusterZeroGrowsFromPhaseThreeToPhaseFour() throws Exception
    {
        final BootResult r = boot(mesh(4, 4, 4), BootLayout.ALMOS_MKH, "5a", false);
        assertTrue(r.complete(), r.faults().toString());
        final AccessMatrix p3 = r.accesses().get(BootPhase.PARTIAL);
        final AccessMatrix p4 = r.accesses().get(BootPhase.PARALLEL);
        int remote3 = 0;
        int remote4 = 0;
        for (final Cluster c : r.platform().clusters())
        {
            if (c.cxy() == 0)
            {
                continue;
            }
            // every CP0 reads arch_info's core table and fetches its first code from cluster 0 in phase 3,
            // and every CPi does in phase 4
            assertTrue(p3.get(c.cxy(), 0, AccessKind.READ) > 0, "phase 3 reads from " + c);
            assertTrue(p3.get(c.cxy(), 0, AccessKind.FETCH) > 0, "phase 3 fetches from " + c);
            assertTrue(p4.get(c.cxy(), 0, AccessKind.FETCH) >= c.cores() - 1, "phase 4 fetches from " + c);
            remote3 += p3.get(c.cxy(), 0, AccessKind.READ) > 0 ? 1 : 0;
            remote4 += p4.get(c.cxy(), 0, AccessKind.READ) > 0 ? 1 : 0;
        }
        assertEquals(15, remote3);
        assertEquals(15, remote4);
        // arch_info searches: 15 CP0s in phase 3, 48 CPi (plus the 3 of cluster 0) in phase 4
        assertTrue(p4.get(0, 0, AccessKind.FETCH) + sumFromOthers(p4, AccessKind.FETCH) >
            sumFromOthers(p3, AccessKind.FETCH), "more cores fetch from cluster 0 in phase 4");
        assertFalse(r.txt0().isEmpty());
    }

    private static long sumFromOthers(final AccessMatrix m, final AccessKind kind)
    {
        long n = 0;
        for (int from = 1; from < 256; from++)
        {
            n += m.get(from, 0, kind);
        }
        return n;
    }

    @Test
    void theMisorderedVariantIsCaughtNamingBothCoresAndTheZone() throws Exception
    {
        final BootResult r = boot(PlatformSpec.defaults(), BootLayout.ALMOS_MK, "5a", true);
        assertFalse(r.complete());
        final String fault = r.faults().get(0);
        assertTrue(fault.startsWith("core[0x00,0] gid 0x000 fault in phase 'phase 4: move the kernel to 0x0': " +
            "writes [0x00000000, 0x00048000) of cluster 0x00 over reset of preloader.elf [0x00000000, 0x00000400), " +
            "which core[0x00,"), fault);
        assertTrue(fault.endsWith("is executing"), fault);
    }
}
