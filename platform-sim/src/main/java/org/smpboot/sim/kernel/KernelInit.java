package org.smpboot.sim.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.smpboot.runtime.barrier.Barrier;
import org.smpboot.runtime.barrier.CentralizedBarrier;
import org.smpboot.runtime.region.Slot;
import org.smpboot.runtime.wait.WaitPolicy;
import org.smpboot.sim.driver.BarrierKind;
import org.smpboot.sim.driver.BdvDriver;
import org.smpboot.sim.driver.CallFrames;
import org.smpboot.sim.driver.CoreWaits;
import org.smpboot.sim.driver.LockWord;
import org.smpboot.sim.hw.AddressSpace;
import org.smpboot.sim.hw.CodeMap;
import org.smpboot.sim.hw.CoreFault;
import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.hw.StackRegister;
import org.smpboot.sim.hw.Xcu;
import org.smpboot.sim.image.ArchInfo.Irq;
import org.smpboot.sim.image.BootDevice;
import org.smpboot.sim.image.BootInfo;
import org.smpboot.sim.image.DevType;
import org.smpboot.sim.image.Fat32Geometry;
import org.smpboot.sim.image.Fat32Reader;
import org.smpboot.sim.image.FatEntry;
import org.smpboot.sim.image.ImageFormatException;
import org.smpboot.sim.trace.BootPhase;
import org.smpboot.sim.trace.TracedBarrier;

/**
 * {@code kernel_init(boot_info)} and the idle thread, seed 003 part D and DESIGN.md 3.5: every core runs the steps in
 * parallel, some steps by the CP0 (lid 0) only, and a "synchronisation barrier" is the kernel's
 * {@code global_barrier} among the CP0s (the instance in cluster 0's kdata) followed by the {@code local_barrier} of
 * each cluster's kdata, both runtime {@link CentralizedBarrier} flyweights.
 * <ol>
 * <li>D1: each core finds its (cxy, lid) by an associative search of its gid in boot_info; the CP0 writes
 * {@code local_cxy}.</li>
 * <li>D2: the CP0 of the I/O cluster (or core[0][0] when the I/O cluster has no cores) creates the TXT0 chdev, enters
 * it in every cluster's {@link ChdevDirectory} and marks TXT0 ready; barrier 1 (nobody prints before: {@link Printk}
 * checks).</li>
 * <li>D3: each CP0 builds its cluster manager in its cluster's kdata: the core descriptors ({@link CoreDescriptor}),
 * the physical page manager ({@link PageManager}: a page descriptor array at the first free page and one free list
 * per order, built in one walk of the pages with the kernel, the array itself and boot_info's reserved zones
 * excluded), process_zero ({@link ProcessDescriptor}: pid 0, no thread yet); barrier 2.</li>
 * <li>D4: each CP0 creates its internal chdevs (ICU, then MMC, then one per DMA channel), opens one WTI mailbox per
 * core for IPIs (WTI lid on the core's first output), creates the external chdevs whose global index modulo the
 * clusters with cores names its cluster, and binds each of their IOPIC inputs to a fresh WTI mailbox of its XCU
 * (above the IPI ones) served by core {@code index % cores}; it enters its ICU, MMC and external chdevs in every
 * cluster's {@link ChdevDirectory} and its DMA channels in its own; barrier 3.</li>
 * <li>D5: each core writes its idle thread descriptor ({@link ThreadDescriptor}) in {@code idle_threads}, with a
 * kernel stack taken from its cluster's page manager, and links it into process_zero's thread list.</li>
 * <li>D6: the CP0 of the I/O cluster (or core[0][0]) mounts the FAT32 volume through the IOC into an FS buffer taken
 * from its page manager, and writes the {@link FatfsContext}, the {@link VfsContext}, the root {@link VfsInode} and
 * one {@link VfsDentry} per root entry in its cluster; barrier 4; every other CP0 copies them into its own cluster,
 * pointers rebased (ALMOS-MKH's step 5); barrier 5.</li>
 * <li>D7: each core programs its XCU timer (PTI lid, unmasked on its first output) and jumps to
 * {@code thread_idle_func}, which waits for interrupts, acknowledges them and counts ticks. When every core of every
 * cluster has taken a tick, the core that completes the count prints the banner: the boot is complete.</li>
 * </ol>
 * Nothing is carried between the two functions but registers and simulated memory. At boot completion the observer
 * ({@link KernelState}) reads the chdevs and the root directory back from that memory, raw.
 */
public final class KernelInit
{
    /** Default period of the scheduler tick, in cycles. */
    public static final int TICK_CYCLES = 20_000;
    /** The FAT32 buffer D6 takes from the page manager: 2^4 pages. */
    private static final int FS_BUFFER_ORDER = 4;
    /** An idle thread's kernel stack: 2^2 pages (16 KiB, ALMOS-MKH's CONFIG_THREAD_DESC_SIZE). */
    static final int IDLE_STACK_ORDER = 2;

    private final KernelSymbols syms;
    private final KernelState state;
    private final long timeoutNanos;
    private final int tickCycles;
    private KernelBarriers barriers = KernelBarriers.SENSE_REVERSING;
    private BarrierKind kind = BarrierKind.almosMkh();
    private CallFrames frames;

    /**
     * @param syms         where kernel.elf's objects run.
     * @param state        the observer's record.
     * @param timeoutNanos the bound of every wait, on the machine's time.
     * @param tickCycles   the timer period.
     */
    public KernelInit(final KernelSymbols syms, final KernelState state, final long timeoutNanos,
        final int tickCycles)
    {
        this.syms = syms;
        this.state = state;
        this.timeoutNanos = timeoutNanos;
        this.tickCycles = tickCycles;
    }

    /**
     * @param kind how the global and local barriers are made (a schedule explorer's broken variant; the runtime's
     *             sense-reversing barrier by default).
     * @return this.
     */
    public KernelInit barriers(final KernelBarriers kind)
    {
        this.barriers = kind;
        return this;
    }

    /**
     * @param k the runtime's barrier class behind global_barrier and local_barrier (ALMOS-MKH's centralized one by
     *          default), as the boot-loader placed and initialised them ({@link BarrierKind}).
     * @return this.
     */
    public KernelInit barrierKind(final BarrierKind k)
    {
        this.kind = k;
        return this;
    }

    /**
     * @param f the prologues of kernel.elf's functions, from its {@code .frames} ({@link CallFrames}): kernel_init,
     *          cluster_init and thread_idle_func push their frames on the core's boot stack.
     * @return this.
     */
    public KernelInit frames(final CallFrames f)
    {
        this.frames = f;
        return this;
    }

    /**
     * @param code the code map: binds {@code kernel_init} and {@code thread_idle_func}.
     */
    public void bind(final CodeMap code)
    {
        code.bind("kernel_init", this::kernelInit);
        code.bind("thread_idle_func", this::idle);
    }

    private BootInfo info(final Processor core)
    {
        return new BootInfo().wrap(core.window(core.dataExt(), core.a0(), BootInfo.LENGTH), 0);
    }

    private long kernelInit(final Processor core)
    {
        core.counts().epoch(BootPhase.KERNEL.ordinal());
        // on the boot stack the boot-loader left: kernel_init's frame stays, as it never returns (it jumps to idle)
        final int entrySp = core.sp();
        frames().enter(core, "kernel_init");
        // D1
        step(core, "D1: identification");
        final BootInfo info = info(core);
        final int entry = info.findCore(core.gid());
        if (info.signature() != BootInfo.SIGNATURE || entry < 0)
        {
            throw new CoreFault(core, String.format("gid 0x%03x not found in boot_info at 0x%08x (signature " +
                "0x%08x)", core.gid(), core.a0(), info.signature()));
        }
        final int cxy = info.core(entry).cxy();
        final int lid = info.core(entry).lid();
        state.enter(new KernelEntry(core.gid(), cxy, lid, entrySp, core.dataExt(), core.instExt(), core.a0()),
            core.cycles());
        if (lid == 0)
        {
            core.remoteSw(cxy, syms.localCxy(), cxy);
        }
        final int cores = info.coresNr();
        // the clusters with cores (a byte of boot_info each) matter to the cores that join global_barrier (the first
        // of each cluster) or create chdevs (lid 0): the others do not walk the table
        final List<Integer> clusters = entry == 0 || lid == 0 ? info.clustersWithCoresList() : List.of();
        final int rank = clusters.indexOf(cxy);
        final int console = txt0Core(info);
        final boolean logs = cxy == 0 && lid == 0;
        // the barriers' flyweights, wrapped once (each reads its shape from memory) for the five rendezvous
        final Barrier global = entry == 0 ? globalBarrier(core, clusters, info.yWidth()) : null;
        final Barrier local = barrier(core, core.dataExt(), syms.localBarrier(), cores, null, info.yWidth(),
            BarrierKind.localName("kernel local_barrier", core.dataExt()));

        // D2
        step(core, "D2: TXT0");
        // only the core that creates TXT0 and the one that logs look TXT0 up in boot_info (a walk of the external
        // devices: 140 reads a core at 16x16x4, which the other 1,022 cores made for nothing)
        final boolean createsTxt0 = lid == 0 && cxy == console;
        final long tty = createsTxt0 || logs ? external(info, DevType.TXT_TTY).base() : -1;
        final Printk printk = logs ? new Printk(tty, 0, syms.globals(), timeoutNanos) : null;
        if (createsTxt0)
        {
            final int at = newChdev(core, cxy, new Chdev(DevType.TXT_TTY, 0, -1, cxy, tty, 0, -1, -1, 0));
            // txt[0] in every cluster's chdev_dir: any kernel instance prints on TXT0 through its own copy
            register(core, clusters, ChdevDirectory.externalSlot(DevType.TXT_TTY, 0), PhysicalAddress.of(cxy, at));
            core.bus().write32(core, PhysicalAddress.of(0, syms.globals() + KernelSymbols.TXT0_READY), 1);
        }
        sync(core, global, local, rank, entry, 1);
        if (logs)
        {
            done(core, printk, "D1", "cores identified, local_cxy set");
            done(core, printk, "D2", String.format("TXT0 initialised by core[0x%02x,0]", console));
        }

        // D3
        step(core, "D3: cluster manager");
        if (lid == 0)
        {
            core.call("cluster_init");
            final StackRegister.Frame frame = frames().enter(core, "cluster_init");
            clusterManager(core, info, cxy);
            frames().leave(core, frame);
        }
        sync(core, global, local, rank, entry, 2);
        if (logs)
        {
            done(core, printk, "D3", "cluster managers, page managers and process_zero built");
        }

        // D4
        step(core, "D4: devices");
        if (lid == 0)
        {
            devices(core, info, cxy, clusters);
        }
        sync(core, global, local, rank, entry, 3);
        if (logs)
        {
            done(core, printk, "D4", String.format("%d chdevs created, IOPIC inputs bound to WTI mailboxes",
                chdevCount(core, clusters)));
        }

        // D5
        step(core, "D5: idle thread");
        idleThread(core, cxy, lid, entry);

        // D6
        step(core, "D6: file system");
        if (lid == 0 && cxy == console)
        {
            mount(core, info, cxy);
        }
        sync(core, global, local, rank, entry, 4);
        // ALMOS-MKH's step 5: every other CP0 copies the FAT32 context and the VFS root from the I/O cluster
        step(core, "D6: VFS copy");
        if (lid == 0 && cxy != console)
        {
            copyVfs(core, console, cxy);
        }
        sync(core, global, local, rank, entry, 5);
        if (logs)
        {
            done(core, printk, "D5", "idle threads created");
            done(core, printk, "D6", "FAT32 volume mounted, root directory: " + String.join(" ",
                rootNames(core, cxy)));
        }

        // D7
        step(core, "D7: timer tick");
        final long xcu = info.internalDevice(0).base();
        core.bus().write32(core, xcu + Xcu.offset(Xcu.PTI_PER, lid), tickCycles);
        core.bus().write32(core, xcu + Xcu.offset(Xcu.MSK_PTI_ENABLE, info.irqsPerCore() * lid), 1 << lid);
        if (logs)
        {
            done(core, printk, "D7", "every core enables its tick and enters its idle thread");
        }
        core.phase(BootPhase.KERNEL.step("idle"));
        return syms.idleFunc() & 0xFFFF_FFFFL;
    }

    private void step(final Processor core, final String step)
    {
        core.phase(BootPhase.KERNEL.step(step));
    }

    private void done(final Processor core, final Printk printk, final String step, final String what)
    {
        final long cycle = core.cycles();
        state.step(step, what, cycle);
        printk.println(core, String.format("[KINIT] %s done at cycle %d: %s", step, cycle, what));
    }

    /** D2's rule (DESIGN.md 3.4): the CP0 of the I/O cluster when it has cores, else core[0][0]. */
    private static int txt0Core(final BootInfo info)
    {
        final int io = info.ioCxy();
        final int yWidth = info.yWidth();
        return (info.clusterInfo(io >>> yWidth, io & ((1 << yWidth) - 1)) & BootInfo.HAS_CORES) != 0 ? io : 0;
    }

    private void sync(final Processor core, final Barrier global, final Barrier local, final int rank,
        final int entry, final int n)
    {
        // a core's participant number is its place in boot_info, not its lid: the boot-loader may leave cores out
        core.phase(core.phase() + " / barrier " + n);
        if (entry == 0)
        {
            TracedBarrier.await(core, global, rank, timeoutNanos);
        }
        TracedBarrier.await(core, local, entry, timeoutNanos);
    }

    /**
     * The kernel's global_barrier: the instance in cluster 0's kdata, or interleaved over the clusters.
     *
     * @param yWidth bits of y in a cxy, from boot_info (the hierarchical barrier groups the clusters by column).
     */
    private Barrier globalBarrier(final Processor core, final List<Integer> clusters, final int yWidth)
    {
        final int parties = clusters.size();
        if (kind.interleaved() && barriers == KernelBarriers.SENSE_REVERSING)
        {
            return kind.wrap(core.bus().interleavedWindow(core, BarrierKind.stripeOrder(clusters),
                syms.globalBarrier(), Slot.LENGTH, kind.footprint(parties, clusters, yWidth), -1),
                CoreWaits.policy(core, parties, timeoutNanos), "kernel global_barrier");
        }
        return barrier(core, 0, syms.globalBarrier(), parties, clusters, yWidth, "kernel global_barrier");
    }

    private Barrier barrier(final Processor core, final int cxy, final int address, final int parties,
        final List<Integer> clusters, final int yWidth, final String name)
    {
        final WaitPolicy policy = CoreWaits.policy(core, parties, timeoutNanos);
        if (barriers != KernelBarriers.SENSE_REVERSING)
        {
            // a schedule explorer's variant over the centralized barrier's words
            return barriers.make(core.window(cxy, address, CentralizedBarrier.footprint(parties)), 0, parties, policy,
                name);
        }
        return kind.wrap(core.window(cxy, address, kind.footprint(parties, clusters, yWidth)), policy, name);
    }

    // ---------------------------------------------------------------------------------------------- D3

    private void clusterManager(final Processor core, final BootInfo info, final int cxy)
    {
        for (int i = 0; i < info.coresNr(); i++)
        {
            final int at = syms.coreDescriptors() + i * KernelSymbols.CORE_SIZE;
            core.remoteSw(cxy, at + CoreDescriptor.GID, info.core(i).gid());
            core.remoteSw(cxy, at + CoreDescriptor.LID, info.core(i).lid());
            core.remoteSw(cxy, at + CoreDescriptor.CXY, cxy);
            core.remoteSw(cxy, at + CoreDescriptor.IPI_WTI, i);
            core.remoteSw(cxy, at + CoreDescriptor.IDLE, 0);
        }
        // ppm_init: the descriptor array at the first free page, the lists built in one walk of the pages
        final int pagesNr = info.pagesNr();
        final int pagesOffset = info.pagesOffset();
        if (pagesNr <= 0 || pagesOffset + PageManager.tablePages(pagesNr) >= pagesNr)
        {
            throw new CoreFault(core, String.format("cluster 0x%02x: %d pages of RAM leave no room for the page " +
                "manager above the kernel (pages_offset %d)", cxy, pagesNr, pagesOffset));
        }
        new PageManager(ppmName(cxy)).init(core.window(cxy, syms.ppm(), PageManager.HEADER_SIZE), syms.ppm(),
            core.window(cxy, pagesOffset * PageManager.PAGE, PageManager.tableBytes(pagesNr)), pagesNr, pagesOffset,
            info.reserved());
        // process_zero: pid 0, this cluster, no thread yet (D5 links the idle threads in)
        final int p0 = syms.processZero();
        core.remoteSw(cxy, p0 + ProcessDescriptor.PID, 0);
        core.remoteSw(cxy, p0 + ProcessDescriptor.CXY, cxy);
        core.remoteSw(cxy, p0 + ProcessDescriptor.TH_NR, 0);
        core.remoteSw(cxy, p0 + ProcessDescriptor.TH_LOCK, 0);
        core.remoteSw(cxy, p0 + ProcessDescriptor.TH_ROOT, p0 + ProcessDescriptor.TH_ROOT);
        core.remoteSw(cxy, p0 + ProcessDescriptor.TH_ROOT + 4, p0 + ProcessDescriptor.TH_ROOT);
        // the WTI mailboxes below cores_nr are the IPIs; chdev and tick counts start at 0 as kdata's bss, which
        // the boot-loader zeroed (and TXT0's chdev may already be counted here)
        core.remoteSw(cxy, syms.globals() + KernelSymbols.NEXT_WTI, info.coresNr());
    }

    private static String ppmName(final int cxy)
    {
        return String.format("ppm[0x%02x]", cxy);
    }

    /** The cluster's page manager, as D3 built it, on this core's counted windows. */
    private PageManager ppm(final Processor core, final int cxy)
    {
        final int pagesNr = core.remoteLw(cxy, syms.ppm() + PageManager.PAGES_NR);
        final int tbl = core.remoteLw(cxy, syms.ppm() + PageManager.PAGES_TBL);
        return new PageManager(ppmName(cxy)).wrap(core.window(cxy, syms.ppm(), PageManager.HEADER_SIZE), syms.ppm(),
            core.window(cxy, tbl, PageManager.tableBytes(pagesNr)));
    }

    /** {@code ppm_alloc_pages} under the ppm's lock; running out is the core's fault. */
    private int allocatePages(final Processor core, final int cxy, final int order, final String what)
    {
        lock(core, cxy, syms.ppm() + PageManager.FREE_LOCK, ppmName(cxy) + "'s free_lock");
        try
        {
            return ppm(core, cxy).allocate(order);
        }
        catch (final OutOfPagesException e)
        {
            throw new CoreFault(core, what + ": " + e.getMessage());
        }
        finally
        {
            unlock(core, cxy, syms.ppm() + PageManager.FREE_LOCK);
        }
    }

    /** {@code ppm_free_pages} under the ppm's lock. */
    private void releasePages(final Processor core, final int cxy, final int page)
    {
        lock(core, cxy, syms.ppm() + PageManager.FREE_LOCK, ppmName(cxy) + "'s free_lock");
        try
        {
            ppm(core, cxy).release(page);
        }
        catch (final IllegalStateException e)
        {
            throw new CoreFault(core, e.getMessage());
        }
        finally
        {
            unlock(core, cxy, syms.ppm() + PageManager.FREE_LOCK);
        }
    }

    /** A lock word in simulated memory ({@link LockWord}), bounded by kernel_init's timeout. */
    private void lock(final Processor core, final int cxy, final int address, final String name)
    {
        LockWord.acquire(core, cxy, address, timeoutNanos, name);
    }

    private static void unlock(final Processor core, final int cxy, final int address)
    {
        LockWord.release(core, cxy, address);
    }

    // ---------------------------------------------------------------------------------------------- D4

    private void devices(final Processor core, final BootInfo info, final int cxy, final List<Integer> clusters)
    {
        for (final BootDevice d : info.internalDevices())
        {
            final int channels = d.type() == DevType.DMA_SCL ? d.channels() : 1;
            if (channels > ChdevDirectory.MAX_DMA_CHANNELS)
            {
                throw new CoreFault(core, String.format("cluster 0x%02x: %d DMA channels, chdev_dir has room for %d",
                    cxy, channels, ChdevDirectory.MAX_DMA_CHANNELS));
            }
            for (int c = 0; c < channels; c++)
            {
                final int at = newChdev(core, cxy, new Chdev(d.type(), c, -1, cxy, d.base(), c % info.coresNr(), -1,
                    -1, 0));
                final long xp = PhysicalAddress.of(cxy, at);
                if (d.type() == DevType.DMA_SCL)
                {
                    // private: only this cluster's copy names its DMA channels
                    core.bus().write64(core, PhysicalAddress.of(cxy, syms.chdevDir() +
                        ChdevDirectory.internalSlot(d.type(), cxy, c)), xp);
                }
                else
                {
                    register(core, clusters, ChdevDirectory.internalSlot(d.type(), cxy, c), xp);
                }
            }
        }
        final long xcu = info.internalDevice(0).base();
        for (int i = 0; i < info.coresNr(); i++)
        {
            final int lid = info.core(i).lid(); // boot_info lists the usable cores only: lids may have holes
            core.bus().write32(core, xcu + Xcu.offset(Xcu.MSK_WTI_ENABLE, info.irqsPerCore() * lid), 1 << i);
        }
        final BootDevice pic = external(info, DevType.PIC_TSR);
        int index = 0;
        for (final BootDevice d : info.externalDevices())
        {
            if (d.type() == DevType.PIC_TSR)
            {
                continue; // the IOPIC is the interrupt router, not a channel device
            }
            for (int c = 0; c < d.channels(); c++)
            {
                if (d.type() == DevType.TXT_TTY && c == 0)
                {
                    continue; // TXT0: created in D2
                }
                final int host = clusters.get(index % clusters.size());
                if (host == cxy)
                {
                    external(core, info, cxy, clusters, d, c, index, pic, xcu);
                }
                index++;
            }
        }
    }

    private void external(final Processor core, final BootInfo info, final int cxy, final List<Integer> clusters,
        final BootDevice d, final int channel, final int index, final BootDevice pic, final long xcu)
    {
        final int slot = ChdevDirectory.externalSlot(d.type(), channel);
        if (slot < 0)
        {
            throw new CoreFault(core, String.format("%s channel %d: chdev_dir has room for %d channels per device",
                d.type(), channel, ChdevDirectory.MAX_EXT_CHANNELS));
        }
        final int server = info.core(index % info.coresNr()).lid();
        int wti = -1;
        int input = -1;
        for (int port = 0; pic != null && port < pic.irqs().size(); port++)
        {
            final Irq irq = pic.irqs().get(port);
            if (!irq.valid() || irq.source() != d.type() || irq.channel() != channel)
            {
                continue;
            }
            final int w = core.remoteAtomicAdd(cxy, syms.globals() + KernelSymbols.NEXT_WTI, 1);
            if (w >= 16)
            {
                throw new CoreFault(core, String.format("no free WTI mailbox left in xcu[0x%02x] for %s channel %d",
                    cxy, d.type(), channel));
            }
            final long in = pic.base() + port * 16L;
            core.bus().write32(core, in, (int)(xcu + Xcu.offset(Xcu.WTI_REG, w)));
            core.bus().write32(core, in + 4, cxy);
            core.bus().write32(core, xcu + Xcu.offset(Xcu.MSK_WTI_ENABLE, info.irqsPerCore() * server), 1 << w);
            core.bus().write32(core, in + 12, 1);
            if (wti < 0)
            {
                wti = w;
                input = port;
            }
        }
        final Chdev chdev = new Chdev(d.type(), channel, index, cxy, d.base() + channelSpan(d, channel), server, wti,
            input, 0);
        register(core, clusters, slot, PhysicalAddress.of(cxy, newChdev(core, cxy, chdev)));
    }

    /**
     * Writes a shared chdev's extended pointer into the chdev_dir copy of every cluster with cores (remote 64-bit
     * stores, local for the writer's own): ALMOS-MKH's loop over the clusters in internal_devices_init,
     * external_devices_init and txt0_device_init.
     */
    private void register(final Processor core, final List<Integer> clusters, final int slot, final long xp)
    {
        for (final int c : clusters)
        {
            core.bus().write64(core, PhysicalAddress.of(c, syms.chdevDir() + slot), xp);
        }
    }

    /** The chdevs every cluster counted in its kernel_globals, summed by remote reads (D4's log line). */
    private int chdevCount(final Processor core, final List<Integer> clusters)
    {
        int n = 0;
        for (final int c : clusters)
        {
            n += core.remoteLw(c, syms.globals() + KernelSymbols.CHDEV_COUNT);
        }
        return n;
    }

    private static long channelSpan(final BootDevice d, final int channel)
    {
        return d.type() == DevType.TXT_TTY ? channel * 16L : 0;
    }

    private int newChdev(final Processor core, final int cxy, final Chdev c)
    {
        final int n = core.remoteAtomicAdd(cxy, syms.globals() + KernelSymbols.CHDEV_COUNT, 1);
        if ((n + 1) * Chdev.SIZE > syms.chdevsSize())
        {
            throw new CoreFault(core, String.format("chdevs of cluster 0x%02x full (%d)", cxy, n));
        }
        final int at = syms.chdevs() + n * Chdev.SIZE;
        c.write(core.window(cxy, at, Chdev.SIZE));
        return at;
    }

    private static BootDevice external(final BootInfo info, final DevType type)
    {
        return info.externalDevices().stream().filter(d -> d.type() == type).findFirst().orElse(null);
    }

    // ---------------------------------------------------------------------------------------------- D5

    /**
     * D5: the core writes its idle thread descriptor in its slot of {@code idle_threads}, with a kernel stack of
     * {@value #IDLE_STACK_ORDER}-order pages from its cluster's page manager, links it at the tail of process_zero's
     * thread list (under th_lock) and points its core descriptor at it.
     */
    private void idleThread(final Processor core, final int cxy, final int lid, final int entry)
    {
        final int idle = syms.idleThreads() + lid * KernelSymbols.IDLE_SIZE;
        final int stack = allocatePages(core, cxy, IDLE_STACK_ORDER, "the idle thread's kernel stack") *
            PageManager.PAGE;
        final int p0 = syms.processZero();
        core.remoteSw(cxy, idle + ThreadDescriptor.TRDID, ThreadDescriptor.trdid(cxy, lid));
        core.remoteSw(cxy, idle + ThreadDescriptor.TYPE, ThreadDescriptor.THREAD_IDLE);
        core.remoteSw(cxy, idle + ThreadDescriptor.GID, core.gid());
        core.remoteSw(cxy, idle + ThreadDescriptor.LID, lid);
        core.remoteSw(cxy, idle + ThreadDescriptor.CXY, cxy);
        core.remoteSw(cxy, idle + ThreadDescriptor.PROCESS, p0);
        core.remoteSw(cxy, idle + ThreadDescriptor.STACK_BASE, stack);
        core.remoteSw(cxy, idle + ThreadDescriptor.STACK_SIZE, PageManager.PAGE << IDLE_STACK_ORDER);
        // list_add_last(&process_zero.th_root, &thread.list): root and entries share the (next, prev) layout
        final int root = p0 + ProcessDescriptor.TH_ROOT;
        final int link = idle + ThreadDescriptor.LIST;
        lock(core, cxy, p0 + ProcessDescriptor.TH_LOCK, String.format("process_zero[0x%02x]'s th_lock", cxy));
        final int last = core.remoteLw(cxy, root + 4);
        core.remoteSw(cxy, link, root);
        core.remoteSw(cxy, link + 4, last);
        core.remoteSw(cxy, last, link);
        core.remoteSw(cxy, root + 4, link);
        core.remoteSw(cxy, p0 + ProcessDescriptor.TH_NR, core.remoteLw(cxy, p0 + ProcessDescriptor.TH_NR) + 1);
        unlock(core, cxy, p0 + ProcessDescriptor.TH_LOCK);
        core.remoteSw(cxy, syms.coreDescriptors() + entry * KernelSymbols.CORE_SIZE + CoreDescriptor.IDLE, idle);
    }

    // ---------------------------------------------------------------------------------------------- D6

    /**
     * D6 by the I/O cluster's CP0: takes the FS buffer from its page manager (kept: the FAT32 context points at it),
     * reads the volume's boot sector and root directory through the IOC into it, then writes in its own cluster the
     * FAT32 context, the VFS context, the root inode and one dentry per root entry (a block of its page manager).
     */
    private void mount(final Processor core, final BootInfo info, final int cxy)
    {
        final BootDevice ioc = external(info, DevType.IOC_BDV);
        if (ioc == null)
        {
            throw new CoreFault(core, "no IOC_BDV among the external devices: the file system cannot be mounted");
        }
        final int buffer = allocatePages(core, cxy, FS_BUFFER_ORDER, "the FAT32 buffer") * PageManager.PAGE;
        final int bufferBytes = PageManager.PAGE << FS_BUFFER_ORDER;
        final Fat32Geometry g;
        final List<FatEntry> entries;
        final int rootBytes;
        try (Fat32Reader fat = Fat32Reader.open(new BdvDriver(core, ioc.base(), PhysicalAddress.of(cxy, buffer),
            bufferBytes, timeoutNanos)))
        {
            g = fat.geometry();
            entries = fat.list();
            rootBytes = fat.rootClusters().size() * g.clusterBytes();
        }
        catch (final IOException | ImageFormatException e)
        {
            throw new CoreFault(core, "mounting the FAT32 volume: " + e.getMessage());
        }
        final int f = syms.fatfsCtx();
        core.remoteSw(cxy, f + FatfsContext.FAT_SECTORS, g.fatSectors());
        core.remoteSw(cxy, f + FatfsContext.BYTES_PER_SECTOR, g.bytesPerSector());
        core.remoteSw(cxy, f + FatfsContext.SECTORS_PER_CLUSTER, g.sectorsPerCluster());
        core.remoteSw(cxy, f + FatfsContext.FAT_LBA, g.reservedSectors());
        core.remoteSw(cxy, f + FatfsContext.DATA_LBA, (int)g.dataStart());
        core.remoteSw(cxy, f + FatfsContext.ROOT_CLUSTER, g.rootCluster());
        core.bus().write64(core, PhysicalAddress.of(cxy, f + FatfsContext.BUFFER_XP), PhysicalAddress.of(cxy, buffer));
        core.remoteSw(cxy, f + FatfsContext.BUFFER_SIZE, bufferBytes);
        core.remoteSw(cxy, f + FatfsContext.CLUSTERS, (int)g.clusterCount());
        final int block = entries.isEmpty() ? 0 : allocatePages(core, cxy, dentryOrder(entries.size()),
            "the root directory's dentries") * PageManager.PAGE;
        vfsRoot(core, cxy, g.clusterBytes(), (int)g.clusterCount(), block, entries.size() * VfsDentry.SIZE,
            g.rootCluster(), rootBytes);
        for (int i = 0; i < entries.size(); i++)
        {
            final FatEntry e = entries.get(i);
            final int d = block + i * VfsDentry.SIZE;
            final byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
            final int length = Math.min(name.length, VfsDentry.NAME_MAX);
            final byte[] padded = new byte[VfsDentry.NAME_MAX];
            System.arraycopy(name, 0, padded, 0, length);
            core.remoteSw(cxy, d + VfsDentry.MAGIC_AT, VfsDentry.MAGIC);
            core.remoteSw(cxy, d + VfsDentry.CHILD, 0);
            core.remoteSw(cxy, d + VfsDentry.CLUSTER, (int)e.firstCluster());
            core.remoteSw(cxy, d + VfsDentry.SIZE_AT, (int)e.size());
            core.remoteSw(cxy, d + VfsDentry.TYPE, e.directory() ? VfsInode.INODE_TYPE_DIR : VfsInode.INODE_TYPE_FILE);
            core.remoteSw(cxy, d + VfsDentry.LENGTH, length);
            core.bus().write(core, PhysicalAddress.of(cxy, d + VfsDentry.NAME), padded, 0, padded.length);
            linkDentry(core, cxy, d);
        }
    }

    /** The page order of a block holding {@code n} dentries. */
    private static int dentryOrder(final int n)
    {
        int order = 0;
        while ((PageManager.PAGE << order) < n * VfsDentry.SIZE)
        {
            order++;
        }
        return order;
    }

    /** Writes the VFS context and an empty root inode in this cluster's kdata. */
    private void vfsRoot(final Processor core, final int cxy, final int clusterSize, final int clusters,
        final int block, final int blockBytes, final int rootCluster, final int rootBytes)
    {
        final int c = syms.vfsCtx();
        final int root = syms.vfsRoot();
        core.remoteSw(cxy, c + VfsContext.TYPE, VfsContext.FS_TYPE_FATFS);
        core.remoteSw(cxy, c + VfsContext.CLUSTER_SIZE, clusterSize);
        core.remoteSw(cxy, c + VfsContext.TOTAL_CLUSTERS, clusters);
        core.remoteSw(cxy, c + VfsContext.EXTEND, syms.fatfsCtx());
        core.bus().write64(core, PhysicalAddress.of(cxy, c + VfsContext.ROOT_XP), PhysicalAddress.of(cxy, root));
        core.remoteSw(cxy, c + VfsContext.DENTRIES, block);
        core.remoteSw(cxy, c + VfsContext.DENTRIES_SIZE, block == 0 ? 0 : blockBytes);
        core.remoteSw(cxy, root + VfsInode.MAGIC_AT, VfsInode.MAGIC);
        core.remoteSw(cxy, root + VfsInode.TYPE, VfsInode.INODE_TYPE_DIR);
        core.remoteSw(cxy, root + VfsInode.EXTEND, rootCluster);
        core.remoteSw(cxy, root + VfsInode.SIZE_AT, rootBytes);
        core.remoteSw(cxy, root + VfsInode.CHILDREN_NR, 0);
        core.remoteSw(cxy, root + VfsInode.CHILDREN, root + VfsInode.CHILDREN);
        core.remoteSw(cxy, root + VfsInode.CHILDREN + 4, root + VfsInode.CHILDREN);
        core.remoteSw(cxy, root + VfsInode.CTX, c);
    }

    /** list_add_last(&root.children, &dentry.list), and the dentry's parent; the root inode is this cluster's. */
    private void linkDentry(final Processor core, final int cxy, final int d)
    {
        final int root = syms.vfsRoot();
        final int head = root + VfsInode.CHILDREN;
        final int link = d + VfsDentry.LIST;
        final int last = core.remoteLw(cxy, head + 4);
        core.remoteSw(cxy, d + VfsDentry.PARENT, root);
        core.remoteSw(cxy, link, head);
        core.remoteSw(cxy, link + 4, last);
        core.remoteSw(cxy, last, link);
        core.remoteSw(cxy, head + 4, link);
        core.remoteSw(cxy, root + VfsInode.CHILDREN_NR, core.remoteLw(cxy, root + VfsInode.CHILDREN_NR) + 1);
    }

    /**
     * ALMOS-MKH's step 5, by every CP0 but the I/O cluster's, after barrier 4: copies the FAT32 context (its FS
     * buffer pointer unchanged: an extended pointer into the I/O cluster), then the VFS context and root inode with
     * the pointers rebased to this cluster, then each dentry of the source's list (remote reads) into a block of this
     * cluster's page manager (local writes), relinked into this cluster's root.
     */
    private void copyVfs(final Processor core, final int from, final int cxy)
    {
        core.bus().copy(core, PhysicalAddress.of(from, syms.fatfsCtx()), PhysicalAddress.of(cxy, syms.fatfsCtx()),
            FatfsContext.SIZE);
        final int c = syms.vfsCtx();
        final int root = syms.vfsRoot();
        final int clusterSize = core.remoteLw(from, c + VfsContext.CLUSTER_SIZE);
        final int clusters = core.remoteLw(from, c + VfsContext.TOTAL_CLUSTERS);
        final int blockBytes = core.remoteLw(from, c + VfsContext.DENTRIES_SIZE);
        final int n = core.remoteLw(from, root + VfsInode.CHILDREN_NR);
        final int block = n == 0 ? 0 : allocatePages(core, cxy, dentryOrder(n), "the root directory's dentries") *
            PageManager.PAGE;
        vfsRoot(core, cxy, clusterSize, clusters, block, blockBytes, core.remoteLw(from, root + VfsInode.EXTEND),
            core.remoteLw(from, root + VfsInode.SIZE_AT));
        final int head = root + VfsInode.CHILDREN;
        int link = core.remoteLw(from, head);
        for (int i = 0; link != head; i++)
        {
            if (i >= n)
            {
                throw new CoreFault(core, String.format("the VFS root of cluster 0x%02x lists more than its %d " +
                    "children", from, n));
            }
            final int src = link - VfsDentry.LIST;
            final int d = block + i * VfsDentry.SIZE;
            core.bus().copy(core, PhysicalAddress.of(from, src), PhysicalAddress.of(cxy, d), VfsDentry.SIZE);
            link = core.remoteLw(cxy, d + VfsDentry.LIST); // the copy's next: still the source's address
            linkDentry(core, cxy, d);
        }
    }

    /** The names of this cluster's root entries, walked in its own memory (D6's log line). */
    private List<String> rootNames(final Processor core, final int cxy)
    {
        final List<String> names = new ArrayList<>();
        final int head = syms.vfsRoot() + VfsInode.CHILDREN;
        for (int link = core.remoteLw(cxy, head); link != head && names.size() < VfsRoot.MAX_WALK;
            link = core.remoteLw(cxy, link))
        {
            final int d = link - VfsDentry.LIST;
            final byte[] name = new byte[Math.max(0, Math.min(VfsDentry.NAME_MAX,
                core.remoteLw(cxy, d + VfsDentry.LENGTH)))];
            core.bus().read(core, PhysicalAddress.of(cxy, d + VfsDentry.NAME), name, 0, name.length);
            names.add(new String(name, StandardCharsets.UTF_8));
        }
        return names;
    }

    // ---------------------------------------------------------------------------------------------- idle

    private CallFrames frames()
    {
        if (frames == null)
        {
            throw new IllegalStateException("kernel_init bound without kernel.elf's frames (KernelInit.frames)");
        }
        return frames;
    }

    private long idle(final Processor core)
    {
        frames().enter(core, "thread_idle_func");
        final BootInfo info = info(core);
        final int cxy = core.dataExt();
        final int lid = info.core(info.findCore(core.gid())).lid();
        final long xcu = info.internalDevice(0).base();
        final int out = info.irqsPerCore() * lid;
        boolean ticked = false;
        while (!state.shuttingDown())
        {
            core.waitForInterrupt(timeoutNanos, "a tick of PTI " + lid + " or an IPI in the idle thread");
            final int prio = core.bus().read32(core, xcu + Xcu.offset(Xcu.PRIO, out));
            if ((prio & 1) != 0)
            {
                core.bus().read32(core, xcu + Xcu.offset(Xcu.PTI_ACK, (prio >>> 8) & 0x1F));
                state.tick(core.gid());
                if (!ticked)
                {
                    ticked = true;
                    firstTick(core, info, cxy);
                }
            }
            if ((prio & 4) != 0)
            {
                core.bus().read32(core, xcu + Xcu.offset(Xcu.WTI_REG, (prio >>> 24) & 0x1F));
                state.mailbox(core.gid());
            }
            if ((prio & 2) != 0)
            {
                // no handler for internal device lines in the idle thread: mask it rather than spin on it
                core.bus().write32(core, xcu + Xcu.offset(Xcu.MSK_HWI_DISABLE, out), 1 << ((prio >>> 16) & 0x1F));
            }
        }
        return Processor.HALT;
    }

    private void firstTick(final Processor core, final BootInfo info, final int cxy)
    {
        if (core.remoteAtomicAdd(cxy, syms.globals() + KernelSymbols.LOCAL_TICKED, 1) + 1 != info.coresNr())
        {
            return;
        }
        // the last core of its cluster to tick reports the whole cluster: its cores, then the cluster itself
        core.remoteAtomicAdd(0, syms.globals() + KernelSymbols.TICKED_CORES, info.coresNr());
        if (core.remoteAtomicAdd(0, syms.globals() + KernelSymbols.TICKED_CLUSTERS, 1) + 1 != info.clustersWithCores())
        {
            return;
        }
        // read after the last cluster counted itself, not the sum this core's add returned: another cluster may have
        // added its cores after this one's and its own cluster before it (the schedule explorer's seed 26 on 2x2x2)
        final int coresSoFar = core.remoteLw(0, syms.globals() + KernelSymbols.TICKED_CORES);
        final Printk printk = new Printk(external(info, DevType.TXT_TTY).base(), 0, syms.globals(), timeoutNanos);
        final String line = String.format("[KINIT] boot complete at cycle %d: %d clusters, %d cores, every core " +
            "ticking in its idle thread", core.cycles(), info.clustersWithCores(), coresSoFar);
        for (final String b : Banner.lines(info.clustersWithCores(), coresSoFar))
        {
            printk.println(core, b);
        }
        printk.println(core, line);
        // the observer's read-back, uncounted: every core has passed D6, so the chdev directories and the mounted
        // file systems no longer change
        final List<Integer> clusters = info.clustersWithCoresList();
        final KernelMemory.Raw raw = raw(core);
        state.readBack(ChdevDirectory.chdevs(raw, syms, clusters),
            VfsRoot.read(raw, syms, txt0Core(info)).names());
        state.complete(line, core.cycles());
    }

    /**
     * The simulator's raw (uncounted) view of memory as this core addresses it: through its HAT when a hypervisor
     * gave it one.
     */
    private static KernelMemory.Raw raw(final Processor core)
    {
        final AddressSpace space = core.space();
        return (cxy, at, len) ->
        {
            final long paddr = PhysicalAddress.of(cxy, at);
            return core.bus().peek(space == null ? paddr : space.translate(core, "read-back", paddr, len), len);
        };
    }
}
