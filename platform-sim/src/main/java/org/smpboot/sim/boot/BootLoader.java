package org.smpboot.sim.boot;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.smpboot.runtime.barrier.Barrier;
import org.smpboot.runtime.barrier.CentralizedBarrier;
import org.smpboot.sim.driver.BdvDriver;
import org.smpboot.sim.driver.TtyConsole;
import org.smpboot.sim.hw.CodeMap;
import org.smpboot.sim.hw.CoreFault;
import org.smpboot.sim.hw.Machine;
import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.hw.SimulatedWait;
import org.smpboot.sim.hw.TimedIdle;
import org.smpboot.sim.hw.Xcu;
import org.smpboot.sim.image.ArchInfoException;
import org.smpboot.sim.image.ArchInfoReader;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.image.DiskLayout;
import org.smpboot.sim.image.ElfImage;
import org.smpboot.sim.image.ElfReader;
import org.smpboot.sim.image.ElfSegment;
import org.smpboot.sim.image.Fat32Reader;
import org.smpboot.sim.image.ImageFormatException;
import org.smpboot.sim.platform.Cluster;
import org.smpboot.sim.platform.Core;
import org.smpboot.sim.platform.Device;
import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.trace.TracedBarrier;

/**
 * The TSAR boot-loader, phases 2 to 4 (seeds 001 and 003 part B; DESIGN.md 3.4), as the behaviour of boot.elf's
 * functions. Each phase entry is a jump, so that a core running from a cluster whose copy of the code is missing
 * faults there:
 * <ul>
 * <li>{@code boot_entry} (every core): dispatches on the gid: core[0][0] to {@code boot_init}, a CP0 to
 * {@code boot_cp0_init}, a CPi to {@code boot_cpi_init}.</li>
 * <li>{@code boot_init}, phase 2 (core[0][0] alone): stack, TXT0, IOC, FAT32, arch_info.bin and kernel.elf into their
 * zones, kcode and kdata to their link addresses, cluster 0's boot_info, {@code global_barrier} initialised, an IPI
 * (the address of {@code boot_entry} in WTI_REG[0]) to the CP0 of every other cluster with cores.</li>
 * <li>{@code boot_cp0_init}, phase 3 (each other CP0, code still in cluster 0): finds its cxy in arch_info (remote),
 * points DATA at its cluster, takes its stack, copies the boot-loader, switches INSTRUCTION and jumps to the copy.</li>
 * <li>{@code boot_cp0_local} (every CP0, local code): copies arch_info.bin and the kernel, builds its boot_info,
 * initialises its {@code local_barrier}, meets the other CP0s at {@code global_barrier}; then phase 4: wakes its
 * cores (WTI_REG[lid]), meets them at {@code local_barrier}, moves the kernel to 0x0 (almos-mk; in cluster 0 only
 * once every core has left the preloader), meets the CP0s at {@code global_barrier} and its cores at
 * {@code local_barrier}, and enters {@code kernel_init(boot_info)}.</li>
 * <li>{@code boot_cpi_init}, phase 4 (each CPi, code still in cluster 0): counts itself out of the preloader, finds
 * its (cxy, lid) in arch_info (remote), switches both extension registers and jumps to {@code boot_cpi_local}: its
 * stack at top - 4 KB x lid, checks boot_info, meets its CP0 at {@code local_barrier} twice, enters
 * {@code kernel_init(boot_info)}.</li>
 * </ul>
 * The barriers are the runtime's {@link CentralizedBarrier} flyweights over counted windows of boot.elf's data:
 * {@code global_barrier} in cluster 0 (counting the clusters with cores), {@code local_barrier} in each cluster's
 * copy. A core carries nothing between functions but its registers: every fact it needs after a jump it reads again
 * from simulated memory.
 */
final class BootLoader
{
    /** Marker of a boot stack frame, "STAK": what the memory map looks for. */
    static final int STACK_MARK = 0x4B41_5453;
    private static final int TOTAL_SIZE = 0x0C;

    private final Machine machine;
    private final Platform hard;
    private final BootLayout layout;
    private final BootImages images;
    private final BootOptions options;
    private final MemoryMapRecorder maps;
    private final long timeoutNanos;
    private final long bdvBase;
    private final TtyConsole tty;
    private final int bootEntry;
    private final int kernelInit;
    private final ElfSegment kcode;
    private final ElfSegment kdata;
    private final int bootSpan;

    BootLoader(final Machine machine, final BootImages images, final BootOptions options,
        final MemoryMapRecorder maps, final long ttyBase, final long bdvBase)
    {
        this.machine = machine;
        this.hard = machine.platform();
        this.layout = options.layout();
        this.images = images;
        this.options = options;
        this.maps = maps;
        this.timeoutNanos = options.timeout().toNanos();
        this.bdvBase = bdvBase;
        this.tty = new TtyConsole(ttyBase, hard.bootCxy(), images.bootSymbol("boot_tty_lock"), "boot_tty_lock",
            timeoutNanos);
        this.bootEntry = images.bootSymbol("boot_entry");
        this.kernelInit = images.kernel().address("kernel_init") - layout.kernelShift();
        this.kcode = images.kernel().segment(".kcode").orElseThrow();
        this.kdata = images.kernel().segment(".kdata").orElseThrow();
        final ElfSegment last = images.boot().segments().get(images.boot().segments().size() - 1);
        this.bootSpan = last.paddr() + last.memSize() - layout.bootBase();
    }

    /**
     * Binds the boot-loader's functions.
     *
     * @param code the machine's code map.
     */
    void bind(final CodeMap code)
    {
        code.bind("boot_entry", this::bootEntry);
        code.bind("boot_init", this::bootInit);
        code.bind("boot_cp0_init", this::cp0Init);
        code.bind("boot_cp0_local", this::cp0Local);
        code.bind("boot_cpi_init", this::cpiInit);
        code.bind("boot_cpi_local", this::cpiLocal);
    }

    int sym(final String name)
    {
        return images.bootSymbol(name);
    }

    private long bootEntry(final Processor core)
    {
        final int lid = core.gid() & ((1 << hard.pWidth()) - 1);
        // a core leaving the preloader is in the phase that woke it: its fetches and reads count there
        if (core.gid() == (hard.bootCxy() << hard.pWidth()))
        {
            core.counts().epoch(BootPhase.SEQUENTIAL.ordinal());
            return sym("boot_init");
        }
        core.counts().epoch((lid == 0 ? BootPhase.PARTIAL : BootPhase.PARALLEL).ordinal());
        return sym(lid == 0 ? "boot_cp0_init" : "boot_cpi_init");
    }

    // ---------------------------------------------------------------------------------------------- phase 2

    private long bootInit(final Processor core)
    {
        final Platform arch = sequential(core, "core[0x%02x,0]".formatted(hard.bootCxy()));
        final int boot = hard.bootCxy();
        core.phase(BootPhase.SEQUENTIAL.step("wake the CP0s"));
        int woken = 0;
        for (final Cluster c : arch.clusters())
        {
            if (c.cxy() == boot || c.cores() == 0 || c.devices() == 0)
            {
                continue;
            }
            for (final Device d : arch.devices().subList(c.deviceOffset(), c.deviceOffset() + c.devices()))
            {
                if (d.type() == DeviceType.ICU_XCU)
                {
                    core.bus().write32(core, d.base() + Xcu.offset(Xcu.WTI_REG, 0), bootEntry);
                    woken++;
                    break;
                }
            }
        }
        tty.println(core, String.format("[BOOT] phase 2 done at cycle %d: %d CP0s activated",
            core.cycles(), woken));
        // core[0][0] goes on as the CP0 of the boot cluster, whose code is already local
        return sym("boot_cp0_local");
    }

    /**
     * Phase 2's steps up to the wake-ups, by whichever core boots (core[0][0] in the tsar flavor, the elected leader
     * in the elected one), in the boot cluster's address space: stack, TXT0, IOC, FAT32, arch_info.bin and kernel.elf
     * into their zones, kcode and kdata to their link addresses, the boot cluster's boot_info, global_barrier.
     *
     * @param core who.
     * @param who  how TXT0 names it.
     * @return arch_info as read back from memory.
     */
    Platform sequential(final Processor core, final String who)
    {
        enter(core, BootPhase.SEQUENTIAL, "stack and TXT0");
        machine.epoch(BootPhase.SEQUENTIAL.ordinal());
        final int boot = hard.bootCxy();
        core.dataExt(boot);
        core.sp(layout.stackPointer(0));
        pushFrame(core, 0);
        core.sw(sym("boot_tty_lock"), 0);
        core.sw(sym("preloader_exits"), 0);
        tty.println(core, String.format("[BOOT] boot-loader (layout %s) starts on %s at cycle %d",
            layout.cliName(), who, core.cycles()));

        core.phase(BootPhase.SEQUENTIAL.step("IOC and FAT32"));
        final BdvDriver bdv = new BdvDriver(core, bdvBase, PhysicalAddress.of(boot, sym("fat_buffer")),
            images.boot().symbols().stream().filter(s -> s.name().equals("fat_buffer")).findFirst().orElseThrow()
                .size(), timeoutNanos);
        final long blocks = bdv.init();
        final byte[] archInfo;
        final byte[] kernelFile;
        try (Fat32Reader fat = Fat32Reader.open(bdv))
        {
            tty.println(core, String.format("[BOOT] IOC initialised (%d blocks), FAT32 volume '%s' mounted", blocks,
                fat.label()));
            core.phase(BootPhase.SEQUENTIAL.step("load arch_info.bin"));
            archInfo = load(core, fat, DiskLayout.ARCH_INFO_FILE, layout.archInfoBase(), layout.archInfoSize());
            core.phase(BootPhase.SEQUENTIAL.step("load kernel.elf"));
            kernelFile = load(core, fat, DiskLayout.KERNEL_FILE, layout.kernelElfBase(), layout.kernelElfSize());
        }
        catch (final IOException | ImageFormatException e)
        {
            throw new CoreFault(core, "reading the disk: " + e.getMessage());
        }

        core.phase(BootPhase.SEQUENTIAL.step("copy kcode and kdata"));
        final ElfImage kernel;
        try
        {
            kernel = ElfReader.read(readBack(core, boot, layout.kernelElfBase(), kernelFile.length));
        }
        catch (final ImageFormatException e)
        {
            throw new CoreFault(core, "kernel.elf: " + e.getMessage());
        }
        for (final ElfSegment s : kernel.segments())
        {
            core.bus().write(core, PhysicalAddress.of(boot, s.paddr()), s.data(), 0, s.fileSize());
            core.bus().set(core, PhysicalAddress.of(boot, s.paddr() + s.fileSize()), s.memSize() - s.fileSize(),
                (byte)0);
        }
        tty.println(core, String.format("[BOOT] kernel.elf loaded (%d bytes), kcode and kdata copied to 0x%08x",
            kernelFile.length, kcode.paddr()));

        core.phase(BootPhase.SEQUENTIAL.step("boot_info"));
        final Platform arch = parseArchInfo(core, boot);
        buildBootInfo(core, arch, boot);
        final int withCores = withCores(arch).size();
        barrier(core, boot, "global_barrier", withCores).initialize();
        tty.println(core, String.format("[BOOT] arch_info.bin: %d x %d clusters, %d with cores, %d cores; boot_info " +
            "of cluster 0x%02x built", arch.xSize(), arch.ySize(), withCores, arch.cores().size(), boot));
        maps.record(BootPhase.SEQUENTIAL, -1);
        return arch;
    }

    byte[] load(final Processor core, final Fat32Reader fat, final String name, final int zone,
        final int zoneSize) throws IOException
    {
        final byte[] bytes;
        try
        {
            bytes = fat.readFile(name);
        }
        catch (final IllegalArgumentException e)
        {
            throw new CoreFault(core, name + " is not in the root directory of the disk");
        }
        if (bytes.length > zoneSize)
        {
            throw new CoreFault(core, String.format("%s has %d bytes, its zone at 0x%08x holds %d", name,
                bytes.length, zone, zoneSize));
        }
        core.bus().write(core, PhysicalAddress.of(hard.bootCxy(), zone), bytes, 0, bytes.length);
        tty.println(core, String.format("[BOOT] %s loaded at 0x%08x (%d bytes) at cycle %d", name, zone,
            bytes.length, core.cycles()));
        return bytes;
    }

    // ---------------------------------------------------------------------------------------------- phase 3

    private long cp0Init(final Processor core)
    {
        final Core me = leavePreloader(core, BootPhase.PARTIAL);
        core.sp(layout.stackPointer(0));
        pushFrame(core, 0);
        copyBootLoader(core, me.cxy());
        core.instExt(me.cxy());
        return sym("boot_cp0_local");
    }

    /**
     * What a woken core does first: counts itself out of the preloader (cluster 0's reset code, which almos-mk's
     * kernel move may overwrite only once every core has left it), finds its (cxy, lid) in arch_info, still in the
     * boot cluster, and points DATA at its cluster.
     *
     * @param core  the core.
     * @param phase the phase that woke it.
     * @return its descriptor.
     */
    Core leavePreloader(final Processor core, final BootPhase phase)
    {
        enter(core, phase, "leave the preloader");
        exitReset(core);
        core.phase(phase.step("find my cluster in arch_info"));
        final Core me = ArchInfoSearch.find(core, hard.bootCxy(), layout.archInfoBase());
        core.dataExt(me.cxy());
        return me;
    }

    /**
     * Counts a core out of the reset code in {@code preloader_exits}.
     *
     * @param core the core.
     */
    void exitReset(final Processor core)
    {
        core.remoteAtomicAdd(hard.bootCxy(), sym("preloader_exits"), 1);
    }

    /**
     * Copies boot.elf's code and data from the boot cluster into a cluster, at the same addresses.
     *
     * @param core the cluster's CP0.
     * @param cxy  its cluster.
     */
    void copyBootLoader(final Processor core, final int cxy)
    {
        core.phase(BootPhase.PARTIAL.step("copy the boot-loader"));
        core.bus().copy(core, PhysicalAddress.of(hard.bootCxy(), layout.bootBase()),
            PhysicalAddress.of(cxy, layout.bootBase()), bootSpan);
    }

    /**
     * Phase 3's copies of a cluster other than the boot cluster: arch_info.bin and the kernel (kcode, kdata) from
     * the boot cluster, then its boot_info built from its own arch_info copy. The boot cluster has them already.
     *
     * @param core the cluster's CP0, running the local copy of the boot-loader.
     * @param cxy  its cluster.
     * @return its boot_info.
     */
    BootInfo cp0Copies(final Processor core, final int cxy)
    {
        final int boot = hard.bootCxy();
        core.phase(BootPhase.PARTIAL.step("copy arch_info and the kernel"));
        if (cxy != boot)
        {
            final int archSize = core.remoteLw(boot, layout.archInfoBase() + TOTAL_SIZE);
            core.bus().copy(core, PhysicalAddress.of(boot, layout.archInfoBase()),
                PhysicalAddress.of(cxy, layout.archInfoBase()), archSize);
            final int kernelSpan = kdata.paddr() + kdata.memSize() - kcode.paddr();
            core.bus().copy(core, PhysicalAddress.of(boot, kcode.paddr()), PhysicalAddress.of(cxy, kcode.paddr()),
                kernelSpan);
            core.phase(BootPhase.PARTIAL.step("boot_info"));
            buildBootInfo(core, parseArchInfo(core, cxy), cxy);
        }
        return new BootInfo().wrap(core.window(cxy, kdata.paddr(), BootInfo.LENGTH), 0);
    }

    /**
     * @param core      a CP0.
     * @param withCores the clusters with cores (read from boot_info before almos-mk moves it).
     * @param rank      its participant number.
     */
    void awaitGlobal(final Processor core, final int withCores, final int rank)
    {
        TracedBarrier.await(core, barrier(core, hard.bootCxy(), "global_barrier", withCores), rank, timeoutNanos);
    }

    /**
     * @param core        a core.
     * @param cxy         its cluster.
     * @param cores       the cluster's cores.
     * @param participant its lid.
     */
    void awaitLocal(final Processor core, final int cxy, final int cores, final int participant)
    {
        TracedBarrier.await(core, barrier(core, cxy, "local_barrier", cores), participant, timeoutNanos);
    }

    /**
     * @param core who prints (under boot_tty_lock).
     * @param line the line.
     */
    void println(final Processor core, final String line)
    {
        tty.println(core, line);
    }

    private long cp0Local(final Processor core)
    {
        final int cxy = core.dataExt();
        final int boot = hard.bootCxy();
        final BootInfo info = cp0Copies(core, cxy);
        final int cores = info.coresNr();
        final int withCores = info.clustersWithCores();
        final int rank = info.rank(cxy);
        barrier(core, cxy, "local_barrier", cores).initialize();
        if (cxy != boot)
        {
            tty.println(core, String.format("[BOOT] cluster 0x%02x: boot-loader, arch_info.bin and kernel copied, " +
                "boot_info built at cycle %d", cxy, core.cycles()));
        }
        maps.record(BootPhase.PARTIAL, cxy);
        core.phase(BootPhase.PARTIAL.step("global_barrier"));
        TracedBarrier.await(core, barrier(core, boot, "global_barrier", withCores), rank, timeoutNanos);

        enter(core, BootPhase.PARALLEL, "wake the local cores");
        if (cxy == boot)
        {
            machine.epoch(BootPhase.PARALLEL.ordinal());
            tty.println(core, String.format("[BOOT] phase 3 done at cycle %d: every CP0 has its cluster's copy",
                core.cycles()));
        }
        final boolean moves = layout.kernelShift() != 0;
        if (moves && options.misorder() && cxy == boot)
        {
            moveKernel(core, cxy); // the misordered variant: over the preloader its cores still execute
        }
        final long xcu = info.internalDevices().get(0).base();
        for (int lid = 1; lid < cores; lid++)
        {
            core.bus().write32(core, xcu + Xcu.offset(Xcu.WTI_REG, lid), bootEntry);
        }
        core.phase(BootPhase.PARALLEL.step("local_barrier"));
        final Barrier local = barrier(core, cxy, "local_barrier", cores);
        TracedBarrier.await(core, local, 0, timeoutNanos);
        if (moves && !(options.misorder() && cxy == boot))
        {
            if (cxy == boot)
            {
                awaitPreloaderExits(core, hard.cores().size() - 1);
            }
            moveKernel(core, cxy);
        }
        core.phase(BootPhase.PARALLEL.step("global_barrier"));
        TracedBarrier.await(core, barrier(core, boot, "global_barrier", withCores), rank, timeoutNanos);
        maps.record(BootPhase.PARALLEL, cxy);
        if (cxy == boot)
        {
            tty.println(core, String.format("[BOOT] phase 4 done at cycle %d: every core leaves the boot-loader " +
                "for kernel_init", core.cycles()));
        }
        core.phase(BootPhase.PARALLEL.step("local_barrier"));
        TracedBarrier.await(core, local, 0, timeoutNanos);
        return enterKernel(core);
    }

    void awaitPreloaderExits(final Processor core, final int expected)
    {
        core.phase(BootPhase.PARALLEL.step("wait until every core has left the preloader"));
        final long deadline = System.nanoTime() + timeoutNanos;
        final IdleStrategy idle = new TimedIdle(core, new YieldingIdleStrategy());
        int out;
        while ((out = core.remoteLw(hard.bootCxy(), sym("preloader_exits"))) < expected)
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new CoreFault(core, String.format("waited %d ms for every core to leave the preloader: %d of %d " +
                    "have (preloader_exits)", TimeUnit.NANOSECONDS.toMillis(timeoutNanos), out, expected));
            }
            idle.idle();
        }
    }

    void moveKernel(final Processor core, final int cxy)
    {
        core.phase(BootPhase.PARALLEL.step("move the kernel to 0x" + Integer.toHexString(layout.kernelBase())));
        final int span = kdata.paddr() + kdata.memSize() - kcode.paddr();
        core.bus().copy(core, PhysicalAddress.of(cxy, kcode.paddr()), PhysicalAddress.of(cxy, layout.kernelBase()),
            span);
        if (cxy == hard.bootCxy())
        {
            tty.println(core, String.format("[BOOT] kernel moved over the preloader to 0x%08x at cycle %d",
                layout.kernelBase(), core.cycles()));
        }
    }

    // ---------------------------------------------------------------------------------------------- phase 4, CPi

    private long cpiInit(final Processor core)
    {
        final Core me = leavePreloader(core, BootPhase.PARALLEL);
        core.instExt(me.cxy());
        return sym("boot_cpi_local");
    }

    long cpiLocal(final Processor core)
    {
        core.sp(layout.stackPointer(core.gid() & ((1 << hard.pWidth()) - 1)));
        return cpiOnStack(core);
    }

    /** boot_cpi_local on the stack the core already has (the elected flavor's start stack). */
    long cpiOnStack(final Processor core)
    {
        final int cxy = core.dataExt();
        final int lid = core.gid() & ((1 << hard.pWidth()) - 1);
        pushFrame(core, lid);
        core.phase(BootPhase.PARALLEL.step("check boot_info"));
        final BootInfo info = new BootInfo().wrap(core.window(cxy, kdata.paddr(), BootInfo.LENGTH), 0);
        final int entry = info.findCore(core.gid());
        if (info.signature() != BootInfo.SIGNATURE || info.cxy() != cxy || entry < 0 ||
            info.core(entry).lid() != lid)
        {
            throw new CoreFault(core, String.format("boot_info of cluster 0x%02x does not describe this core " +
                "(signature 0x%08x, cxy 0x%02x, entry %d)", cxy, info.signature(), info.cxy(), entry));
        }
        final int cores = info.coresNr();
        final Barrier local = barrier(core, cxy, "local_barrier", cores);
        core.phase(BootPhase.PARALLEL.step("local_barrier"));
        TracedBarrier.await(core, local, lid, timeoutNanos);
        TracedBarrier.await(core, local, lid, timeoutNanos);
        return enterKernel(core);
    }

    // ---------------------------------------------------------------------------------------------- helpers

    long enterKernel(final Processor core)
    {
        core.counts().epoch(BootPhase.KERNEL.ordinal());
        core.phase(BootPhase.KERNEL.step("kernel_init"));
        core.a0(kdata.paddr() - layout.kernelShift());
        return kernelInit & 0xFFFF_FFFFL;
    }

    static void enter(final Processor core, final BootPhase phase, final String step)
    {
        core.counts().epoch(phase.ordinal());
        core.phase(phase.step(step));
    }

    void pushFrame(final Processor core, final int lid)
    {
        // what boot_entry's prologue leaves on the stack: a marker, the gid, the lid, the cluster
        final int sp = core.sp();
        core.sw(sp - 16, STACK_MARK);
        core.sw(sp - 12, core.gid());
        core.sw(sp - 8, lid);
        core.sw(sp - 4, core.dataExt());
    }

    byte[] readBack(final Processor core, final int cxy, final int address, final int length)
    {
        final byte[] bytes = new byte[length];
        core.bus().read(core, PhysicalAddress.of(cxy, address), bytes, 0, length);
        return bytes;
    }

    Platform parseArchInfo(final Processor core, final int cxy)
    {
        final int size = core.remoteLw(cxy, layout.archInfoBase() + TOTAL_SIZE);
        if (size <= 0 || size > layout.archInfoSize())
        {
            throw new CoreFault(core, String.format("arch_info.bin at 0x%08x of cluster 0x%02x: total_size %d does " +
                "not fit its zone", layout.archInfoBase(), cxy, size));
        }
        try
        {
            return ArchInfoReader.read(String.format("arch_info.bin in cluster 0x%02x", cxy),
                readBack(core, cxy, layout.archInfoBase(), size));
        }
        catch (final ArchInfoException e)
        {
            throw new CoreFault(core, e.getMessage());
        }
    }

    void buildBootInfo(final Processor core, final Platform arch, final int cxy)
    {
        final AtomicBuffer w = core.window(cxy, kdata.paddr(), BootInfo.LENGTH);
        BootInfoWriter.write(arch, cxy, new BootInfoWriter.KernelPlacement(layout.kernelBase(), kcode.memSize(),
            kdata.paddr() - layout.kernelShift(), kdata.memSize()), w, 0);
        // kdata's statically initialised objects, as a C compiler would have placed them in .kdata: the kernel's
        // global_barrier (the instance in the boot cluster is the one used) and this cluster's local_barrier
        final int cores = arch.clusters().stream().filter(c -> c.cxy() == cxy).findFirst().orElseThrow().cores();
        if (cxy == hard.bootCxy())
        {
            kernelBarrier(core, cxy, "global_barrier", withCores(arch).size()).initialize();
        }
        kernelBarrier(core, cxy, "local_barrier", cores).initialize();
    }

    Barrier kernelBarrier(final Processor core, final int cxy, final String name, final int parties)
    {
        final ElfImage k = images.kernel();
        final int room = k.symbols().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().size();
        final int footprint = CentralizedBarrier.footprint(parties);
        if (footprint > room)
        {
            throw new CoreFault(core, String.format("kernel %s needs %d bytes for %d parties, kernel.elf reserves %d",
                name, footprint, parties, room));
        }
        return new CentralizedBarrier(core.window(cxy, k.address(name), footprint), 0, parties,
            SimulatedWait.policy(core, machine.processors().size(), parties, timeoutNanos), "kernel " + name);
    }

    static List<Cluster> withCores(final Platform arch)
    {
        return arch.clusters().stream().filter(c -> c.cores() > 0).toList();
    }

    Barrier barrier(final Processor core, final int cxy, final String name, final int parties)
    {
        final int footprint = CentralizedBarrier.footprint(parties);
        final int room = images.boot().symbols().stream().filter(s -> s.name().equals(name)).findFirst()
            .orElseThrow().size();
        if (footprint > room)
        {
            throw new CoreFault(core, String.format("%s needs %d bytes for %d parties, boot.elf reserves %d", name,
                footprint, parties, room));
        }
        return new CentralizedBarrier(core.window(cxy, sym(name), footprint), 0, parties,
            SimulatedWait.policy(core, machine.processors().size(), parties, timeoutNanos), name);
    }
}
