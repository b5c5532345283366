package org.smpboot.sim.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.smpboot.runtime.boot.BootBlock;
import org.smpboot.runtime.boot.Magic;
import org.smpboot.runtime.boot.ElectionBoot;
import org.smpboot.sim.boot.BootElf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smpboot.sim.boot.ElfSymbols;
import org.smpboot.sim.boot.BootFirmware;
import org.smpboot.sim.boot.BootOptions;
import org.smpboot.sim.boot.BootStepClasses;
import org.smpboot.sim.boot.ElectedFlavor;
import org.smpboot.sim.boot.ElectionState;
import org.smpboot.sim.boot.ElfSymbols;
import org.smpboot.sim.boot.MemoryMapRecorder;
import org.smpboot.sim.boot.PreloaderElf;
import org.smpboot.sim.boot.Reconfiguration;
import org.smpboot.sim.fault.FaultKind;
import org.smpboot.sim.fault.FaultPlan;
import org.smpboot.sim.driver.CallFrames;
import org.smpboot.sim.hw.AccessMatrix;
import org.smpboot.sim.hw.Clock;
import org.smpboot.sim.hw.CodeEntry;
import org.smpboot.sim.hw.CoreFault;
import org.smpboot.sim.hw.Machine;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.hw.ServiceQueue;
import org.smpboot.sim.hw.StepTable;
import org.smpboot.sim.hw.SeededSchedule;
import org.smpboot.sim.hw.Tty;
import org.smpboot.sim.image.ArchInfoWriter;
import org.smpboot.sim.image.BootImages;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.image.DiskLayout;
import org.smpboot.sim.image.ElfSegment;
import org.smpboot.sim.image.Fat32Writer;
import org.smpboot.sim.image.HardConfig;
import org.smpboot.sim.kernel.KernelBarriers;
import org.smpboot.sim.kernel.KernelElf;
import org.smpboot.sim.kernel.KernelEntry;
import org.smpboot.sim.kernel.KernelInit;
import org.smpboot.sim.kernel.KernelMemory;
import org.smpboot.sim.kernel.KernelState;
import org.smpboot.sim.kernel.KernelSymbols;
import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.trace.BootPhase;
import org.smpboot.sim.trace.Trace;

/**
 * Boots a platform with the TSAR boot-loader ({@code tsar} flavor), end to end: writes the disk (FAT32 with
 * arch_info.bin and kernel.elf, boot.elf raw at its block), builds the machine, places the preloader at 0x0 of
 * cluster 0 (as LETI's platform loader does), binds the code of preloader.elf, boot.elf and kernel.elf, starts every
 * core at the reset address, and waits until every core has entered kernel_init, one has faulted, or the boot's
 * time bound has passed.
 *
 * <p>By default kernel_init runs ({@link KernelInit}) and the boot is complete when every core has ticked in its
 * idle thread; then, after the extra ticks asked for, the idle threads halt their cores. With
 * {@link #stopAtKernelInit()}, kernel_init records the core's entry and halts it: the boot-loader's result is the set
 * of entries, with each core's (cxy, lid), stack and boot_info.
 */
public final class PlatformBoot
{
    private static final Logger LOG = LoggerFactory.getLogger(PlatformBoot.class);
    /** How often the host looks at a running boot (faults, late cores, progress, the kernel's completion). */
    private static final long LOOK_NS = TimeUnit.MILLISECONDS.toNanos(20);

    /**
     * Virtual time a deterministic run of {@code scale} or a hypervisor session may reach before it is declared hung:
     * 2^34 cycles (17 s at 1 GHz). A boot's own default is its timeout in virtual time ({@link #maxCycles(long)}).
     */
    public static final long DEFAULT_MAX_CYCLES = 1L << 34;
    /**
     * A deterministic boot's only bound is its virtual time ({@link #maxCycles(long)}) and its watchdog in cycles; the
     * host gives up on it only past this many times the boot's timeout (and at least {@link #SAFETY_NET_MIN}), a net
     * for a simulator bug that would stop virtual time, far above any boot.
     */
    public static final int SAFETY_NET_FACTOR = 10;
    /** The least host time a deterministic boot is given before the safety net ends it. */
    public static final Duration SAFETY_NET_MIN = Duration.ofMinutes(10);
    /**
     * How long a parallel boot whose only faults so far are consequences of another core's (a leader that gave the
     * boot up) waits for that core's own fault: the leader publishes that it gave up a few instructions before its
     * fault reaches the machine's list, so this is a bound on a host thread's delay, not a wait the boot does.
     */
    static final Duration CAUSE_GRACE = Duration.ofSeconds(1);

    private final Platform platform;
    private final BootOptions options;
    private final MachineConfig config;
    private CodeEntry kernel;
    private boolean stopAtKernelInit;
    private boolean readKernelMemory;
    private boolean memoryMaps = true;
    private boolean costMatrices = true;
    private int extraTicks;
    private int tickCycles = KernelInit.TICK_CYCLES;
    private Consumer<Machine> onStart = m -> { };
    private volatile KernelState running;
    private boolean tracing;
    private long startSeed;
    private byte[] archInfo;
    private Duration watchdog;
    private FaultPlan faultPlan = FaultPlan.none();
    private Duration wakeDeadline;
    private long jitterMicros;
    private Long seed;
    private long maxCycles; // 0: the boot's timeout in virtual time
    private KernelBarriers kernelBarriers = KernelBarriers.SENSE_REVERSING;
    private UserDisk userDisk;
    private SeededSchedule.Strategy strategy = SeededSchedule.Strategy.TIMED;
    private int pctDepth = SeededSchedule.DEFAULT_PCT_DEPTH;
    private long pctSteps = 1;
    private volatile long steps;

    /**
     * @param platform the platform.
     * @param options  the layout, bounds and variant.
     * @param config   the machine's fill, TTY output and console (its disk is replaced by the boot disk).
     */
    public PlatformBoot(final Platform platform, final BootOptions options, final MachineConfig config)
    {
        this.platform = platform;
        this.options = options;
        this.config = config;
    }

    /**
     * @param options the boot's options.
     * @return the default wake-up deadline: a sixth of the boot's bound, between 1 and 10 s.
     */
    public static Duration defaultWakeDeadline(final BootOptions options)
    {
        return Reconfiguration.defaults(options).wakeDeadline();
    }

    /**
     * @param timeout the boot's bound.
     * @return how old the elected leader's heartbeat may grow before the followers declare it dead (and a magic fill
     * ends in {@code MAGIC1_WITHOUT_LEADER}): a quarter of the bound, at least the runtime's default.
     */
    public static Duration electionLiveness(final Duration timeout)
    {
        return Duration.ofMillis(Math.max(ElectionBoot.DEFAULT_LIVENESS_MS, timeout.toMillis() / 4));
    }

    /**
     * A deterministic boot's default cycle limit: its timeout in virtual time, {@link Machine#CYCLES_PER_MICRO} cycles
     * a microsecond (6 * 10^10 cycles for the default 60 s).
     *
     * @param options the boot's options.
     * @return the cycles a deterministic boot may reach when {@link #maxCycles(long)} was not given.
     */
    public static long defaultMaxCycles(final BootOptions options)
    {
        return TimeUnit.MILLISECONDS.toMicros(options.timeout().toMillis()) * Machine.CYCLES_PER_MICRO;
    }

    /**
     * The default watchdog outlasts every bounded wait of a boot that names what it waited for: the wake-up deadline
     * (after which a dead core is left out and the boot goes on) and the election's liveness bound (after which a
     * dead leader or a magic fill is named), by 5 s. With the default 60 s bound: 20 s.
     *
     * @param options      the boot's options.
     * @param wakeDeadline the boot's wake-up deadline.
     * @return the default quiet time before a boot is declared hung.
     */
    public static Duration defaultWatchdog(final BootOptions options, final Duration wakeDeadline)
    {
        final Duration longest = wakeDeadline.compareTo(electionLiveness(options.timeout())) > 0 ? wakeDeadline :
            electionLiveness(options.timeout());
        return longest.plusSeconds(5);
    }

    /**
     * Boots the user's disk instead of one built for the platform: the simulated boot reads its boot.elf,
     * arch_info.bin and kernel.elf, and the simulator binds the symbols of those. The platform given to the
     * constructor must be the one its arch_info.bin describes, and the layout its boot.elf's ({@link UserDisk}). The
     * disk is booted in place (the boot only reads it); a fault that corrupts arch_info.bin is refused.
     *
     * @param disk the disk, as read by the host.
     * @return this.
     */
    public PlatformBoot disk(final UserDisk disk)
    {
        if (disk.layout() != options.layout())
        {
            throw new IllegalArgumentException("the disk's boot.elf is linked for layout " + disk.layout().cliName() +
                ", the boot runs layout " + options.layout().cliName());
        }
        this.userDisk = disk;
        return this;
    }

    /**
     * @param entry what a core does in kernel_init (the kernel), instead of recording its entry and halting. Core
     *              threads are virtual threads on a JDK that has them ({@code CoreThreads}), never preempted: a kernel
     *              that polls must park between polls (as the simulator's waits end up doing), or it keeps the
     *              carriers from the cores that have not reached kernel_init yet (yielding alone is not enough).
     * @return this.
     */
    public PlatformBoot kernel(final CodeEntry entry)
    {
        this.kernel = entry;
        return this;
    }

    /**
     * Runs the boot-loader only: kernel_init records each core's entry and halts it.
     *
     * @return this.
     */
    public PlatformBoot stopAtKernelInit()
    {
        this.stopAtKernelInit = true;
        return this;
    }

    /**
     * Records no memory maps ({@link BootResult#maps()} empty): for a caller that neither writes nor checks them, such
     * as {@code boot} without {@code --out}. A map is the observer's raw read of a cluster's memory at each phase's end,
     * by the core that ends the phase there; on 16x16x4 the 1,280 of them cost about 3% of a parallel boot's CPU.
     *
     * @return this.
     */
    public PlatformBoot withoutMemoryMaps()
    {
        this.memoryMaps = false;
        return this;
    }

    /**
     * Builds no cost matrices ({@link BootResult#cycles()}, {@link BootTiming#waits()} and {@link BootTiming#words()}
     * empty; the access counts stay): for a caller that shows only the counts, such as {@code boot} without
     * {@code --out}. Each is 2.5 MB of counters per phase (every pair of clusters), built at the end of the boot: on
     * 16x16x4 the cost matrices are 47 MB of the end's allocations, enough to set off a collection.
     *
     * @return this.
     */
    public PlatformBoot withoutCostMatrices()
    {
        this.costMatrices = false;
        return this;
    }

    /**
     * After a complete boot, reads the kernels' page managers, process_zero and idle threads back from simulated memory
     * into {@link KernelState#memory()} (a copy of every cluster's page descriptors: 256 KiB each, so only for those
     * who inspect them, such as tests; the memory maps after kernel_init are recorded either way).
     *
     * @return this.
     */
    public PlatformBoot readKernelMemory()
    {
        this.readKernelMemory = true;
        return this;
    }

    /**
     * @param n ticks core[0][0] takes after the boot completed before the cores halt (0: halt at once).
     * @return this.
     */
    public PlatformBoot ticks(final int n)
    {
        this.extraTicks = n;
        return this;
    }

    /**
     * @param cycles the kernel's timer period.
     * @return this.
     */
    public PlatformBoot tickCycles(final int cycles)
    {
        this.tickCycles = cycles;
        return this;
    }

    /**
     * @param hook called with the machine once it is built and loaded, before its cores start (progress reports, a
     *             test's write watcher, which then sees every store).
     * @return this.
     */
    public PlatformBoot onStart(final Consumer<Machine> hook)
    {
        this.onStart = hook;
        return this;
    }

    /**
     * @param seed a seed to start the core threads in a random order (0: in arch_info's order), as if they left
     *             reset in another order: in the elected flavor, who wins the election depends on it.
     * @return this.
     */
    public PlatformBoot startOrder(final long seed)
    {
        this.startSeed = seed;
        return this;
    }

    /**
     * @param maxMicros each core leaves reset after a random pause of up to this many microseconds after the one before
     *                  it (drawn from the start-order seed, or a fixed one), as cores whose resets are not released at
     *                  once; 0 (the default) starts them all at once.
     * @return this.
     */
    public PlatformBoot startJitter(final long maxMicros)
    {
        this.jitterMicros = maxMicros;
        return this;
    }

    /**
     * @param file the arch_info.bin to put on the disk instead of the one that describes the platform (a description
     *             that disagrees with the hardware: the boot software learns the platform only from this file).
     * @return this.
     */
    public PlatformBoot archInfo(final byte[] file)
    {
        this.archInfo = file.clone();
        return this;
    }

    /**
     * @param plan faults to inject (checked against the platform and the flavor).
     * @return this.
     * @throws IllegalArgumentException when a fault does not fit the platform or the flavor.
     */
    public PlatformBoot faults(final FaultPlan plan)
    {
        this.faultPlan = plan.validate(platform, options.flavor());
        return this;
    }

    /**
     * @param deadline how long a woken core has to answer before the boot leaves it out (default: a sixth of the
     *                 boot's bound, between 1 and 10 s).
     * @return this.
     */
    public PlatformBoot wakeDeadline(final Duration deadline)
    {
        this.wakeDeadline = deadline;
        return this;
    }

    /**
     * Records a trace of typed boot events (in {@link BootResult#trace()}).
     *
     * @return this.
     */
    public PlatformBoot trace()
    {
        this.tracing = true;
        return this;
    }

    /**
     * @param quiet how long no core may make progress (change step, jump or wake) before the boot is declared hung:
     *              every core's state and step is then reported and the boot fails. Null for none (the boot's own
     *              timeout still bounds it).
     * @return this.
     */
    public PlatformBoot watchdog(final Duration quiet)
    {
        this.watchdog = quiet;
        return this;
    }

    /**
     * Runs the boot deterministically: one core at a time, the interleaving picked by the seed at every shared access
     * and wait ({@link SeededSchedule}); timers and devices on virtual time; trace times derived from cycles. The
     * same seed gives the same TXT0, trace and memory maps.
     *
     * @param s the seed.
     * @return this.
     */
    public PlatformBoot seed(final long s)
    {
        this.seed = s;
        return this;
    }

    /**
     * @param cycles the virtual time a deterministic boot may reach; past it every core faults, naming the seed
     *               (default: {@link #defaultMaxCycles}: the boot's timeout, so that it bounds the whole boot in
     *               either mode, and the watchdog, which names what every core awaited, ends a hang first).
     * @return this.
     */
    public PlatformBoot maxCycles(final long cycles)
    {
        if (cycles < 1)
        {
            throw new IllegalArgumentException("the cycle limit must be at least 1, got " + cycles);
        }
        this.maxCycles = cycles;
        return this;
    }

    /**
     * @param s     how a deterministic boot picks the next core: in virtual time by default (the timed strategy, which
     *              makes the banks' and devices' queues exact), or the uniform random strategy or PCT (the explorer's).
     * @param depth the PCT depth (depth - 1 priority change points).
     * @param k     the PCT estimate of the boot's scheduling points, over which the change points are drawn.
     * @return this.
     */
    public PlatformBoot strategy(final SeededSchedule.Strategy s, final int depth, final long k)
    {
        if (depth < 1 || k < 1)
        {
            throw new IllegalArgumentException("PCT needs a depth and a step count of at least 1, got " + depth +
                " and " + k);
        }
        this.strategy = s;
        this.pctDepth = depth;
        this.pctSteps = k;
        return this;
    }

    /** @return the scheduling points the last deterministic boot passed (0 before, or in a parallel boot). */
    public long steps()
    {
        return steps;
    }

    /**
     * @param kind how kernel_init makes its barriers: a schedule explorer's deliberately broken variant (the
     *             runtime's sense-reversing barrier by default).
     * @return this.
     */
    public PlatformBoot kernelBarriers(final KernelBarriers kind)
    {
        this.kernelBarriers = kind;
        return this;
    }

    /** @return what the kernels of the boot under way have done so far, or null before it starts or without one. */
    public KernelState kernelState()
    {
        return running;
    }

    /**
     * @param fillName how the fill is reported.
     * @return what happened.
     * @throws IOException when the disk image cannot be written.
     */
    public BootResult run(final String fillName) throws IOException
    {
        if (userDisk != null)
        {
            if (faultPlan.faults().stream().anyMatch(f -> f.kind() == FaultKind.CORRUPT_ARCH_INFO))
            {
                throw new IllegalArgumentException("--fault corrupt-archinfo corrupts the disk the boot builds; " +
                    "corrupt your own disk's arch_info.bin instead");
            }
            final long started = System.nanoTime();
            try (Machine m = new Machine(platform, config.withDisk(userDisk.path())))
            {
                return diagnose(boot(m, userDisk.images(), fillName, started));
            }
        }
        final BootImages images = images(platform, options.layout());
        final Path dir = Files.createTempDirectory("smpboot-boot");
        final Path disk = dir.resolve("disk.img");
        final long started = System.nanoTime();
        try
        {
            final Map<String, byte[]> files = new LinkedHashMap<>();
            files.put(DiskLayout.ARCH_INFO_FILE, faultPlan.archInfo(archInfo != null ? archInfo :
                images.archInfoFile()));
            files.put(DiskLayout.KERNEL_FILE, images.kernelFile());
            Fat32Writer.write(disk, DiskLayout.MIN_SIZE_MB, DiskLayout.LABEL, images.bootFile(), files);
            try (Machine m = new Machine(platform, config.withDisk(disk)))
            {
                return diagnose(boot(m, images, fillName, started));
            }
        }
        finally
        {
            Files.deleteIfExists(disk);
            Files.deleteIfExists(dir);
        }
    }

    /**
     * Waits for every core to stop, at most {@link #LOOK_NS}, between two of the host's looks at a running boot. While
     * a parallel boot's kernel has not completed ({@code completion}, else null) it waits for the completion instead:
     * the shutdown that follows it then comes at once, not up to a period later (from the completion to the shutdown:
     * 1.5 ms instead of 10 ms on average, 6 default boots each, measured with a timestamp at the latch's last count).
     *
     * @return true once every core has stopped.
     */
    private static boolean awaitStop(final Machine m, final CountDownLatch completion) throws InterruptedException
    {
        if (completion != null && completion.getCount() > 0)
        {
            completion.await(LOOK_NS, TimeUnit.NANOSECONDS);
            return m.awaitStop(0);
        }
        return m.awaitStop(LOOK_NS);
    }

    private BootResult boot(final Machine m, final BootImages images, final String fillName, final long started)
    {
        final MemoryMapper mapper = new MemoryMapper(m, images, options.layout());
        final Map<BootPhase, long[]> phaseEnds = new ConcurrentHashMap<>();
        final Map<BootPhase, Long> phaseEndCycles = new ConcurrentHashMap<>();
        final long t0 = System.nanoTime();
        final MemoryMapRecorder recorder = (phase, cxy) ->
        {
            if (memoryMaps)
            {
                mapper.record(phase, cxy);
            }
            // virtual time: the cycle of the core that records the cluster's map, at the phase's end
            final Thread me = Thread.currentThread();
            final long cycle = m.processors().stream().filter(c -> c.thread() == me).mapToLong(Processor::cycles)
                .findFirst().orElse(0);
            final long[] now = {TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0), cycle};
            phaseEnds.merge(phase, now, (a, b) -> a[0] >= b[0] ? a : b); // a phase ends with its last cluster
            phaseEndCycles.merge(phase, cycle, Math::max);
        };
        m.stepClasses(BootStepClasses.CLASSES);
        final SeededSchedule schedule = seed == null ? null : m.deterministic(seed);
        final Trace trace = tracing ? m.trace() : null;
        if (schedule != null)
        {
            schedule.strategy(strategy, pctDepth, pctSteps);
            schedule.cycleLimit(maxCycles > 0 ? maxCycles : defaultMaxCycles(options));
            if (trace != null)
            {
                trace.virtualTime();
            }
        }
        final long timeout = options.timeout().toNanos();
        // the LETI platform has no ROM for the preloader: the simulator's loader puts it in cluster 0's RAM
        final ElfSegment reset = images.preloader().segments().get(0);
        m.bus().bank(platform.bootCxy()).window(reset.paddr(), reset.fileSize()).putBytes(0, reset.data());
        m.code().register("preloader.elf", ElfSymbols.of(images.preloader()));
        m.code().register("boot.elf", ElfSymbols.of(images.boot()));
        m.code().register("kernel.elf", ElfSymbols.of(images.kernel()), options.layout().kernelShift());
        final Reconfiguration reconf = wakeDeadline != null ? new Reconfiguration(wakeDeadline) :
            Reconfiguration.defaults(options);
        if (schedule != null && watchdog != null)
        {
            // measured on the machine clock in virtual time, the same cycle in every replay; and since virtual time
            // resolves a tie the same way every time, counted past the longest silence the boot software keeps on
            // purpose (waiting a woken core's wake-up deadline out), which it must never race
            schedule.watchdog((watchdog.toNanos() + reconf.wakeDeadline().toNanos()) * Machine.CYCLES_PER_MICRO / 1000);
        }
        final ElectionState election = BootFirmware.install(m, m.code(), images, options, recorder, reconf);
        final Queue<KernelEntry> entries = new ConcurrentLinkedQueue<>();
        final KernelState kstate = stopAtKernelInit || kernel != null ? null : new KernelState();
        running = kstate;
        if (kstate != null)
        {
            new KernelInit(KernelSymbols.of(images.kernel(), options.layout().kernelShift()), kstate, timeout,
                tickCycles).barriers(kernelBarriers).barrierKind(options.barrier())
                .frames(CallFrames.of("kernel.elf", images.kernel(), options.layout().kernelShift())).bind(m.code());
        }
        else
        {
            m.code().bind("kernel_init", kernel != null ? kernel : core ->
            {
                entries.add(new KernelEntry(core.gid(), core.dataExt(), lid(core), core.sp(), core.dataExt(),
                    core.instExt(), core.a0()));
                return Processor.HALT;
            });
        }
        final int gid0 = platform.cores().get(0).gid();
        if (schedule == null)
        {
            // in parallel the XCU timers run on wall time: 1000 cycles per millisecond
            m.clock().pace(Clock.CYCLES_PER_MS);
        }
        else
        {
            // deterministic: the timers follow virtual time, and the boot ends at a point the seed decides; so does a
            // late core's release from reset (--fault late-core), at the first hand-off after the count's seal
            final List<Processor> held = new ArrayList<>(lateCores(m));
            schedule.onSwitch(() ->
            {
                if (kstate != null && kstate.completion().getCount() == 0 && kstate.ticks(gid0) > extraTicks)
                {
                    kstate.shutdown();
                }
                if (!held.isEmpty() && sealed(m))
                {
                    held.forEach(p -> m.releaseReset(p, 0));
                    held.clear();
                }
            });
        }
        faultPlan.install(m, options.flavor());
        // before the cores start: a watcher installed here sees every store, a core thread's start publishes it
        onStart.accept(m);
        if (jitterMicros > 0 && schedule == null)
        {
            final Random r = new Random(startSeed ^ 0x6A17_7E2L);
            for (final Processor p : startOrder(m))
            {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos((long)(r.nextDouble() * jitterMicros)));
                m.start(0, List.of(p));
            }
        }
        else if (schedule != null)
        {
            m.start(0, startOrder(m), lateCores(m));
        }
        else
        {
            m.start(0, startOrder(m));
        }
        final List<String> faults = new ArrayList<>();
        // two seconds past the waits' own bound: a core whose wait timed out names what it awaited, the boot's line does
        // not; a deterministic boot is bounded in cycles, the host's time only by a safety net far above it
        final long hostBound = schedule == null ? timeout + TimeUnit.SECONDS.toNanos(2) :
            Math.max(SAFETY_NET_FACTOR * timeout, SAFETY_NET_MIN.toNanos());
        final long deadline = System.nanoTime() + hostBound;
        final org.agrona.concurrent.NanoClock time = m.time();
        try
        {
            boolean shut = false;
            long lastProgress = -1;
            int running = 0;
            long quietSince = time.nanoTime();
            long firstFaultAt = 0; // a parallel boot's host time at its first fault, or 0
            final List<Processor> afterSeal = schedule != null ? new ArrayList<>() : new ArrayList<>(lateCores(m));
            // a deterministic run goes on after its first fault until every core has stopped (each one at a point the
            // seed decides: its own fault, the cycle limit, the watchdog), so that what the other cores did after it
            // (their faults, the trace) does not depend on when the host noticed
            while (!awaitStop(m, kstate != null && !shut && schedule == null ? kstate.completion() : null))
            {
                if (schedule == null)
                {
                    final List<CoreFault> c = causes(m, reconf);
                    if (!c.isEmpty())
                    {
                        final long now = System.nanoTime();
                        firstFaultAt = firstFaultAt == 0 ? now : firstFaultAt;
                        if (!c.get(0).consequence() || now - firstFaultAt > CAUSE_GRACE.toNanos())
                        {
                            break; // the cause is known (or its core's thread is far behind: the consequences say why)
                        }
                    }
                }
                if (!afterSeal.isEmpty() && sealed(m))
                {
                    m.start(0, afterSeal); // --fault late-core: out of reset once the count is sealed
                    afterSeal.clear();
                }
                if (schedule == null)
                {
                    // a deterministic run's left-out cores end where the seed decides (their own bounded waits, the
                    // cycle limit), never when the host happens to look: an interrupt from here would land at a point
                    // that depends on the host's load, and the trace would not replay
                    running = stopLeftOut(m, reconf, running);
                }
                final long progress = m.processors().stream().mapToLong(Processor::progress).sum();
                if (progress != lastProgress)
                {
                    lastProgress = progress;
                    quietSince = time.nanoTime();
                }
                else if (watchdog != null && schedule == null && time.nanoTime() - quietSince > watchdog.toNanos())
                {
                    faults.add("watchdog: no core made progress for " + watchdog.toMillis() + " ms; every core:\n" +
                        m.processors().stream().map(Processor::toString).collect(Collectors.joining("\n")));
                    break;
                }
                if (kstate != null && !shut && schedule == null && kstate.completion().getCount() == 0 &&
                    kstate.ticks(gid0) > extraTicks)
                {
                    kstate.shutdown(); // the boot is complete (and has ticked on as asked): idle threads halt
                    shut = true;
                }
                if (System.nanoTime() - deadline > 0)
                {
                    faults.add((schedule == null ? "boot: not complete after " + options.timeout().toSeconds() +
                        " s" : "boot: deterministic run, seed " + seed + ": not complete after " +
                        TimeUnit.NANOSECONDS.toSeconds(hostBound) + " s of host time (the safety net; virtual " +
                        "time stood at cycle " + m.clock().cycles() + ")") + "; cores still running:\n" + m.running());
                    break;
                }
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            faults.add("boot: interrupted");
        }
        steps = schedule == null ? 0 : schedule.steps();
        if (schedule != null)
        {
            LOG.debug("schedule: {}", schedule); // --verbose
        }
        // the first fault is the cause; the cores it leaves waiting fault later, and are not news
        // (a core the boot left out may fault as it is stopped: that is the exclusion, reported as such)
        causes(m, reconf).stream().findFirst().map(CoreFault::getMessage).ifPresent(f -> faults.add(0, f));
        final Map<BootPhase, AccessMatrix> accesses = new EnumMap<>(BootPhase.class);
        final Map<BootPhase, AccessMatrix> cycles = new EnumMap<>(BootPhase.class);
        final Map<BootPhase, AccessMatrix> waits = new EnumMap<>(BootPhase.class);
        final Map<BootPhase, AccessMatrix> words = new EnumMap<>(BootPhase.class);
        final Map<BootPhase, StepTable> stepTables = new EnumMap<>(BootPhase.class);
        final Map<BootPhase, StepTable> leftOutSteps = new EnumMap<>(BootPhase.class);
        // a left-out core's steps are not the boot's: its wait for a wake-up that never came (until it was stopped or
        // faulted) would stand, in a deterministic run, for billions of cycles in a boot of a million
        final Predicate<Processor> leftOut = c -> reconf.isExcluded(c.gid());
        final boolean anyLeftOut = !reconf.excludedGids().isEmpty();
        for (final BootPhase p : BootPhase.values())
        {
            if (costMatrices)
            {
                final Machine.EpochMatrices matrices = m.matrices(p.ordinal());
                accesses.put(p, matrices.accesses());
                cycles.put(p, matrices.cycles());
                waits.put(p, matrices.waits());
                words.put(p, matrices.words());
            }
            else
            {
                accesses.put(p, m.accesses(p.ordinal()));
            }
            stepTables.put(p, m.steps(p.ordinal(), leftOut));
            if (anyLeftOut)
            {
                leftOutSteps.put(p, m.coreSteps(p.ordinal(), leftOut));
            }
        }
        final BootTiming timing = new BootTiming(waits, words, stepTables, leftOutSteps,
            m.queues().stream().map(ServiceQueue::stats).toList(), m.barrierLog().episodes(),
            m.processors().stream().mapToLong(c -> c.icache().hits()).sum(),
            m.processors().stream().mapToLong(c -> c.icache().misses()).sum());
        if (election != null)
        {
            ElectionMemory.readBack(m, options.layout(), images.boot(), election);
        }
        if (kstate != null && kstate.completion().getCount() == 0)
        {
            // the memory maps after kernel_init (page descriptors, idle stacks), then, when asked, the kernels' page
            // managers, process_zero and idle threads, as simulated memory holds them
            if (memoryMaps)
            {
                mapper.record(BootPhase.KERNEL, -1);
            }
            if (readKernelMemory)
            {
                kstate.memory(KernelMemory.read(KernelSymbols.of(images.kernel(), options.layout().kernelShift()),
                    kstate.entries().stream().map(KernelEntry::cxy).distinct().sorted().toList(),
                    (cxy, at, len) -> m.bus().bank(cxy).window(at, len)));
            }
        }
        final Tty txt = (Tty)m.device(platform.ioCxy(), DeviceType.TXT_TTY);
        final Map<BootPhase, Long> ends = new EnumMap<>(BootPhase.class);
        phaseEnds.forEach((p, v) -> ends.put(p, v[0]));
        return new BootResult(platform, options, fillName, kstate != null ? kstate.entries() : new ArrayList<>(entries),
            mapper.maps(), accesses, faults, txt.output(0), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
            kstate, ends, trace, election, cycles, phaseEndCycles, seed, reconf, faultPlan, timing);
    }

    /** @return whether the elected leader has sealed cpu_count (read raw from cluster 0's boot block). */
    /** @return the cores --fault late-core holds in reset until the count is sealed. */
    private List<Processor> lateCores(final Machine m)
    {
        return m.processors().stream().filter(p -> faultPlan.startedAfterSeal().contains(p.gid())).toList();
    }

    /**
     * The simulator's look (uncounted) at whether the elected leader has sealed cpu_count: only a published block's
     * seal counts, since the reset fill may set the seal bit in garbage (a5 does) long before any leader exists.
     */
    private static boolean sealed(final Machine m)
    {
        final BootBlock b = new BootBlock().wrap(m.bus().bank(0).window(ElectedFlavor.ZONE_BASE, BootBlock.LENGTH), 0);
        return b.asmMagicVal() == Magic.MAGIC2 && b.isPublished() && b.isSealed();
    }

    /**
     * The boot's diagnostics, through slf4j: the faults injected, and each group of cores left out with the reason
     * (the machine's own TXT0 says it too; report.json keeps both).
     */
    private static BootResult diagnose(final BootResult r)
    {
        if (!r.injected().isEmpty())
        {
            LOG.info("faults injected: {}", r.injected());
        }
        r.reconfiguration().describe().forEach(l -> LOG.warn("left out: {}", l));
        return r;
    }

    /**
     * The faults of the cores the boot kept, causes first: a fault that is another core's consequence (a follower told
     * its leader gave the boot up) may be recorded before that core's own, and the cause is what a user is shown.
     */
    private static List<CoreFault> causes(final Machine m, final Reconfiguration reconf)
    {
        return causes(m.faults(), reconf);
    }

    /**
     * @param faults the machine's faults, in the order they were recorded.
     * @param reconf the cores left out.
     * @return the faults of the cores kept, those that are no other fault's consequence first, each kind in its order.
     */
    static List<CoreFault> causes(final List<CoreFault> faults, final Reconfiguration reconf)
    {
        return faults.stream().filter(f -> !reconf.isExcluded(f.gid()))
            .sorted(Comparator.comparing(CoreFault::consequence)).toList(); // a stable sort
    }

    /**
     * Once every core the boot kept has stopped, stops the left-out cores still waiting (in the preloader for an IPI
     * that never came, or slowed down): the boot does not wait for hardware it left out. Called every 20 ms: the look
     * starts at the core found running last time, which usually still is, rather than scan 1024 cores each time.
     *
     * @param from the index where to start looking.
     * @return the index of a core found running, to start the next look at.
     */
    private static int stopLeftOut(final Machine m, final Reconfiguration reconf, final int from)
    {
        final List<Processor> cores = m.processors();
        final int n = cores.size();
        for (int k = 0; k < n; k++)
        {
            final int i = (from + k) % n;
            final Processor p = cores.get(i);
            final Thread t = p.thread();
            if (t != null && t.isAlive() && !reconf.isExcluded(p.gid()))
            {
                return i;
            }
        }
        for (final Processor p : cores)
        {
            final Thread t = p.thread();
            if (t != null && t.isAlive())
            {
                t.interrupt();
            }
        }
        return from;
    }

    private List<Processor> startOrder(final Machine m)
    {
        final List<Processor> order = new ArrayList<>(m.processors());
        final Set<Integer> dead = faultPlan.neverStarted(platform);
        final Set<Integer> late = faultPlan.startedAfterSeal();
        order.removeIf(p -> dead.contains(p.gid()) || late.contains(p.gid()));
        if (startSeed != 0)
        {
            Collections.shuffle(order, new Random(startSeed));
        }
        return order;
    }

    private int lid(final Processor core)
    {
        return core.gid() & ((1 << platform.pWidth()) - 1);
    }

    /**
     * The built-in images for a platform: the preloader and boot.elf compiled with its hard_config, the kernel, and
     * the arch_info.bin that describes it.
     *
     * @param platform the platform.
     * @param layout   the memory layout boot.elf is linked for.
     * @return the images.
     * @throws IllegalArgumentException when the platform lacks what the boot needs (TXT0, the block device).
     */
    public static BootImages images(final Platform platform, final BootLayout layout)
    {
        final HardConfig config = HardConfig.of(platform);
        return BootImages.of(PreloaderElf.image(config), BootElf.image(layout, config), KernelElf.image(),
            ArchInfoWriter.write(platform));
    }
}
