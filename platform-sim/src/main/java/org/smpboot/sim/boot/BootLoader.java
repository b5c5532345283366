package org.smpboot.sim.boot;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.smpboot.runtime.barrier.Barrier;
import org.smpboot.runtime.barrier.CentralizedBarrier;
import org.smpboot.runtime.region.Slot;
import org.smpboot.sim.driver.BdvDriver;
import org.smpboot.sim.driver.TtyConsole;
import org.smpboot.sim.hw.BusError;
import org.smpboot.sim.hw.CodeMap;
import org.smpboot.sim.hw.CoreFault;
import org.smpboot.sim.hw.Machine;
import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.hw.SimulatedWait;
import org.smpboot.sim.hw.TimedIdle;
import org.smpboot.sim.hw.Xcu;
import org.smpboot.sim.image.ArchInfoException;
import org.smpboot.sim.image.ArchInfoFormat;
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
 * <li>{@code boot_handoff}: the entry a hypervisor hands its guest over to (seed 000), with arch_info.bin and the
 * boot-loader already copied to their zones of the guest's cluster 0: the boot core runs {@code boot_init} without
 * reading arch_info.bin from the disk; every other core waits, as it would in the preloader, for its wake-up IPI and
 * jumps to the address it carries.</li>
 * <li>{@code boot_cpi_init}, phase 4 (each CPi, code still in cluster 0): counts itself out of the preloader, finds
 * its (cxy, lid) in arch_info (remote), switches both extension registers and jumps to {@code boot_cpi_local}: its
 * stack at top - 4 KB x lid, checks boot_info, meets its CP0 at {@code local_barrier} twice, enters
 * {@code kernel_init(boot_info)}.</li>
 * </ul>
 * Reconfiguration (seed 001, "leave out what does not work"; {@link BootRoster}): core[0][0] self-tests each other
 * cluster's bank before waking its CP0 and gives each woken CP0 the wake-up deadline to answer; each CP0 gives its cores
 * the same. What fails is left out of boot_info and of every barrier count; a core that answers late halts; with
 * almos-mk, left-out cores still in the preloader are sent to {@code boot_park} before the kernel moves over it.
 * <p>
 * The barriers are the runtime's flyweights of the class {@code boot --barrier} chose ({@link BarrierKind}; ALMOS-MKH's
 * {@link CentralizedBarrier} by default) over counted windows of boot.elf's data: {@code global_barrier} in cluster 0
 * (counting the clusters with cores; interleaved over them for the other classes), {@code local_barrier} in each
 * cluster's copy. A core carries nothing between functions but its registers: every fact it needs after a jump it reads again
 * from simulated memory.
 */
final class BootLoader
{
    /** Marker of a boot stack frame, "STAK": what the memory map looks for. */
    static final int STACK_MARK = 0x4B41_5453;
    private static final int TOTAL_SIZE = 0x0C;
    /** What the self-test writes to a cluster's bank and reads back. */
    private static final long SELF_TEST = 0x5345_4C46_5445_5354L;

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
    private final BootRoster roster;

    BootLoader(final Machine machine, final BootImages images, final BootOptions options,
        final MemoryMapRecorder maps, final long ttyBase, final long bdvBase, final Reconfiguration reconfiguration)
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
        this.roster = new BootRoster(hard, images, timeoutNanos, reconfiguration);
    }

    /** @return the roster of usable cores. */
    BootRoster roster()
    {
        return roster;
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
        code.bind("boot_cpi_local", this::cpiAwaitRoster);
        code.bind("boot_park", this::park);
        code.bind("boot_handoff", this::handoff);
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
        return bootInit(core, false);
    }

    /**
     * boot_handoff: a hypervisor started every core of its guest here, arch_info.bin already in its zone. The boot
     * core does phase 2 with it; every other core arms its WTI and sleeps until the boot-loader wakes it, as in the
     * preloader (whose code the guest never runs).
     */
    private long handoff(final Processor core)
    {
        final int lid = core.gid() & ((1 << hard.pWidth()) - 1);
        final int cxy = core.gid() >>> hard.pWidth();
        if (core.gid() == (hard.bootCxy() << hard.pWidth()))
        {
            core.counts().epoch(BootPhase.SEQUENTIAL.ordinal());
            return bootInit(core, true);
        }
        enter(core, BootPhase.PRELOADER, "hand-off: wait for the wake-up IPI");
        final long xcu = PhysicalAddress.of(cxy, Preloader.XCU_BASE);
        core.bus().write32(core, xcu + Xcu.offset(Xcu.MSK_WTI, hard.irqsPerCore() * lid), 1 << lid);
        core.waitForInterrupt(timeoutNanos, "the boot-loader's wake-up IPI in WTI " + lid + " of xcu" +
            String.format("[0x%02x]", cxy));
        return core.bus().read32(core, xcu + Xcu.offset(Xcu.WTI_REG, lid)) & 0xFFFF_FFFFL;
    }

    private long bootInit(final Processor core, final boolean handedOver)
    {
        final Platform arch = sequential(core, "core[0x%02x,0]".formatted(hard.bootCxy()), handedOver);
        final int boot = hard.bootCxy();
        core.phase(BootPhase.SEQUENTIAL.step("self-test the clusters, wake the CP0s"));
        final List<Integer> woken = new ArrayList<>();
        final long since = System.nanoTime();
        for (final Cluster c : arch.clusters())
        {
            if (c.cxy() == boot || c.cores() == 0)
            {
                continue;
            }
            final String failed = selfTest(core, c.cxy());
            final Device xcu = arch.devices().subList(c.deviceOffset(), c.deviceOffset() + c.devices()).stream()
                .filter(d -> d.type() == DeviceType.ICU_XCU).findFirst().orElse(null);
            if (failed != null || xcu == null)
            {
                roster.excludeCluster(core, c, failed != null ? failed : "no XCU to wake its CP0 through");
                continue;
            }
            core.bus().write32(core, xcu.base() + Xcu.offset(Xcu.WTI_REG, 0), bootEntry);
            woken.add(arch.cores().get(c.coreOffset()).gid());
        }
        tty.println(core, String.format("[BOOT] phase 2 done at cycle %d: %d CP0s activated",
            core.cycles(), woken.size()));
        core.phase(BootPhase.SEQUENTIAL.step("wait for the CP0s' answers"));
        for (final int gid : roster.awaitAnswers(core, woken, since))
        {
            roster.excludeCluster(core, arch.clusters().stream().filter(c -> c.cxy() == gid >>> hard.pWidth())
                .findFirst().orElseThrow(), String.format("its CP0 gid 0x%03x did not answer its wake-up IPI within " +
                "%d ms", gid, roster.log().wakeDeadline().toMillis()));
        }
        sealRoster(core, arch);
        // core[0][0] goes on as the CP0 of the boot cluster, whose code is already local
        return sym("boot_cp0_local");
    }

    /**
     * The self-test of a cluster before its CP0 is woken: a pattern written to its bank and read back.
     *
     * @param core the booting core.
     * @param cxy  the cluster.
     * @return null when the bank passed, else why it failed.
     */
    String selfTest(final Processor core, final int cxy)
    {
        final long at = PhysicalAddress.of(cxy, sym("boot_roster") + 0x10);
        try
        {
            core.bus().write64(core, at, SELF_TEST);
            final long back = core.bus().read64(core, at);
            return back == SELF_TEST ? null : String.format("its bank failed the self-test: wrote 0x%016x at %s, " +
                "read 0x%016x", SELF_TEST, PhysicalAddress.format(at), back);
        }
        catch (final BusError e)
        {
            return "its bank failed the self-test: " + e.getMessage();
        }
    }

    /**
     * Makes the cluster-level exclusions final (both flavors): the boot cluster's boot_info and global_barrier are
     * rebuilt with the usable clusters when some are left out, TXT0 names what was left out and why, then the global
     * seal lets the CP0s go on.
     *
     * @param core the booting core (core[0][0], or the elected leader once the count is sealed).
     * @param arch arch_info.
     */
    void sealRoster(final Processor core, final Platform arch)
    {
        core.phase(BootPhase.SEQUENTIAL.step("seal the roster"));
        final Platform usable = roster.usable(core, arch);
        final int boot = hard.bootCxy();
        if (usable != arch)
        {
            buildBootInfo(core, usable, boot);
        }
        if (usable != arch || options.barrier().interleaved())
        {
            // (an interleaved barrier only now: its slots lie in every usable cluster, each one's bank tested)
            initGlobalBarrier(core, clustersOf(usable));
        }
        if (usable != arch)
        {
            for (final String line : roster.log().describe())
            {
                tty.println(core, "[BOOT] left out of boot_info: " + line);
            }
            tty.println(core, String.format("[BOOT] boot goes on with %d clusters, %d cores (arch_info: %d, %d)",
                withCores(usable).size(), usable.cores().size(), withCores(arch).size(), arch.cores().size()));
        }
        roster.sealGlobal(core);
    }

    /**
     * What a core woken after its deadline does once the roster it waited for is sealed: it halts, left out.
     *
     * @param core the core.
     * @return true when it is left out (and must halt).
     */
    boolean leftOut(final Processor core)
    {
        if (!roster.excluded(core, core.gid()))
        {
            return false;
        }
        roster.log().late(core.gid());
        tty.println(core, String.format("[BOOT] core gid 0x%03x answered after it was left out of boot_info: it " +
            "halts", core.gid()));
        return true;
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
        return sequential(core, who, false);
    }

    /**
     * @param core       who.
     * @param who        how TXT0 names it.
     * @param handedOver arch_info.bin is already in its zone (a hypervisor copied it): it is not read from the disk.
     * @return arch_info as read back from memory.
     */
    Platform sequential(final Processor core, final String who, final boolean handedOver)
    {
        enter(core, BootPhase.SEQUENTIAL, "stack and TXT0");
        machine.epoch(BootPhase.SEQUENTIAL.ordinal());
        final int boot = hard.bootCxy();
        core.dataExt(boot);
        core.sp(layout.stackPointer(0));
        pushFrame(core, 0);
        core.sw(sym("boot_tty_lock"), 0);
        core.sw(sym("preloader_exits"), 0);
        roster.clear(core);
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
            archInfo = handedOver ? inPlace(core) :
                load(core, fat, DiskLayout.ARCH_INFO_FILE, layout.archInfoBase(), layout.archInfoSize());
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
        if (!options.barrier().interleaved())
        {
            initGlobalBarrier(core, clustersOf(arch));
        }
        tty.println(core, String.format("[BOOT] arch_info.bin: %d x %d clusters, %d with cores, %d cores; boot_info " +
            "of cluster 0x%02x built", arch.xSize(), arch.ySize(), withCores, arch.cores().size(), boot));
        maps.record(BootPhase.SEQUENTIAL, -1);
        return arch;
    }

    // arch_info.bin as a hypervisor left it in its zone: checked, not read from the disk
    private byte[] inPlace(final Processor core)
    {
        final int boot = hard.bootCxy();
        final int signature = core.remoteLw(boot, layout.archInfoBase());
        final int size = core.remoteLw(boot, layout.archInfoBase() + TOTAL_SIZE);
        if (signature != ArchInfoFormat.SIGNATURE || size <= 0 || size > layout.archInfoSize())
        {
            throw new CoreFault(core, String.format("boot_handoff: no arch_info.bin at 0x%08x (signature 0x%08x, " +
                "total_size %d): the hypervisor did not copy it", layout.archInfoBase(), signature, size));
        }
        tty.println(core, String.format("[BOOT] %s found at 0x%08x (%d bytes), left there by the hypervisor",
            DiskLayout.ARCH_INFO_FILE, layout.archInfoBase(), size));
        return readBack(core, boot, layout.archInfoBase(), size);
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
     * kernel move may overwrite only once every core has left it), answers its wake-up in cpu_arrived, finds its (cxy,
     * lid) in arch_info, still in the boot cluster, and points DATA at its cluster.
     *
     * @param core  the core.
     * @param phase the phase that woke it.
     * @return its descriptor.
     */
    Core leavePreloader(final Processor core, final BootPhase phase)
    {
        enter(core, phase, "leave the preloader");
        exitReset(core);
        roster.answer(core); // at once: the search below contends on cluster 0 and must not count against the deadline
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
        // all but the global_barrier zone: the boot's global barrier is the boot cluster's instance (ALMOS-MKH's), or
        // an interleaved one whose slots already lie in this cluster's zone; cluster 0's bytes there are of no use
        final int gb = sym("global_barrier") - layout.bootBase();
        final int gbEnd = gb + symbolSize(images.boot(), "global_barrier");
        core.bus().copy(core, PhysicalAddress.of(hard.bootCxy(), layout.bootBase()),
            PhysicalAddress.of(cxy, layout.bootBase()), gb);
        core.bus().copy(core, PhysicalAddress.of(hard.bootCxy(), layout.bootBase() + gbEnd),
            PhysicalAddress.of(cxy, layout.bootBase() + gbEnd), bootSpan - gbEnd);
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
            buildBootInfo(core, roster.usable(core, parseArchInfo(core, cxy)), cxy);
        }
        return new BootInfo().wrap(core.window(cxy, kdata.paddr(), BootInfo.LENGTH), 0);
    }

    /**
     * @param core     a CP0.
     * @param clusters the clusters with cores, in rank order (read from boot_info before almos-mk moves it).
     * @param rank     its participant number.
     */
    void awaitGlobal(final Processor core, final List<Integer> clusters, final int rank)
    {
        TracedBarrier.await(core, globalBarrier(core, clusters), rank, timeoutNanos);
    }

    /**
     * @param core        a core.
     * @param cxy         its cluster.
     * @param cores       the cluster's cores.
     * @param participant its lid.
     */
    void awaitLocal(final Processor core, final int cxy, final int cores, final int participant)
    {
        TracedBarrier.await(core, localBarrier(core, cxy, cores), participant, timeoutNanos);
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
        if (cxy != boot)
        {
            core.phase(BootPhase.PARTIAL.step("wait for the global roster"));
            roster.awaitGlobal(core);
            if (leftOut(core))
            {
                return Processor.HALT;
            }
        }
        final BootInfo info = cp0Copies(core, cxy);
        int cores = info.coresNr();
        final List<Integer> clusters = info.clustersWithCoresList();
        final int rank = info.rank(cxy);
        initLocalBarrier(core, cxy, cores);
        if (cxy != boot)
        {
            tty.println(core, String.format("[BOOT] cluster 0x%02x: boot-loader, arch_info.bin and kernel copied, " +
                "boot_info built at cycle %d", cxy, core.cycles()));
        }
        maps.record(BootPhase.PARTIAL, cxy);
        core.phase(BootPhase.PARTIAL.step("global_barrier"));
        final Barrier global = globalBarrier(core, clusters);
        TracedBarrier.await(core, global, rank, timeoutNanos);

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
        final List<Integer> woken = new ArrayList<>();
        final long since = System.nanoTime();
        for (int i = 1; i < cores; i++)
        {
            core.bus().write32(core, xcu + Xcu.offset(Xcu.WTI_REG, info.core(i).lid()), bootEntry);
            woken.add(info.core(i).gid());
        }
        core.phase(BootPhase.PARALLEL.step("wait for the local cores' answers"));
        final List<Integer> missing = roster.awaitAnswers(core, woken, since);
        if (!missing.isEmpty())
        {
            for (final int gid : missing)
            {
                roster.exclude(core, gid, String.format("no answer to its wake-up IPI within %d ms",
                    roster.log().wakeDeadline().toMillis()));
                tty.println(core, String.format("[BOOT] cluster 0x%02x: core gid 0x%03x did not answer its wake-up " +
                    "IPI within %d ms: left out of boot_info", cxy, gid, roster.log().wakeDeadline().toMillis()));
            }
            buildBootInfo(core, roster.usable(core, parseArchInfo(core, cxy)), cxy);
            cores = info.coresNr();
            initLocalBarrier(core, cxy, cores);
        }
        roster.sealLocal(core, cxy);
        core.phase(BootPhase.PARALLEL.step("local_barrier"));
        final Barrier local = localBarrier(core, cxy, cores);
        TracedBarrier.await(core, local, 0, timeoutNanos);
        if (moves && !(options.misorder() && cxy == boot))
        {
            if (cxy == boot)
            {
                awaitLeftPreloader(core);
            }
            moveKernel(core, cxy);
        }
        core.phase(BootPhase.PARALLEL.step("global_barrier"));
        TracedBarrier.await(core, global, rank, timeoutNanos);
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

    /**
     * Where the boot-loader sends a left-out core that may still sleep in the preloader, before almos-mk's kernel moves
     * over it: the core marks itself parked and halts, out of the code the move overwrites.
     */
    private long park(final Processor core)
    {
        core.phase(BootPhase.PARALLEL.step("left out: parked"));
        roster.park(core);
        return Processor.HALT;
    }

    /**
     * The tsar flavor's wait before almos-mk's kernel moves over the preloader: every other core has answered its
     * wake-up (and so left the preloader), or has been left out and then parked: the boot-loader sends each left-out
     * core that never answered an IPI to {@code boot_park}. One that neither answers nor parks within the wake-up
     * deadline is presumed dead (a core that cannot hear an IPI cannot be told apart from one that is dead: if it is
     * only deaf and still sleeps in the preloader, the move over its code stops the boot, as the code guard reports).
     *
     * @param core the boot cluster's CP0.
     */
    private void awaitLeftPreloader(final Processor core)
    {
        core.phase(BootPhase.PARALLEL.step("wait until every usable core has left the preloader"));
        final long deadline = System.nanoTime() + timeoutNanos;
        final List<Integer> waiting = new ArrayList<>();
        hard.cores().forEach(c -> waiting.add(c.gid()));
        waiting.remove(Integer.valueOf(core.gid()));
        final java.util.Map<Integer, Long> parkSent = new java.util.HashMap<>();
        final Platform arch = parseArchInfo(core, hard.bootCxy());
        final IdleStrategy idle = SimulatedWait.policy(core, machine.processors().size(), waiting.size(),
            timeoutNanos).newIdleStrategy();
        while (true)
        {
            waiting.removeIf(g -> roster.answered(core, g) || roster.parked(core, g));
            for (final int gid : waiting)
            {
                if (roster.excluded(core, gid) && !parkSent.containsKey(gid))
                {
                    sendPark(core, arch, gid);
                    parkSent.put(gid, System.nanoTime());
                }
            }
            waiting.removeIf(g -> parkSent.containsKey(g) &&
                System.nanoTime() - parkSent.get(g) > roster.log().wakeDeadline().toNanos() && presumedDead(core, g));
            if (waiting.isEmpty())
            {
                return;
            }
            if (System.nanoTime() - deadline > 0)
            {
                throw new CoreFault(core, String.format("waited %d ms for every core to leave the preloader or be " +
                    "left out: gid %s neither answered nor was left out", TimeUnit.NANOSECONDS.toMillis(timeoutNanos),
                    String.join(", ", waiting.stream().map(g -> String.format("0x%03x", g)).toList())));
            }
            idle.idle();
        }
    }

    private void sendPark(final Processor core, final Platform arch, final int gid)
    {
        final int cxy = gid >>> hard.pWidth();
        final int lid = gid & ((1 << hard.pWidth()) - 1);
        arch.clusters().stream().filter(c -> c.cxy() == cxy).findFirst().flatMap(c -> arch.devices()
            .subList(c.deviceOffset(), c.deviceOffset() + c.devices()).stream()
            .filter(d -> d.type() == DeviceType.ICU_XCU).findFirst())
            .ifPresent(xcu -> core.bus().write32(core, xcu.base() + Xcu.offset(Xcu.WTI_REG, lid), sym("boot_park")));
    }

    private boolean presumedDead(final Processor core, final int gid)
    {
        tty.println(core, String.format("[BOOT] left-out core gid 0x%03x neither answered nor parked within %d ms: " +
            "presumed dead, the kernel moves over the preloader", gid, roster.log().wakeDeadline().toMillis()));
        return true;
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

    /** The tsar flavor's boot_cpi_local: the cluster's roster first, since a late core may have been left out. */
    private long cpiAwaitRoster(final Processor core)
    {
        core.phase(BootPhase.PARALLEL.step("wait for my cluster's roster"));
        roster.awaitLocal(core, core.dataExt());
        return leftOut(core) ? Processor.HALT : cpiLocal(core);
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
        final Barrier local = localBarrier(core, cxy, cores);
        core.phase(BootPhase.PARALLEL.step("local_barrier"));
        // participants are numbered by place in boot_info, which lists only the usable cores
        TracedBarrier.await(core, local, entry, timeoutNanos);
        TracedBarrier.await(core, local, entry, timeoutNanos);
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
        // global_barrier (ALMOS-MKH's: the instance in the boot cluster is the one used; an interleaved one: this
        // cluster's part of it, which the cluster's CP0 writes once its kdata is in place, before the last
        // global_barrier of the boot-loader, that every core passes before kernel_init) and this cluster's
        // local_barrier
        final int cores = arch.clusters().stream().filter(c -> c.cxy() == cxy).findFirst().orElseThrow().cores();
        final BarrierKind kind = options.barrier();
        if (cxy == hard.bootCxy() || kind.interleaved())
        {
            final List<Integer> clusters = clustersOf(arch);
            final int parties = clusters.size();
            final int footprint = kernelRoom(core, "global_barrier", kind.footprint(parties, clusters,
                hard.yWidth()));
            final AtomicBuffer gw = kind.interleaved() ? core.bus().interleavedWindow(core,
                BarrierKind.stripeOrder(clusters), images.kernel().address("global_barrier"), Slot.LENGTH, footprint,
                cxy) : core.window(cxy, images.kernel().address("global_barrier"), footprint);
            kind.initialize(gw, parties, clusters, hard.yWidth(), policy(core, parties), "kernel global_barrier");
        }
        final int footprint = kernelRoom(core, "local_barrier", kind.footprint(cores, null, hard.yWidth()));
        kind.initialize(core.window(cxy, images.kernel().address("local_barrier"), footprint), cores, null,
            hard.yWidth(), policy(core, cores), BarrierKind.localName("kernel local_barrier", cxy));
    }

    /** @return {@code bytes}, after checking that kernel.elf reserves that much for its barrier {@code name}. */
    private int kernelRoom(final Processor core, final String name, final int bytes)
    {
        final int room = symbolSize(images.kernel(), name);
        if (bytes > room)
        {
            throw new CoreFault(core, String.format("kernel %s needs %d bytes (%s barrier), kernel.elf reserves %d",
                name, bytes, options.barrier().cliName(), room));
        }
        return bytes;
    }

    static List<Cluster> withCores(final Platform arch)
    {
        return arch.clusters().stream().filter(c -> c.cores() > 0).toList();
    }

    /** @return the clusters with cores, in boot_info's rank order: the global barriers' participants. */
    static List<Integer> clustersOf(final Platform arch)
    {
        return withCores(arch).stream().map(Cluster::cxy).toList();
    }

    private org.smpboot.runtime.wait.WaitPolicy policy(final Processor core, final int parties)
    {
        return SimulatedWait.policy(core, machine.processors().size(), parties, timeoutNanos);
    }

    /** @return the window of the boot-loader's global_barrier among {@code clusters}: see {@link BarrierKind}. */
    private AtomicBuffer globalWindow(final Processor core, final List<Integer> clusters)
    {
        final BarrierKind kind = options.barrier();
        final int footprint = barrierFootprint(core, "global_barrier",
            kind.footprint(clusters.size(), clusters, hard.yWidth()));
        return kind.interleaved() ? core.bus().interleavedWindow(core, BarrierKind.stripeOrder(clusters),
            sym("global_barrier"), Slot.LENGTH, footprint, -1) :
            core.window(hard.bootCxy(), sym("global_barrier"), footprint);
    }

    /**
     * @param core     a CP0.
     * @param clusters the clusters with cores, in rank order.
     * @return the boot-loader's global_barrier, wrapped: its shape read from memory.
     */
    Barrier globalBarrier(final Processor core, final List<Integer> clusters)
    {
        return options.barrier().wrap(globalWindow(core, clusters), policy(core, clusters.size()), "global_barrier");
    }

    /** Writes the boot-loader's global_barrier among {@code clusters}. */
    void initGlobalBarrier(final Processor core, final List<Integer> clusters)
    {
        options.barrier().initialize(globalWindow(core, clusters), clusters.size(), clusters, hard.yWidth(),
            policy(core, clusters.size()), "global_barrier");
    }

    /** @return the boot-loader's local_barrier of cluster {@code cxy}, wrapped: its parties read from memory. */
    Barrier localBarrier(final Processor core, final int cxy, final int parties)
    {
        final BarrierKind kind = options.barrier();
        return kind.wrap(core.window(cxy, sym("local_barrier"), barrierFootprint(core, "local_barrier",
            kind.footprint(parties, null, hard.yWidth()))), policy(core, parties), BarrierKind.localName("local_barrier", cxy));
    }

    /** Writes the boot-loader's local_barrier of {@code parties} in cluster {@code cxy}. */
    void initLocalBarrier(final Processor core, final int cxy, final int parties)
    {
        final BarrierKind kind = options.barrier();
        kind.initialize(core.window(cxy, sym("local_barrier"), barrierFootprint(core, "local_barrier",
            kind.footprint(parties, null, hard.yWidth()))), parties, null, hard.yWidth(), policy(core, parties),
            BarrierKind.localName("local_barrier", cxy));
    }

    private int barrierFootprint(final Processor core, final String name, final int footprint)
    {
        final int room = symbolSize(images.boot(), name);
        if (footprint > room)
        {
            throw new CoreFault(core, String.format("%s needs %d bytes (%s barrier), boot.elf reserves %d", name,
                footprint, options.barrier().cliName(), room));
        }
        return footprint;
    }

    private static int symbolSize(final ElfImage image, final String name)
    {
        return image.symbols().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().size();
    }
}
