package org.smpboot.sim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.smpboot.runtime.region.Fill;
import org.smpboot.sim.TestImages;
import org.smpboot.sim.boot.BootOptions;
import org.smpboot.sim.hw.Bank;
import org.smpboot.sim.hw.CoreFault;
import org.smpboot.sim.hw.Machine;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.hw.Tty;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.image.DevType;
import org.smpboot.sim.image.Fat32Geometry;
import org.smpboot.sim.image.Fat32Reader;
import org.smpboot.sim.image.FatEntry;
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
import org.smpboot.sim.testing.Await;
import org.smpboot.sim.trace.BootPhase;

/** kernel_init D1 to D7 on the platforms of the boot-loader issue, from reset to every core ticking in idle. */
class KernelInitTest
{
    static PlatformSpec mesh(final int x, final int y, final int cores)
    {
        return new PlatformSpec(x, y, cores, 3, DeviceType.IOC_BDV, 64, 1, x - 1, y - 1, 4, 4, 2, List.of());
    }

    static PlatformBoot boot(final PlatformSpec spec, final BootLayout layout)
    {
        return new PlatformBoot(PlatformBuilder.build(spec), new BootOptions(layout, Duration.ofSeconds(120), false),
            MachineConfig.defaults().withFill(Fill.random(3)).withConsole(null)).readKernelMemory();
    }

    static Stream<Arguments> platforms()
    {
        return Stream.of(Arguments.of(mesh(1, 1, 1), BootLayout.ALMOS_MKH), Arguments.of(PlatformSpec.defaults(),
            BootLayout.ALMOS_MK), Arguments.of(mesh(4, 4, 4), BootLayout.ALMOS_MKH),
            Arguments.of(PlatformSpec.leti(), BootLayout.ALMOS_MK), Arguments.of(PlatformSpec.leti(),
            BootLayout.ALMOS_MKH));
    }

    /** What the disk holds, read on the host with {@link Fat32Reader} when the machine starts. */
    record Disk(Fat32Geometry geometry, List<FatEntry> root, int rootBytes)
    {
    }

    /** Boots, reading the machine's disk on the host first: what D6 must find in simulated memory. */
    static BootResult bootReadingDisk(final PlatformBoot boot, final AtomicReference<Disk> disk) throws Exception
    {
        boot.onStart(m ->
        {
            try (Fat32Reader fat = Fat32Reader.open(m.config().disk()))
            {
                disk.set(new Disk(fat.geometry(), fat.list(), fat.rootClusters().size() *
                    fat.geometry().clusterBytes()));
            }
            catch (final Exception e)
            {
                throw new IllegalStateException(e);
            }
        });
        return boot.run("random:3");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("platforms")
    void everyCoreReachesIdleAndTicks(final PlatformSpec spec, final BootLayout layout) throws Exception
    {
        final AtomicReference<Disk> disk = new AtomicReference<>();
        check(bootReadingDisk(boot(spec, layout), disk), disk.get());
    }

    @Test
    @Tag("slow") // a 1024-core boot: the full tier only (4x4x4 covers the same in the fast tier)
    void sixteenBySixteenClustersOfFourCoresReachIdle() throws Exception
    {
        final AtomicReference<Disk> disk = new AtomicReference<>();
        final BootResult r = bootReadingDisk(boot(mesh(16, 16, 4), BootLayout.ALMOS_MKH), disk);
        check(r, disk.get());
        assertEquals(1024, r.entries().size());
    }

    private static void check(final BootResult r, final Disk disk)
    {
        assertTrue(r.complete(), r.faults() + "\n" + r.txt0());
        final Platform p = r.platform();
        final KernelState k = r.kernel();
        for (final Core c : p.cores())
        {
            assertTrue(k.ticks(c.gid()) >= 1, "core " + c + " ticked in its idle thread");
        }
        // TXT0: one line per step, in order, after the boot-loader's, then the banner with the counts
        final List<String> lines = r.txt0().lines().toList();
        int at = lines.indexOf(lines.stream().filter(l -> l.startsWith("[BOOT] phase 4 done")).findFirst()
            .orElseThrow());
        for (final String step : List.of("D1", "D2", "D3", "D4", "D5", "D6", "D7"))
        {
            final int next = indexOf(lines, "[KINIT] " + step + " done at cycle ");
            assertTrue(next > at, step + " after the previous line:\n" + r.txt0());
            at = next;
        }
        final long withCores = p.clusters().stream().filter(c -> c.cores() > 0).count();
        assertTrue(lines.get(lines.size() - 1).matches("\\[KINIT\\] boot complete at cycle \\d+: " + withCores +
            " clusters, " + p.cores().size() + " cores, every core ticking in its idle thread"), r.txt0());
        assertTrue(r.txt0().contains(String.format("  %d cluster(s) / %d core(s)", withCores, p.cores().size())));
        assertEquals(List.of("D1", "D2", "D3", "D4", "D5", "D6", "D7"),
            k.steps().stream().map(KernelState.Step::step).toList());
        assertEquals(disk.root().stream().map(FatEntry::name).toList(), k.root(), "the summary's root directory");
        assertTrue(k.root().containsAll(List.of("arch_info.bin", "kernel.elf")), k.root().toString());
        checkKernelMemory(p, k, r.options().layout());
        checkChdevDirectories(p, k, r.options().layout());
        checkFileSystems(p, k, r.options().layout(), disk);
        for (final Cluster c : p.clusters())
        {
            if (c.cores() > 0)
            {
                // the map after kernel_init shows the page descriptors and the idle stacks in the kernel's zone
                final MemoryMap m = r.maps().stream().filter(x -> x.phase() == BootPhase.KERNEL && x.cxy() == c.cxy())
                    .findFirst().orElseThrow();
                assertTrue(m.holds("kernel").containsAll(List.of(Content.KERNEL, Content.BOOT_INFO,
                    Content.PAGE_DESCRIPTORS, Content.IDLE_STACKS, Content.CHDEV_DIR, Content.VFS)), m.text());
                assertEquals(c.cxy() == mounter(p), m.holds("kernel").contains(Content.FS_BUFFER),
                    "the FS buffer in the mounter's cluster only: " + m.text());
            }
        }
        checkPlacement(p, k);
    }

    /**
     * D3 and D5 as simulated memory holds them after the boot: each cluster's free lists cover exactly the pages that
     * are neither reserved (kernel, boot_info, descriptor array) nor held (the idle stacks: D6's buffer went back);
     * each idle thread's stack is an allocated block of its own cluster's page manager; process_zero's list holds
     * exactly the cluster's idle threads.
     */
    static void checkKernelMemory(final Platform p, final KernelState k, final BootLayout layout)
    {
        final KernelSymbols syms = KernelSymbols.of(TestImages.kernel(), layout.kernelShift());
        final int kernelEnd = TestImages.kernel().segment(".kdata").orElseThrow().paddr() +
            TestImages.kernel().segment(".kdata").orElseThrow().memSize() - layout.kernelShift();
        final int pagesOffset = (kernelEnd + 4095) / 4096;
        final KernelMemory mem = k.memory();
        assertTrue(mem != null, "kernel structures read back");
        final List<Cluster> withCores = p.clusters().stream().filter(c -> c.cores() > 0).toList();
        assertEquals(withCores.stream().map(Cluster::cxy).toList(), List.copyOf(mem.clusters().keySet()));
        for (final Cluster c : withCores)
        {
            final KernelMemory.Cluster kc = mem.cluster(c.cxy());
            final PageManager ppm = kc.ppm();
            final String where = String.format("cluster 0x%02x", c.cxy());
            assertEquals(pagesOffset * 4096, ppm.pagesTbl(), where + ": descriptors at the first free page");
            assertEquals(16384, ppm.pagesNr(), where);
            final int firstFree = pagesOffset + PageManager.tablePages(ppm.pagesNr());
            assertEquals(firstFree, ppm.reservedNr(), where + ": kernel, boot_info and descriptors reserved");
            for (int page = 0; page < firstFree; page++)
            {
                assertEquals(PageManager.PG_RESERVED, ppm.flags(page), where + " page " + page);
            }
            final BitSet held = new BitSet();
            final List<Integer> gids = p.cores().stream().filter(core -> core.cxy() == c.cxy()).map(Core::gid)
                .toList();
            assertEquals(c.cores(), kc.idle().size(), where + ": an idle thread per core descriptor");
            for (final KernelMemory.IdleThread t : kc.idle())
            {
                assertEquals(c.cxy(), t.cxy(), where);
                assertTrue(gids.contains(t.gid()), where + ": idle thread of gid " + t.gid());
                assertEquals(ThreadDescriptor.trdid(c.cxy(), t.lid()), t.trdid());
                assertEquals(ThreadDescriptor.THREAD_IDLE, t.type());
                assertEquals(syms.idleThreads() + t.lid() * KernelSymbols.IDLE_SIZE, t.address(), "in idle_threads");
                assertEquals(syms.processZero(), t.process());
                assertEquals(4096 << KernelInit.IDLE_STACK_ORDER, t.stackSize());
                final int page = t.stackBase() / 4096;
                assertEquals(0, t.stackBase() % 4096);
                assertEquals(PageManager.PG_ALLOCATED, ppm.flags(page), where + ": idle stack of " + t.gid() +
                    " allocated in its own cluster's descriptors");
                assertEquals(KernelInit.IDLE_STACK_ORDER, ppm.order(page));
                assertTrue(held.get(page, page + (1 << KernelInit.IDLE_STACK_ORDER)).isEmpty(), "stack given twice");
                held.set(page, page + (1 << KernelInit.IDLE_STACK_ORDER));
            }
            // D6: the dentry block in every cluster, the FS buffer in the I/O cluster's only
            final VfsRoot vfs = kc.vfs();
            if (vfs.ctx().dentries() != 0)
            {
                hold(ppm, held, vfs.ctx().dentries(), vfs.ctx().dentriesSize(), where + ": the dentry block");
            }
            if (PhysicalAddress.cxy(vfs.fat().bufferXp()) == c.cxy())
            {
                hold(ppm, held, (int)PhysicalAddress.offset(vfs.fat().bufferXp()), vfs.fat().bufferSize(),
                    where + ": the FS buffer");
            }
            PageManagerTest.checkCover(ppm, held);
            assertEquals(ppm.pagesNr() - firstFree - held.cardinality(), ppm.freePages(),
                where + ": every page free but the idle stacks, the dentries and the FS buffer");
            final KernelMemory.ProcessZero p0 = kc.processZero();
            assertEquals(0, p0.pid());
            assertEquals(c.cxy(), p0.cxy());
            assertEquals(c.cores(), p0.thNr());
            assertEquals(kc.idle().stream().map(KernelMemory.IdleThread::address).sorted().toList(),
                p0.threads().stream().sorted().toList(), where + ": process_zero's threads are the idle threads");
        }
    }

    /** A block a structure took from the page manager: allocated there, of its order, held by nothing else. */
    private static void hold(final PageManager ppm, final BitSet held, final int base, final int bytes,
        final String what)
    {
        final int page = base / 4096;
        final int pages = (bytes + 4095) / 4096;
        assertEquals(0, base % 4096, what);
        assertEquals(PageManager.PG_ALLOCATED, ppm.flags(page), what + " allocated in its own cluster's descriptors");
        final int order = ppm.order(page);
        assertTrue((1 << order) >= pages, what + ": order " + order + " for " + bytes + " bytes");
        assertTrue(held.get(page, page + (1 << order)).isEmpty(), what + " overlaps another block");
        held.set(page, page + (1 << order));
    }

    /**
     * D4 as the chdev directories hold it after the boot: every cluster's copy names every ICU and MMC (by cxy) and
     * every external chdev (by type and channel), each entry pointing at a descriptor of its type in the cluster that
     * hosts it; its DMA entries are its own cluster's channels only (private, as ALMOS-MKH's); and the directories
     * together name exactly the chdevs the summary lists.
     */
    static void checkChdevDirectories(final Platform p, final KernelState k, final BootLayout layout)
    {
        final KernelMemory mem = k.memory();
        final List<Cluster> withCores = p.clusters().stream().filter(c -> c.cores() > 0).toList();
        final List<Integer> hosts = withCores.stream().map(Cluster::cxy).toList();
        final List<ChdevDirectory.Entry> first = mem.cluster(hosts.get(0)).chdevDir();
        final List<ChdevDirectory.Entry> shared = first.stream().filter(e -> !e.privateDma()).toList();
        final long external = k.chdevs().stream().filter(c -> !c.internal() ||
            (c.type() == DevType.TXT_TTY && c.channel() == 0)).count();
        assertEquals(2 * hosts.size() + external, shared.size(), "an ICU and an MMC per cluster and every external " +
            "chdev in cluster " + hosts.get(0) + "'s copy: " + shared);
        for (final Cluster c : withCores)
        {
            final String where = String.format("chdev_dir of cluster 0x%02x", c.cxy());
            final List<ChdevDirectory.Entry> dir = mem.cluster(c.cxy()).chdevDir();
            assertEquals(shared, dir.stream().filter(e -> !e.privateDma()).toList(), where + ": the shared entries " +
                "are the same in every copy");
            for (final int cxy : hosts)
            {
                for (final DevType t : List.of(DevType.ICU_XCU, DevType.MMC_TSR))
                {
                    final ChdevDirectory.Entry e = dir.stream().filter(x -> x.slot() ==
                        ChdevDirectory.internalSlot(t, cxy, 0)).findFirst().orElseThrow(() ->
                        new AssertionError(where + " names no " + t + " of cluster " + cxy));
                    assertEquals(t, e.type(), where);
                    assertEquals(cxy, e.cxy(), where + ": " + t + " in its own cluster");
                }
            }
            final List<ChdevDirectory.Entry> dma = dir.stream().filter(ChdevDirectory.Entry::privateDma).toList();
            assertEquals(c.cores(), dma.size(), where + ": one DMA entry per channel of its own cluster");
            for (final ChdevDirectory.Entry e : dma)
            {
                assertEquals(DevType.DMA_SCL, e.type(), where);
                assertEquals(c.cxy(), e.cxy(), where + ": its own DMA channels, in its own memory");
                assertEquals(ChdevDirectory.internalSlot(DevType.DMA_SCL, c.cxy(), e.channel()), e.slot(), where);
            }
            for (final ChdevDirectory.Entry e : dir)
            {
                if (e.slot() >= ChdevDirectory.EXT)
                {
                    assertEquals(ChdevDirectory.externalSlot(e.type(), e.channel()), e.slot(), where + ": " + e);
                }
            }
        }
        // the summary's chdevs are the descriptors the directories point at
        assertEquals(k.chdevs().size(), shared.size() + withCores.stream().mapToInt(Cluster::cores).sum());
        for (final Chdev ch : k.chdevs())
        {
            assertTrue(hosts.contains(ch.host()), ch.toString());
        }
    }

    /**
     * D6 as memory holds it after the boot: in every cluster the FAT32 context matches the disk's boot sector, the
     * VFS context points at that cluster's own root inode, and the root's dentries are the disk's root directory, in
     * order, each linked in that cluster's own memory (pointers rebased: the copies point at their own dentries).
     */
    static void checkFileSystems(final Platform p, final KernelState k, final BootLayout layout, final Disk disk)
    {
        final KernelSymbols syms = KernelSymbols.of(TestImages.kernel(), layout.kernelShift());
        final Fat32Geometry g = disk.geometry();
        final long buffer = k.memory().cluster(mounter(p)).vfs().fat().bufferXp();
        assertEquals(mounter(p), PhysicalAddress.cxy(buffer), "the FS buffer in the mounter's cluster");
        for (final Cluster c : p.clusters().stream().filter(c -> c.cores() > 0).toList())
        {
            final String where = String.format("VFS of cluster 0x%02x", c.cxy());
            final VfsRoot vfs = k.memory().cluster(c.cxy()).vfs();
            assertEquals(new VfsRoot.Fat(g.fatSectors(), g.bytesPerSector(), g.sectorsPerCluster(),
                g.reservedSectors(), (int)g.dataStart(), g.rootCluster(), buffer, 4096 << 4, (int)g.clusterCount()),
                vfs.fat(), where + ": the FAT32 context is the boot sector's");
            assertEquals(VfsContext.FS_TYPE_FATFS, vfs.ctx().type(), where);
            assertEquals(g.clusterBytes(), vfs.ctx().clusterSize(), where);
            assertEquals(syms.fatfsCtx(), vfs.ctx().extend(), where);
            assertEquals(PhysicalAddress.of(c.cxy(), syms.vfsRoot()), vfs.ctx().rootXp(), where + ": its own root");
            final VfsRoot.Inode root = vfs.root();
            assertEquals(VfsInode.MAGIC, root.magic(), where);
            assertEquals(VfsInode.INODE_TYPE_DIR, root.type(), where);
            assertEquals(g.rootCluster(), root.cluster(), where);
            assertEquals(disk.rootBytes(), root.size(), where);
            assertEquals(syms.vfsCtx(), root.ctx(), where);
            assertEquals(disk.root().size(), root.childrenNr(), where);
            assertEquals(disk.root().stream().map(FatEntry::name).toList(), vfs.names(), where + ": the disk's root");
            final int block = vfs.ctx().dentries();
            int prev = root.address() + VfsInode.CHILDREN;
            for (int i = 0; i < disk.root().size(); i++)
            {
                final FatEntry e = disk.root().get(i);
                final VfsRoot.Dentry d = vfs.dentries().get(i);
                assertEquals(VfsDentry.MAGIC, d.magic(), where);
                assertEquals(block + i * VfsDentry.SIZE, d.address(), where + ": dentry " + i + " in its own block");
                assertEquals(root.address(), d.parent(), where);
                assertEquals(prev, d.prev(), where + ": list links rebased to this cluster's dentries");
                assertEquals((int)e.firstCluster(), d.cluster(), where + " " + e.name());
                assertEquals((int)e.size(), d.size(), where + " " + e.name());
                assertEquals(e.directory() ? VfsInode.INODE_TYPE_DIR : VfsInode.INODE_TYPE_FILE, d.type(), where);
                assertEquals(0, d.child(), where + ": the child's inode is not built at mount");
                prev = d.address() + VfsDentry.LIST;
            }
        }
    }

    /** D6's mounter: the I/O cluster's CP0, or core[0][0] when the I/O cluster has no cores (LETI). */
    private static int mounter(final Platform p)
    {
        return p.clusters().stream().anyMatch(c -> c.cxy() == p.ioCxy() && c.cores() > 0) ? p.ioCxy() : 0;
    }

    private static int indexOf(final List<String> lines, final String prefix)
    {
        for (int i = 0; i < lines.size(); i++)
        {
            if (lines.get(i).startsWith(prefix))
            {
                return i;
            }
        }
        return -1;
    }

    /** D4: internal chdevs in every cluster, external ones on cluster {@code index % clusters with cores}. */
    private static void checkPlacement(final Platform p, final KernelState k)
    {
        final List<Integer> hosts = p.clusters().stream().filter(c -> c.cores() > 0).map(Cluster::cxy).toList();
        final List<Chdev> external = k.chdevs().stream().filter(c -> !c.internal()).sorted(
            java.util.Comparator.comparingInt(Chdev::index)).toList();
        int expected = 0;
        final List<String> kinds = new ArrayList<>();
        for (final org.smpboot.sim.platform.Device d : p.devices())
        {
            if (d.type() == DeviceType.RAM_SCL || d.type() == DeviceType.ICU_XCU || d.type() == DeviceType.MMC_TSR ||
                d.type() == DeviceType.DMA_SCL || d.type() == DeviceType.PIC_TSR)
            {
                continue;
            }
            for (int ch = d.type() == DeviceType.TXT_TTY ? 1 : 0; ch < d.channels(); ch++)
            {
                kinds.add(d.type() + "/" + ch);
                expected++;
            }
        }
        assertEquals(expected, external.size(), kinds.toString());
        for (int i = 0; i < external.size(); i++)
        {
            assertEquals(i, external.get(i).index());
            assertEquals(hosts.get(i % hosts.size()), external.get(i).host(), "host of " + external.get(i));
        }
        for (final int cxy : hosts)
        {
            final List<DevType> internal = k.chdevs().stream().filter(c -> c.internal() && c.host() == cxy &&
                c.type() != DevType.TXT_TTY).map(Chdev::type).toList();
            final int cores = p.clusters().stream().filter(c -> c.cxy() == cxy).findFirst().orElseThrow().cores();
            assertEquals(2 + cores, internal.size(), "ICU, MMC and one DMA chdev per channel in " + cxy);
            assertEquals(List.of(DevType.ICU_XCU, DevType.MMC_TSR), internal.subList(0, 2));
        }
        assertEquals(1, k.chdevs().stream().filter(c -> c.type() == DevType.TXT_TTY && c.channel() == 0).count(),
            "one TXT0 chdev");
    }

    @Test
    void theDiskWritesD6sBufferOnlyWhileTheIoClustersPageManagerHoldsItAllocated() throws Exception
    {
        // every store a device (the IOC's DMA) makes into RAM once D3 has built the I/O cluster's page manager must
        // land in a block that manager marks allocated, of D6's order; the watcher stands in for the code guard here
        final PlatformBoot boot = boot(mesh(1, 1, 2), BootLayout.ALMOS_MKH);
        final KernelSymbols syms = KernelSymbols.of(TestImages.kernel(), BootLayout.ALMOS_MKH.kernelShift());
        final List<String> bad = new CopyOnWriteArrayList<>();
        final AtomicInteger checked = new AtomicInteger();
        boot.onStart(m -> m.bus().watch((who, paddr, len) ->
        {
            if (who instanceof Processor)
            {
                return;
            }
            final Bank bank = m.bus().bank(PhysicalAddress.cxy(paddr));
            final UnsafeBuffer header = bank.window(syms.ppm(), PageManager.HEADER_SIZE);
            final int pagesNr = header.getInt(PageManager.PAGES_NR);
            final int tbl = header.getInt(PageManager.PAGES_TBL);
            if (pagesNr != bank.size() / 4096 || tbl <= 0 || tbl % 4096 != 0 || tbl >= bank.size())
            {
                return; // before D3: the header is the reset fill
            }
            final PageManager ppm = new PageManager("ppm").wrap(header, syms.ppm(),
                bank.window(tbl, PageManager.tableBytes(pagesNr)));
            final int first = (int)(PhysicalAddress.offset(paddr) / 4096);
            for (int page = first; page <= (PhysicalAddress.offset(paddr) + len - 1) / 4096; page++)
            {
                final int head = page & -(1 << 4);
                if (ppm.flags(head) != PageManager.PG_ALLOCATED || ppm.order(head) != 4)
                {
                    bad.add(String.format("%s wrote page %d, whose block at %d has flags %d order %d", who.name(),
                        page, head, ppm.flags(head), ppm.order(head)));
                }
            }
            checked.incrementAndGet();
        }));
        final BootResult r = boot.run("random:3");
        assertTrue(r.complete(), r.faults().toString());
        assertTrue(checked.get() > 0, "the mount read the disk through the page manager's buffer");
        assertEquals(List.of(), bad.subList(0, Math.min(3, bad.size())), bad.size() + " pages written outside");
    }

    @Test
    void theGlobalBarrierCountsOnlyClustersWithCores() throws Exception
    {
        // LETI: 2 x 3 clusters whose top row has no cores; a count of 6 could never complete
        final BootResult r = boot(PlatformSpec.leti(), BootLayout.ALMOS_MKH).run("5a");
        assertTrue(r.complete(), r.faults().toString());
        assertTrue(r.txt0().contains(": 4 clusters, 16 cores"), r.txt0());
    }

    @Test
    void txt0BeforeItsInitialisationIsAFault()
    {
        try (Machine m = new Machine(PlatformBuilder.build(PlatformSpec.defaults()), MachineConfig.defaults()
            .withConsole(null).withFill(Fill.ZERO)))
        {
            final KernelSymbols syms = KernelSymbols.of(TestImages.kernel(), 0);
            final Printk printk = new Printk(0xF4000000L, 0, syms.globals(), TimeUnit.SECONDS.toNanos(1));
            final CoreFault f = assertThrows(CoreFault.class, () -> printk.println(m.processor(0x11, 2), "hello"));
            assertTrue(f.getMessage().endsWith("TXT0 written before its initialisation: \"hello\""), f.getMessage());
            m.bus().write32(m.processor(0, 0), PhysicalAddress.of(0, syms.globals() +
                KernelSymbols.TXT0_READY), 1);
            printk.println(m.processor(0x11, 2), "hello");
            assertEquals("hello\n", ((Tty)m.device(0, DeviceType.TXT_TTY)).output(0));
        }
    }

    @Test
    void aTtyInputReachesTheCoreServingItThroughTheIopicAndAWtiMailbox() throws Exception
    {
        final AtomicReference<Machine> machine = new AtomicReference<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final PlatformBoot boot = boot(PlatformSpec.defaults(), BootLayout.ALMOS_MKH).ticks(1_000_000);
        final AtomicReference<KernelState> state = new AtomicReference<>();
        boot.onStart(machine::set);
        final Thread feeder = new Thread(() ->
        {
            try
            {
                Await.until("the machine built", () -> machine.get() != null);
                final Machine m = machine.get();
                final KernelState k = kernelOf(boot);
                state.set(k);
                assertTrue(k.completion().await(60, TimeUnit.SECONDS), "boot complete");
                final Chdev tty1 = k.chdevs().stream().filter(c -> c.type() == DevType.TXT_TTY &&
                    c.channel() == 1).findFirst().orElseThrow();
                final int server = m.processor(tty1.host(), tty1.server()).gid();
                final long before = k.mailboxes(server);
                ((Tty)m.device(m.platform().ioCxy(), DeviceType.TXT_TTY)).feed(1, "x");
                Await.until("the serving core taking the TTY 1 interrupt", () -> k.mailboxes(server) != before);
            }
            catch (final Throwable t)
            {
                failure.set(t);
            }
            finally
            {
                final KernelState k = state.get();
                if (k != null)
                {
                    k.shutdown();
                }
            }
        });
        feeder.start();
        final BootResult r = boot.run("5a");
        feeder.join(TimeUnit.SECONDS.toMillis(60));
        assertEquals(null, failure.get());
        assertTrue(r.complete(), r.faults().toString());
    }

    private static KernelState kernelOf(final PlatformBoot boot)
    {
        Await.until("kernel_init's state", () -> boot.kernelState() != null);
        return boot.kernelState();
    }
}
