package org.smpboot.sim.boot;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import org.agrona.concurrent.AtomicBuffer;
import org.smpboot.runtime.barrier.Barrier;
import org.smpboot.runtime.barrier.CentralizedBarrier;
import org.smpboot.runtime.region.Slot;
import org.smpboot.runtime.wait.WaitPolicy;
import org.smpboot.sim.driver.BarrierKind;
import org.smpboot.sim.driver.BdvDriver;
import org.smpboot.sim.driver.CoreWaits;
import org.smpboot.sim.driver.TtyConsole;
import org.smpboot.sim.hw.BusError;
import org.smpboot.sim.hw.CoreFault;
import org.smpboot.sim.hw.Machine;
import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.image.ArchInfo;
import org.smpboot.sim.image.ArchInfoReader;
import org.smpboot.sim.image.BootInfo;
import org.smpboot.sim.image.BootInfoWriter;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.image.DiskLayout;
import org.smpboot.sim.image.ElfImage;
import org.smpboot.sim.image.ElfReader;
import org.smpboot.sim.image.ElfSegment;
import org.smpboot.sim.image.Fat32Reader;
import org.smpboot.sim.image.HardConfig;
import org.smpboot.sim.image.ImageFormatException;
import org.smpboot.sim.trace.BootPhase;
import org.smpboot.sim.trace.TracedBarrier;

/**
 * The boot-loader's steps that both flavors share (seeds 001 and 003 part B; DESIGN.md 3.4): the sequential phase
 * (stack, TXT0, IOC, FAT32, arch_info.bin and kernel.elf into their zones, kcode and kdata to their link addresses,
 * the boot cluster's boot_info and barriers), a cluster's copies (the boot-loader, arch_info.bin and the kernel) and
 * boot_info, the self-test of a cluster's bank, the roster's seal, the barriers, the kernel's move to 0x0 (almos-mk),
 * a CPi's last steps and the jump into {@code kernel_init(boot_info)}. The flavors ({@link TsarFlavor},
 * {@link ElectedFlavor}) order them.
 *
 * <p>What the software knows it reads through the bus: its own configuration ({@code boot_config}, the generator's
 * hard_config.h compiled into boot.elf), arch_info.bin and kernel.elf as loaded from the disk (what it learned of the
 * kernel it keeps in {@code kernel_info}, {@link KernelInfo}), boot_info and its gid. The barriers are the runtime's
 * flyweights of the class {@code boot --barrier} chose ({@link BarrierKind}; ALMOS-MKH's {@link CentralizedBarrier} by
 * default) over counted windows of boot.elf's data: {@code global_barrier} in the boot cluster (counting the clusters
 * with usable cores; interleaved over them for the other classes), {@code local_barrier} in each cluster's copy. A core
 * carries nothing between functions but its registers: every fact it needs after a jump it reads again from memory.
 */
final class BootSteps
{
    /**
     * The boot cluster: at reset both extension registers are 0, so every core reaches cluster 0's memory, and the
     * boot-loader's globals (the roster, TXT0's lock, global_barrier) live there ({@code BOOT_CORE_CXY}).
     */
    static final int BOOT_CXY = 0;
    private static final int TOTAL_SIZE = 0x0C;
    /** What the self-test writes to a cluster's bank and reads back. */
    private static final long SELF_TEST = 0x5345_4C46_5445_5354L;

    private final Machine machine;
    private final ElfImage boot;
    private final BootLayout layout;
    private final BootOptions options;
    private final MemoryMapRecorder maps;
    private final BootRoster roster;
    private final long timeoutNanos;
    /** The last arch_info.bin parsed and what it gave (any core's; a racy but immutable pair). */
    private volatile ParsedArchInfo lastParsed;
    private final int bootSpan;

    /**
     * @param machine         the machine (its device accounting epoch only).
     * @param boot            boot.elf: the boot-loader's own image, whose symbols it is linked with.
     * @param options         layout, bounds and variant.
     * @param maps            told when a phase is over for a cluster.
     * @param reconfiguration the observer's record of the cores left out, and the wake-up deadline.
     */
    BootSteps(final Machine machine, final ElfImage boot, final BootOptions options, final MemoryMapRecorder maps,
        final Reconfiguration reconfiguration)
    {
        this.machine = machine;
        this.boot = boot;
        this.layout = options.layout();
        this.options = options;
        this.maps = maps;
        this.timeoutNanos = options.timeout().toNanos();
        final ElfSegment last = boot.segments().get(boot.segments().size() - 1);
        this.bootSpan = last.paddr() + last.memSize() - layout.bootBase();
        this.roster = new BootRoster(boot, timeoutNanos, reconfiguration.wakeDeadline().toNanos(), reconfiguration);
    }

    /** @return the roster of usable cores. */
    BootRoster roster()
    {
        return roster;
    }

    /** @return the options. */
    BootOptions options()
    {
        return options;
    }

    /**
     * @return the bound of every wait of the boot software, the runtime's included, in nanoseconds of the machine's
     * time ({@link Processor#time()}).
     */
    long timeoutNanos()
    {
        return timeoutNanos;
    }

    /** @return the memory-map recorder. */
    MemoryMapRecorder maps()
    {
        return maps;
    }

    /**
     * @param phase the phase the devices' accesses count in from now on.
     */
    void epoch(final BootPhase phase)
    {
        machine.epoch(phase.ordinal());
    }

    /**
     * @param name a symbol of boot.elf.
     * @return its address.
     */
    int sym(final String name)
    {
        return boot.address(name);
    }

    /**
     * @param core who reads.
     * @param cxy  the cluster whose copy of boot.elf's data it reads.
     * @return boot_config: the hard_config.h boot.elf was built with.
     */
    HardConfig config(final Processor core, final int cxy)
    {
        try
        {
            return HardConfig.read(core.window(cxy, sym("boot_config"), HardConfig.LENGTH), String.format(
                "boot_config of boot.elf in cluster 0x%02x", cxy));
        }
        catch (final ImageFormatException e)
        {
            throw new CoreFault(core, e.getMessage());
        }
    }

    /**
     * @param core a core.
     * @param cxy  the cluster whose copy of boot.elf's data it reads.
     * @return its lid, from its gid register and boot_config's p_width.
     */
    int lid(final Processor core, final int cxy)
    {
        return core.gid() & ((1 << core.remoteLw(cxy, sym("boot_config") + HardConfig.P_WIDTH)) - 1);
    }

    /**
     * @param core who prints (under boot_tty_lock, in the boot cluster).
     * @param line the line.
     */
    void println(final Processor core, final String line)
    {
        final long txt = core.bus().read64(core, PhysicalAddress.of(BOOT_CXY, sym("boot_config") +
            HardConfig.TXT_BASE));
        new TtyConsole(txt, BOOT_CXY, sym("boot_tty_lock"), "boot_tty_lock", timeoutNanos).println(core, line);
    }

    /**
     * @param core  a core.
     * @param phase the phase it enters.
     * @param step  its first step.
     */
    static void enter(final Processor core, final BootPhase phase, final String step)
    {
        core.counts().epoch(phase.ordinal());
        core.phase(phase.step(step));
    }

    // ---------------------------------------------------------------------------------------------- phase 2

    /**
     * Phase 2's steps up to the wake-ups, by whichever core boots (core[0][0] in the tsar flavor, the elected leader
     * in the elected one), in the boot cluster's address space: stack, TXT0, IOC, FAT32, arch_info.bin and kernel.elf
     * into their zones, kcode and kdata to their link addresses, what it learned of the kernel in kernel_info, the
     * boot cluster's boot_info, global_barrier.
     *
     * @param core who.
     * @param who  how TXT0 names it.
     * @return arch_info as read back from memory.
     */
    ArchInfo sequential(final Processor core, final String who)
    {
        return sequential(core, who, false);
    }

    /**
     * @param core       who.
     * @param who        how TXT0 names it.
     * @param handedOver arch_info.bin is already in its zone (a hypervisor copied it): it is checked, not read from
     *                   the disk.
     * @return arch_info as read back from memory.
     */
    ArchInfo sequential(final Processor core, final String who, final boolean handedOver)
    {
        enter(core, BootPhase.SEQUENTIAL, "stack and TXT0");
        epoch(BootPhase.SEQUENTIAL);
        core.dataExt(BOOT_CXY);
        core.sp(layout.stackPointer(0));
        pushFrame(core, 0);
        core.sw(sym("boot_tty_lock"), 0);
        core.sw(sym("preloader_exits"), 0);
        roster.clear(core);
        println(core, String.format("[BOOT] boot-loader (layout %s) starts on %s at cycle %d", layout.cliName(), who,
            core.cycles()));

        core.phase(BootPhase.SEQUENTIAL.step("IOC and FAT32"));
        final HardConfig config = config(core, BOOT_CXY);
        final BdvDriver bdv = new BdvDriver(core, config.iocBase(), PhysicalAddress.of(BOOT_CXY, sym("fat_buffer")),
            boot.symbols().stream().filter(s -> s.name().equals("fat_buffer")).findFirst().orElseThrow().size(),
            timeoutNanos);
        final long blocks = bdv.init();
        final byte[] kernelFile;
        try (Fat32Reader fat = Fat32Reader.open(bdv))
        {
            println(core, String.format("[BOOT] IOC initialised (%d blocks), FAT32 volume '%s' mounted", blocks,
                fat.label()));
            core.phase(BootPhase.SEQUENTIAL.step("load arch_info.bin"));
            if (handedOver)
            {
                inPlace(core);
            }
            else
            {
                load(core, fat, DiskLayout.ARCH_INFO_FILE, layout.archInfoBase(), layout.archInfoSize());
            }
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
            kernel = ElfReader.read(readBack(core, BOOT_CXY, layout.kernelElfBase(), kernelFile.length));
        }
        catch (final ImageFormatException e)
        {
            throw new CoreFault(core, "kernel.elf: " + e.getMessage());
        }
        final KernelInfo k = KernelInfo.of(core, kernel);
        for (final ElfSegment s : kernel.segments())
        {
            core.bus().write(core, PhysicalAddress.of(BOOT_CXY, s.paddr()), s.data(), 0, s.fileSize());
            core.bus().set(core, PhysicalAddress.of(BOOT_CXY, s.paddr() + s.fileSize()), s.memSize() - s.fileSize(),
                (byte)0);
        }
        k.write(core.window(BOOT_CXY, sym("kernel_info"), KernelInfo.LENGTH));
        println(core, String.format("[BOOT] kernel.elf loaded (%d bytes), kcode and kdata copied to 0x%08x",
            kernelFile.length, k.kcode()));

        core.phase(BootPhase.SEQUENTIAL.step("boot_info"));
        final ArchInfo arch = parseArchInfo(core, BOOT_CXY);
        // an interleaved kernel global_barrier not yet either: its slots lie in clusters whose banks are not tested
        buildBootInfo(core, arch, BOOT_CXY, !options.barrier().interleaved());
        final int withCores = arch.withCores().size();
        if (!options.barrier().interleaved())
        {
            initGlobalBarrier(core, clustersOf(arch), arch.yWidth());
        }
        println(core, String.format("[BOOT] arch_info.bin: %d x %d clusters, %d with cores, %d cores; boot_info " +
            "of cluster 0x%02x built", arch.xSize(), arch.ySize(), withCores, arch.cores().size(), BOOT_CXY));
        maps.record(BootPhase.SEQUENTIAL, -1);
        return arch;
    }

    private byte[] load(final Processor core, final Fat32Reader fat, final String name, final int zone,
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
        core.bus().write(core, PhysicalAddress.of(BOOT_CXY, zone), bytes, 0, bytes.length);
        println(core, String.format("[BOOT] %s loaded at 0x%08x (%d bytes) at cycle %d", name, zone, bytes.length,
            core.cycles()));
        return bytes;
    }

    /**
     * The self-test of a cluster before it joins the boot: a pattern written to its bank and read back.
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
    void sealRoster(final Processor core, final ArchInfo arch)
    {
        core.phase(BootPhase.SEQUENTIAL.step("seal the roster"));
        final ArchInfo usable = roster.usable(core, arch);
        if (usable != arch)
        {
            buildBootInfo(core, usable, BOOT_CXY);
        }
        else if (options.barrier().interleaved())
        {
            initKernelGlobalBarrier(core, usable, BOOT_CXY, kernelInfo(core, BOOT_CXY));
        }
        if (usable != arch || options.barrier().interleaved())
        {
            // (an interleaved barrier only now: its slots lie in every usable cluster, each one's bank tested)
            initGlobalBarrier(core, clustersOf(usable), usable.yWidth());
        }
        if (usable != arch)
        {
            for (final String line : roster.log().describe())
            {
                println(core, "[BOOT] left out of boot_info: " + line);
            }
            println(core, String.format("[BOOT] boot goes on with %d clusters, %d cores (arch_info: %d, %d)",
                usable.withCores().size(), usable.cores().size(), arch.withCores().size(), arch.cores().size()));
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
        println(core, String.format("[BOOT] core gid 0x%03x answered after it was left out of boot_info: it halts",
            core.gid()));
        return true;
    }

    // ---------------------------------------------------------------------------------------------- phase 3

    /**
     * Counts a core out of the reset code in {@code preloader_exits}.
     *
     * @param core the core.
     */
    void exitReset(final Processor core)
    {
        core.remoteAtomicAdd(BOOT_CXY, sym("preloader_exits"), 1);
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
        final int gbEnd = gb + symbolSize(boot, "global_barrier");
        core.bus().copy(core, PhysicalAddress.of(BOOT_CXY, layout.bootBase()), PhysicalAddress.of(cxy,
            layout.bootBase()), gb);
        core.bus().copy(core, PhysicalAddress.of(BOOT_CXY, layout.bootBase() + gbEnd), PhysicalAddress.of(cxy,
            layout.bootBase() + gbEnd), bootSpan - gbEnd);
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
        core.phase(BootPhase.PARTIAL.step("copy arch_info and the kernel"));
        final KernelInfo k = kernelInfo(core, cxy);
        if (cxy != BOOT_CXY)
        {
            final int archSize = core.remoteLw(BOOT_CXY, layout.archInfoBase() + TOTAL_SIZE);
            core.bus().copy(core, PhysicalAddress.of(BOOT_CXY, layout.archInfoBase()),
                PhysicalAddress.of(cxy, layout.archInfoBase()), archSize);
            core.bus().copy(core, PhysicalAddress.of(BOOT_CXY, k.kcode()), PhysicalAddress.of(cxy, k.kcode()),
                k.span());
            core.phase(BootPhase.PARTIAL.step("boot_info"));
            buildBootInfo(core, roster.usable(core, parseArchInfo(core, cxy)), cxy);
        }
        return new BootInfo().wrap(core.window(cxy, k.kdata(), BootInfo.LENGTH), 0);
    }

    /**
     * @param core   a CP0.
     * @param global the boot-loader's global_barrier ({@link #globalBarrier}).
     * @param rank   its participant number.
     */
    void awaitGlobal(final Processor core, final Barrier global, final int rank)
    {
        TracedBarrier.await(core, global, rank, timeoutNanos);
    }

    /**
     * @param core        a core.
     * @param cxy         its cluster.
     * @param cores       the cluster's cores.
     * @param participant its place in boot_info.
     */
    void awaitLocal(final Processor core, final int cxy, final int cores, final int participant)
    {
        TracedBarrier.await(core, localBarrier(core, cxy, cores), participant, timeoutNanos);
    }

    // ---------------------------------------------------------------------------------------------- phase 4

    /**
     * Phase 3 is over for every cluster once the CP0s have met at global_barrier: the boot cluster's CP0 says so and
     * counts the devices' accesses in phase 4 from now on.
     *
     * @param core a CP0, past global_barrier.
     * @param cxy  its cluster.
     */
    void endPhase3(final Processor core, final int cxy)
    {
        if (cxy == BOOT_CXY)
        {
            epoch(BootPhase.PARALLEL);
            println(core, String.format("[BOOT] phase 3 done at cycle %d: every CP0 has its cluster's copy",
                core.cycles()));
        }
    }

    /**
     * A CP0's last rendezvous, both flavors: the CP0s at global_barrier (the kernel is in place in every cluster), the
     * cluster's memory map, then its cores at local_barrier, and the jump into kernel_init.
     *
     * @param core      a CP0, its kernel in place.
     * @param cxy       its cluster.
     * @param global    global_barrier, wrapped before almos-mk moved boot_info.
     * @param rank      the CP0's participant number there.
     * @param cores     the cores local_barrier counts.
     * @return kernel_init's address.
     */
    long lastRendezvous(final Processor core, final int cxy, final Barrier global, final int rank, final int cores)
    {
        core.phase(BootPhase.PARALLEL.step("global_barrier"));
        awaitGlobal(core, global, rank);
        maps.record(BootPhase.PARALLEL, cxy);
        if (cxy == BOOT_CXY)
        {
            println(core, String.format("[BOOT] phase 4 done at cycle %d: every core leaves the boot-loader for " +
                "kernel_init", core.cycles()));
        }
        core.phase(BootPhase.PARALLEL.step("local_barrier"));
        awaitLocal(core, cxy, cores, 0);
        return enterKernel(core);
    }

    /**
     * Moves kcode and kdata from their link addresses to the layout's kernel base (almos-mk: 0x0).
     *
     * @param core the cluster's CP0.
     * @param cxy  its cluster.
     */
    void moveKernel(final Processor core, final int cxy)
    {
        core.phase(BootPhase.PARALLEL.step("move the kernel to 0x" + Integer.toHexString(layout.kernelBase())));
        final KernelInfo k = kernelInfo(core, cxy);
        core.bus().copy(core, PhysicalAddress.of(cxy, k.kcode()), PhysicalAddress.of(cxy, layout.kernelBase()),
            k.span());
        if (cxy == BOOT_CXY)
        {
            println(core, String.format("[BOOT] kernel moved over the preloader to 0x%08x at cycle %d",
                layout.kernelBase(), core.cycles()));
        }
    }

    /**
     * boot_cpi_local on the stack the core already has (the tsar flavor's boot stack, the elected flavor's start
     * stack): checks what boot_info says of it, meets its CP0 at {@code local_barrier} twice and enters the kernel.
     *
     * @param core a CPi, running its cluster's copy of the boot-loader.
     * @return kernel_init's address.
     */
    long cpiOnStack(final Processor core)
    {
        final int cxy = core.dataExt();
        final KernelInfo k = kernelInfo(core, cxy);
        core.phase(BootPhase.PARALLEL.step("check boot_info"));
        final BootInfo info = new BootInfo().wrap(core.window(cxy, k.kdata(), BootInfo.LENGTH), 0);
        final int entry = info.findCore(core.gid());
        if (info.signature() != BootInfo.SIGNATURE || info.cxy() != cxy || entry < 0)
        {
            throw new CoreFault(core, String.format("boot_info of cluster 0x%02x does not describe this core " +
                "(signature 0x%08x, cxy 0x%02x, entry %d)", cxy, info.signature(), info.cxy(), entry));
        }
        pushFrame(core, info.core(entry).lid());
        final int cores = info.coresNr();
        core.phase(BootPhase.PARALLEL.step("local_barrier"));
        // participants are numbered by place in boot_info, which lists only the usable cores
        awaitLocal(core, cxy, cores, entry);
        awaitLocal(core, cxy, cores, entry);
        return enterKernel(core);
    }

    /**
     * The jump into {@code kernel_init(boot_info)}: a0 holds boot_info's address, the first object of kdata where the
     * kernel runs.
     *
     * @param core a core, ready.
     * @return kernel_init's address.
     */
    long enterKernel(final Processor core)
    {
        final KernelInfo k = kernelInfo(core, core.dataExt());
        core.counts().epoch(BootPhase.KERNEL.ordinal());
        core.phase(BootPhase.KERNEL.step("kernel_init"));
        core.a0(k.kdata() - layout.kernelShift());
        return (k.entry() - layout.kernelShift()) & 0xFFFF_FFFFL;
    }

    /**
     * What boot_entry's prologue leaves on a fresh stack: a marker, the gid, the lid, the cluster (the memory map finds
     * each boot stack by it).
     *
     * @param core the core, its stack pointer set.
     * @param lid  its lid.
     */
    void pushFrame(final Processor core, final int lid)
    {
        final int sp = core.sp();
        core.sw(sp - 16, BootElf.STACK_MARK);
        core.sw(sp - 12, core.gid());
        core.sw(sp - 8, lid);
        core.sw(sp - 4, core.dataExt());
    }

    // ---------------------------------------------------------------------------------------------- memory

    // arch_info.bin as a hypervisor left it in its zone: checked, not read from the disk
    private void inPlace(final Processor core)
    {
        final int signature = core.remoteLw(BOOT_CXY, layout.archInfoBase());
        final int size = core.remoteLw(BOOT_CXY, layout.archInfoBase() + TOTAL_SIZE);
        if (signature != org.smpboot.sim.image.ArchInfoFormat.SIGNATURE || size <= 0 || size > layout.archInfoSize())
        {
            throw new CoreFault(core, String.format("boot_handoff: no arch_info.bin at 0x%08x (signature 0x%08x, " +
                "total_size %d): the hypervisor did not copy it", layout.archInfoBase(), signature, size));
        }
        println(core, String.format("[BOOT] %s found at 0x%08x (%d bytes), left there by the hypervisor",
            DiskLayout.ARCH_INFO_FILE, layout.archInfoBase(), size));
    }

    private byte[] readBack(final Processor core, final int cxy, final int address, final int length)
    {
        final byte[] bytes = new byte[length];
        core.bus().read(core, PhysicalAddress.of(cxy, address), bytes, 0, length);
        return bytes;
    }

    /**
     * @param core who reads.
     * @param cxy  the cluster whose copy of boot.elf's data it reads.
     * @return what the boot-loader learned of kernel.elf.
     */
    KernelInfo kernelInfo(final Processor core, final int cxy)
    {
        return KernelInfo.read(core, core.window(cxy, sym("kernel_info"), KernelInfo.LENGTH));
    }

    /**
     * @param core who reads.
     * @param cxy  the cluster whose copy of arch_info.bin it parses.
     * @return what it says.
     */
    ArchInfo parseArchInfo(final Processor core, final int cxy)
    {
        final int size = core.remoteLw(cxy, layout.archInfoBase() + TOTAL_SIZE);
        if (size <= 0 || size > layout.archInfoSize())
        {
            throw new CoreFault(core, String.format("arch_info.bin at 0x%08x of cluster 0x%02x: total_size %d does " +
                "not fit its zone", layout.archInfoBase(), cxy, size));
        }
        final byte[] bytes = readBack(core, cxy, layout.archInfoBase(), size);
        // the parse is a pure function of the bytes the core read: every CP0 that reads the same bytes as the last
        // parse gets the same (immutable) result without the host parsing 100 KB again (at 16x16, 257 parses were a
        // tenth of the boot's CPU); the reads through the bus above are the simulated software's, whatever the host does
        final ParsedArchInfo last = lastParsed;
        if (last != null && Arrays.equals(last.bytes(), bytes))
        {
            return last.arch();
        }
        try
        {
            final ArchInfo arch = ArchInfoReader.read(String.format("arch_info.bin in cluster 0x%02x", cxy), bytes);
            lastParsed = new ParsedArchInfo(bytes, arch);
            return arch;
        }
        catch (final ImageFormatException e)
        {
            throw new CoreFault(core, e.getMessage());
        }
    }

    /**
     * Builds a cluster's boot_info at the start of its kdata, and kdata's statically initialised objects, as a C
     * compiler would have placed them in .kdata: the kernel's global_barrier (ALMOS-MKH's: the instance in the boot
     * cluster is the one used; an interleaved one: this cluster's part of it, which the cluster's CP0 writes once its
     * kdata is in place, before the last global_barrier of the boot-loader, that every core passes before
     * kernel_init) and this cluster's local_barrier.
     *
     * @param core the cluster's CP0 (or the booting core for the boot cluster).
     * @param arch arch_info, without the left-out cores.
     * @param cxy  the cluster.
     */
    void buildBootInfo(final Processor core, final ArchInfo arch, final int cxy)
    {
        buildBootInfo(core, arch, cxy, true);
    }

    /**
     * @param core       the cluster's CP0 (or the booting core for the boot cluster).
     * @param arch       arch_info, without the left-out cores.
     * @param cxy        the cluster.
     * @param withGlobal whether to write the kernel's global_barrier (or this cluster's part of it) too.
     */
    private void buildBootInfo(final Processor core, final ArchInfo arch, final int cxy, final boolean withGlobal)
    {
        final KernelInfo k = kernelInfo(core, cxy);
        final AtomicBuffer w = core.window(cxy, k.kdata(), BootInfo.LENGTH);
        BootInfoWriter.write(arch, cxy, new BootInfoWriter.KernelPlacement(layout.kernelBase(), k.kcodeSize(),
            k.kdata() - layout.kernelShift(), k.kdataSize()), w, 0);
        final int cores = arch.cluster(cxy).cores();
        final BarrierKind kind = options.barrier();
        if (withGlobal && (cxy == BOOT_CXY || kind.interleaved()))
        {
            initKernelGlobalBarrier(core, arch, cxy, k);
        }
        final int footprint = kernelRoom(core, "local_barrier", kind.footprint(cores, null, 0), k.localRoom());
        kind.initialize(core.window(cxy, k.localBarrier(), footprint), cores, null, 0,
            CoreWaits.policy(core, cores, timeoutNanos), BarrierKind.localName("kernel local_barrier", cxy));
    }

    /**
     * Writes the kernel's global_barrier in kdata: the boot cluster's instance, or cluster {@code cxy}'s part of an
     * interleaved one.
     */
    private void initKernelGlobalBarrier(final Processor core, final ArchInfo arch, final int cxy, final KernelInfo k)
    {
        final BarrierKind kind = options.barrier();
        final int yWidth = arch.yWidth();
        final List<Integer> clusters = clustersOf(arch);
        final int parties = clusters.size();
        final int footprint = kernelRoom(core, "global_barrier", kind.footprint(parties, clusters, yWidth),
            k.globalRoom());
        final AtomicBuffer gw = kind.interleaved() ? core.bus().interleavedWindow(core,
            BarrierKind.stripeOrder(clusters), k.globalBarrier(), Slot.LENGTH, footprint, cxy) :
            core.window(cxy, k.globalBarrier(), footprint);
        kind.initialize(gw, parties, clusters, yWidth, CoreWaits.policy(core, parties, timeoutNanos),
            "kernel global_barrier");
    }

    /** @return {@code bytes}, after checking that kernel.elf reserves that much ({@code room}) for its barrier. */
    private int kernelRoom(final Processor core, final String name, final int bytes, final int room)
    {
        if (bytes > room)
        {
            throw new CoreFault(core, String.format("kernel %s needs %d bytes (%s barrier), kernel.elf reserves %d",
                name, bytes, options.barrier().cliName(), room));
        }
        return bytes;
    }

    /**
     * @param arch arch_info, without the left-out cores.
     * @return the clusters with cores, in boot_info's rank order: the global barriers' participants.
     */
    static List<Integer> clustersOf(final ArchInfo arch)
    {
        return arch.withCores().stream().map(ArchInfo.Cluster::cxy).toList();
    }

    private WaitPolicy policy(final Processor core, final int parties)
    {
        return CoreWaits.policy(core, parties, timeoutNanos);
    }

    /** @return the window of the boot-loader's global_barrier among {@code clusters}: see {@link BarrierKind}. */
    private AtomicBuffer globalWindow(final Processor core, final List<Integer> clusters, final int yWidth)
    {
        final BarrierKind kind = options.barrier();
        final int footprint = footprint(core, "global_barrier", kind.footprint(clusters.size(), clusters, yWidth));
        return kind.interleaved() ? core.bus().interleavedWindow(core, BarrierKind.stripeOrder(clusters),
            sym("global_barrier"), Slot.LENGTH, footprint, -1) : core.window(BOOT_CXY, sym("global_barrier"), footprint);
    }

    /**
     * @param core a CP0.
     * @param info its cluster's boot_info (read before almos-mk moves it): the clusters with cores, in rank order, and
     *             y_width.
     * @return the boot-loader's global_barrier, wrapped: its shape read from memory.
     */
    Barrier globalBarrier(final Processor core, final BootInfo info)
    {
        final List<Integer> clusters = info.clustersWithCoresList();
        return options.barrier().wrap(globalWindow(core, clusters, info.yWidth()), policy(core, clusters.size()),
            "global_barrier");
    }

    /**
     * Writes the boot-loader's global_barrier among {@code clusters}.
     *
     * @param core     who writes it.
     * @param clusters the clusters with usable cores, in rank order.
     * @param yWidth   bits of y in a cxy.
     */
    void initGlobalBarrier(final Processor core, final List<Integer> clusters, final int yWidth)
    {
        options.barrier().initialize(globalWindow(core, clusters, yWidth), clusters.size(), clusters, yWidth,
            policy(core, clusters.size()), "global_barrier");
    }

    /**
     * @param core    who uses it.
     * @param cxy     the cluster whose copy of boot.elf's data holds it.
     * @param parties its participants (its footprint; the flyweight reads them from memory).
     * @return the boot-loader's local_barrier of cluster {@code cxy}, wrapped.
     */
    Barrier localBarrier(final Processor core, final int cxy, final int parties)
    {
        final BarrierKind kind = options.barrier();
        return kind.wrap(core.window(cxy, sym("local_barrier"), footprint(core, "local_barrier",
            kind.footprint(parties, null, 0))), policy(core, parties), BarrierKind.localName("local_barrier", cxy));
    }

    /**
     * Writes the boot-loader's local_barrier of {@code parties} in cluster {@code cxy}.
     *
     * @param core    who writes it.
     * @param cxy     the cluster whose copy of boot.elf's data holds it.
     * @param parties its participants.
     */
    void initLocalBarrier(final Processor core, final int cxy, final int parties)
    {
        final BarrierKind kind = options.barrier();
        kind.initialize(core.window(cxy, sym("local_barrier"), footprint(core, "local_barrier",
            kind.footprint(parties, null, 0))), parties, null, 0, policy(core, parties),
            BarrierKind.localName("local_barrier", cxy));
    }

    private int footprint(final Processor core, final String name, final int footprint)
    {
        final int room = symbolSize(boot, name);
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

    /** The bytes of an arch_info.bin and what {@link ArchInfoReader} made of them. */
    private record ParsedArchInfo(byte[] bytes, ArchInfo arch)
    {
    }
}
