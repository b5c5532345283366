package org.smpboot.sim.hw;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.agrona.concurrent.NanoClock;
import org.smpboot.sim.platform.Cluster;
import org.smpboot.sim.platform.Core;
import org.smpboot.sim.platform.Device;
import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.platform.Irq;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.trace.BarrierLog;
import org.smpboot.sim.trace.Trace;

/**
 * A platform made hardware: one sparse {@link Bank} per RAM device, a model per device, the {@link Bus}, a
 * {@link Processor} per core wired to its cluster's XCU outputs, interrupt lines wired as arch_info's irq table
 * says (XCU HWI inputs from the cluster's own devices, IOPIC inputs from the I/O cluster's), and the {@link Clock}.
 *
 * <p>Nothing runs until {@link #start(int)}; {@link #close()} stops every core and device thread and frees the RAM.
 */
public final class Machine implements DeviceContext, AutoCloseable
{
    /**
     * The frequency of virtual time in a deterministic run: cycles per microsecond (1 GHz), the rate at which the trace
     * turns cycles into time and {@link #time()} turns the machine clock into nanoseconds.
     */
    public static final long CYCLES_PER_MICRO = Trace.CYCLES_PER_MICRO;
    private static final int DEVICE_TYPES = DeviceType.values().length;

    private final Platform platform;
    private final MachineConfig config;
    private final Clock clock = new Clock();
    private final Bus bus;
    private final CodeMap code;
    private final List<Bank> banks = new ArrayList<>();
    private final List<MappedDevice> devices = new ArrayList<>();
    /** The first device of each (cluster, type), at {@code cxy * DeviceType count + type}: the wiring asks per core. */
    private final MappedDevice[] deviceIndex = new MappedDevice[PhysicalAddress.CXY_SPACE * DEVICE_TYPES];
    private final List<Processor> processors = new ArrayList<>();
    private final Processor[][] byCluster = new Processor[PhysicalAddress.CXY_SPACE][];
    // every initiator's counts; read here, never through Initiator.counts(), which a device's thread owns
    private final List<AccessCounts> counts = new CopyOnWriteArrayList<>();
    private final List<CoreFault> faults = new CopyOnWriteArrayList<>();
    // the HAT each cluster's device initiators (its DMA) issue their accesses through; null: machine addresses
    private final AtomicReferenceArray<AddressSpace> deviceSpaces =
        new AtomicReferenceArray<>(PhysicalAddress.CXY_SPACE);
    private final CostModel costs;
    private Schedule schedule = Schedule.PARALLEL;
    private StepClasses stepClasses = StepClasses.NONE;
    private final BarrierLog barrierLog = new BarrierLog();
    private final StackDepths stackDepths = new StackDepths();
    private volatile int epoch;
    private volatile Trace trace;

    /**
     * @param platform what to build.
     * @param config   how.
     */
    public Machine(final Platform platform, final MachineConfig config)
    {
        this.platform = platform;
        this.config = config;
        for (final Device d : platform.devices())
        {
            if (d.type() == DeviceType.RAM_SCL)
            {
                banks.add(new Bank(d.cxy(), d.size(), config.fill()));
            }
        }
        this.bus = new Bus(banks);
        this.code = new CodeMap(bus);
        this.costs = new CostModel(platform.yWidth());
        for (final Cluster c : platform.clusters())
        {
            final Processor[] ps = new Processor[c.cores()];
            for (int i = 0; i < c.cores(); i++)
            {
                final Core core = platform.cores().get(c.coreOffset() + i);
                ps[i] = new Processor(core.gid(), core.cxy(), core.lid(), bus, code, faults::add,
                    config.icache(platform.cacheLine()));
                ps[i].barrierLog(barrierLog);
                ps[i].stack().depths(stackDepths);
                processors.add(ps[i]);
                charge(ps[i].counts());
            }
            byCluster[c.cxy()] = ps;
        }
        // Devices see the cores (the XCU wakes them) and reach the bus only when they run.
        for (final Device d : platform.devices())
        {
            if (d.type() != DeviceType.RAM_SCL)
            {
                final MappedDevice m = DeviceFactory.create(d, this);
                devices.add(m);
                final int at = d.cxy() * DEVICE_TYPES + d.type().ordinal();
                if (deviceIndex[at] == null)
                {
                    deviceIndex[at] = m;
                }
            }
        }
        bus.attach(devices);
        bus.watch(new CodeGuard(processors, bus.codeRanges()));
        wireCores();
        wireIrqs();
    }

    /** Virtual time: every initiator's accesses cost cycles on its own counter, numbered for the words' stamps. */
    private void charge(final AccessCounts c)
    {
        c.costs(costs, new CycleCounter(counts.size() + 1));
        counts.add(c);
    }

    /**
     * Runs one core at a time from now on, in an interleaving the seed picks ({@link SeededSchedule}); call before
     * {@link #start(int)}.
     *
     * @param seed the seed.
     * @return the schedule.
     */
    public SeededSchedule deterministic(final long seed)
    {
        final SeededSchedule s = new SeededSchedule(seed, clock);
        this.schedule = s;
        bus.schedule(s);
        // each core reads its own cycle counter, as a MIPS core reads its CP0 Count: its deadlines pass in its own
        // virtual time, which a wait through a jump of the machine clock takes to the jump's end (SeededSchedule)
        processors.forEach(p -> p.time(() -> p.cycles() * 1000 / CYCLES_PER_MICRO));
        return s;
    }

    @Override
    public Schedule schedule()
    {
        return schedule;
    }

    /**
     * The machine's time base for every bound inside the simulated machine (the software's deadlines and periods, the
     * watchdog): in a deterministic run the machine clock in virtual time, cycles at {@value #CYCLES_PER_MICRO} per
     * microsecond (the schedule keeps it at or past every core's cycle counter and moves it on when every core
     * waits; the software on a core reads that core's own counter instead, {@link Processor#time()}); in a parallel run the host's monotonic clock, which the XCU timers follow ({@link Clock#pace(long)}).
     *
     * @return the clock, in nanoseconds.
     */
    public NanoClock time()
    {
        if (schedule.deterministic())
        {
            return () -> clock.cycles() * 1000 / CYCLES_PER_MICRO;
        }
        return System::nanoTime;
    }

    /** @return the cost model of every access, in cycles. */
    public CostModel costModel()
    {
        return costs;
    }

    private void wireCores()
    {
        for (final Processor p : processors)
        {
            final MappedDevice xcu = device(p.cxy(), DeviceType.ICU_XCU);
            if (xcu instanceof CoreInterrupts ci)
            {
                final int lid = p.lid();
                p.connect(() -> ci.pending(lid));
            }
        }
    }

    private void wireIrqs()
    {
        for (final MappedDevice sink : devices)
        {
            final Device d = sink.descriptor();
            if (!(sink instanceof IrqSink s))
            {
                continue;
            }
            for (int port = 0; port < d.irqs(); port++)
            {
                final Irq irq = platform.irqs().get(d.irqOffset() + port);
                if (!irq.valid())
                {
                    continue;
                }
                // An XCU hears its own cluster's devices; the IOPIC sits with the external devices it hears.
                final MappedDevice src = device(d.cxy(), irq.source());
                if (src instanceof IrqSource source)
                {
                    source.connectIrq(irq.channel(), irq.rx(), s.input(port));
                }
            }
        }
    }

    @Override
    public Platform platform()
    {
        return platform;
    }

    @Override
    public MachineConfig config()
    {
        return config;
    }

    @Override
    public Bus bus()
    {
        return bus;
    }

    @Override
    public Clock clock()
    {
        return clock;
    }

    /** @return the jump resolver. */
    public CodeMap code()
    {
        return code;
    }

    @Override
    public Processor processor(final int cxy, final int lid)
    {
        final Processor[] ps = byCluster[cxy & 0xFF];
        return ps == null || lid < 0 || lid >= ps.length ? null : ps[lid];
    }

    /** @return every core, grouped by cluster in arch_info order. */
    public List<Processor> processors()
    {
        return Collections.unmodifiableList(processors);
    }

    /**
     * @param gid a hardware id.
     * @return the core, or null.
     */
    public Processor processorByGid(final int gid)
    {
        return processors.stream().filter(p -> p.hardwareGid() == gid).findFirst().orElse(null);
    }

    /** @return every device model. */
    public List<MappedDevice> devices()
    {
        return Collections.unmodifiableList(devices);
    }

    /**
     * @param cxy  a cluster.
     * @param type a device type.
     * @return the first device of that type in the cluster, or null.
     */
    public MappedDevice device(final int cxy, final DeviceType type)
    {
        return cxy < 0 || cxy >= PhysicalAddress.CXY_SPACE ? null :
            deviceIndex[cxy * DEVICE_TYPES + type.ordinal()];
    }

    /** @return the banks, one per cluster with RAM. */
    public List<Bank> banks()
    {
        return Collections.unmodifiableList(banks);
    }

    /**
     * Records the typed events of every core from now on (call before {@link #start(int)}).
     *
     * @return the trace.
     */
    public synchronized Trace trace()
    {
        if (trace == null)
        {
            trace = new Trace(clock::cycles);
            processors.forEach(p -> p.trace(trace));
        }
        return trace;
    }

    /**
     * Sets the epoch device initiators count in (cores set their own): the boot sets the phase it has reached, so a
     * block device read for phase 2 counts as phase 2's.
     *
     * @param e the epoch, 0 .. {@link AccessCounts#EPOCHS} - 1.
     */
    public void epoch(final int e)
    {
        if (e < 0 || e >= AccessCounts.EPOCHS)
        {
            throw new IllegalArgumentException("epoch " + e + " outside 0.." + (AccessCounts.EPOCHS - 1));
        }
        this.epoch = e;
    }

    /**
     * Sets the address space the device initiators of a cluster (its DMA channels) issue their accesses in: what a
     * hypervisor does when it configures the HAT of a cluster's DMA. Unset (the default), they issue machine addresses.
     *
     * @param cxy   a cluster.
     * @param space its HAT, or null for none.
     */
    public void deviceSpace(final int cxy, final AddressSpace space)
    {
        deviceSpaces.set(cxy & 0xFF, space);
    }

    @Override
    public Initiator initiator(final String name, final int cxy)
    {
        final AccessCounts mine = new AccessCounts(cxy);
        charge(mine);
        return new Initiator()
        {
            @Override
            public AddressSpace space()
            {
                return deviceSpaces.get(cxy & 0xFF);
            }

            @Override
            public String name()
            {
                return name;
            }

            @Override
            public String phase()
            {
                return "device";
            }

            @Override
            public AccessCounts counts()
            {
                // called by the device's own thread before each access: it stays the counts' only writer
                mine.epoch(epoch);
                return mine;
            }
        };
    }

    /** @return the requests of every core and device so far. */
    @Override
    public AccessMatrix accesses()
    {
        return accesses(-1);
    }

    /**
     * @param e an epoch, or -1 for all.
     * @return the requests of every core and device made in that epoch so far, per (requesting cluster, target
     * cluster, kind): a burst (a copy, a line refill) is one request.
     */
    public AccessMatrix accesses(final int e)
    {
        return matrix(e, AccessCounts.COUNT);
    }

    /**
     * @param e an epoch, or -1 for all.
     * @return the cycles that the requests of every core and device made in that epoch cost them (transit, queueing
     * and service), per (requesting cluster, target cluster, kind).
     */
    public AccessMatrix cycles(final int e)
    {
        return matrix(e, AccessCounts.CYCLES);
    }

    /**
     * @param e an epoch, or -1 for all.
     * @return the cycles those requests waited in their targets' queues, per (requesting cluster, target cluster,
     * kind).
     */
    public AccessMatrix waits(final int e)
    {
        return matrix(e, AccessCounts.WAIT);
    }

    /**
     * @param e an epoch, or -1 for all.
     * @return the words those requests moved, per (requesting cluster, target cluster, kind).
     */
    public AccessMatrix words(final int e)
    {
        return matrix(e, AccessCounts.WORDS);
    }

    /**
     * What the requests of one epoch did, per (requesting cluster, target cluster, kind).
     *
     * @param accesses the requests ({@link #accesses(int)}).
     * @param cycles   the cycles they cost ({@link #cycles(int)}).
     * @param waits    the cycles they waited in queues ({@link #waits(int)}).
     * @param words    the words they moved ({@link #words(int)}).
     */
    public record EpochMatrices(AccessMatrix accesses, AccessMatrix cycles, AccessMatrix waits, AccessMatrix words)
    {
    }

    /**
     * The four matrices of one epoch in one walk over every initiator's counts (a 16x16x4 boot's six phases took a
     * quarter of a second as 24 walks).
     *
     * @param e an epoch.
     * @return its requests, their cycles, waits and words.
     */
    public EpochMatrices matrices(final int e)
    {
        final long[] requests = new long[AccessMatrix.SIZE];
        final long[] cycles = new long[AccessMatrix.SIZE];
        final long[] words = new long[AccessMatrix.SIZE];
        final long[] waits = new long[AccessMatrix.SIZE];
        for (final AccessCounts c : counts)
        {
            c.addTo(e, requests, cycles, words, waits);
        }
        return new EpochMatrices(new AccessMatrix(requests), new AccessMatrix(cycles), new AccessMatrix(waits),
            new AccessMatrix(words));
    }

    private AccessMatrix matrix(final int e, final int field)
    {
        final long[] m = new long[AccessMatrix.SIZE];
        for (final AccessCounts c : counts)
        {
            c.addTo(m, e, field);
        }
        return new AccessMatrix(m);
    }

    /**
     * Classes the cores' steps from now on, for {@link #steps(int)}; call before the cores start.
     *
     * @param classes the software's step classes.
     */
    public void stepClasses(final StepClasses classes)
    {
        this.stepClasses = classes;
        processors.forEach(p -> p.stepClasses(classes));
    }

    /**
     * @param e an epoch, or -1 for all.
     * @return what every core and device did in each class of step in that epoch: requests, cycles, words and waits
     * per kind, cycles spent in the class and steps begun.
     */
    public StepTable steps(final int e)
    {
        return steps(e, p -> false);
    }

    /**
     * @param e       an epoch, or -1 for all.
     * @param without cores whose steps are left out (the cores a boot left out: their waits are not the boot's).
     * @return as {@link #steps(int)}, for every device and every other core.
     */
    public StepTable steps(final int e, final Predicate<Processor> without)
    {
        final Set<AccessCounts> skip = Collections.newSetFromMap(new IdentityHashMap<>());
        processors.stream().filter(without).forEach(p -> skip.add(p.counts()));
        final long[] rows = new long[StepClasses.MAX * AccessCounts.STEP_ROW];
        for (final AccessCounts c : counts)
        {
            if (!skip.contains(c))
            {
                c.addStepsTo(rows, e);
            }
        }
        return new StepTable(stepClasses.names(), rows);
    }

    /**
     * @param e     an epoch, or -1 for all.
     * @param cores which cores.
     * @return as {@link #steps(int)}, for those cores only.
     */
    public StepTable coreSteps(final int e, final Predicate<Processor> cores)
    {
        final long[] rows = new long[StepClasses.MAX * AccessCounts.STEP_ROW];
        processors.stream().filter(cores).forEach(p -> p.counts().addStepsTo(rows, e));
        return new StepTable(stepClasses.names(), rows);
    }

    /** @return how deep every stack a core ran on was used (the memory maps show it). */
    public StackDepths stackDepths()
    {
        return stackDepths;
    }

    /** @return the episodes of every barrier the cores met, in virtual time. */
    public BarrierLog barrierLog()
    {
        return barrierLog;
    }

    /** @return every bank's and device's service queue, banks first, in cluster order. */
    public List<ServiceQueue> queues()
    {
        final List<ServiceQueue> qs = new ArrayList<>();
        banks.forEach(b -> qs.add(b.queue()));
        devices.forEach(d -> qs.add(bus.queue(d)));
        return qs;
    }

    /** @return the faults of every core so far, in the order they happened. */
    public List<CoreFault> faults()
    {
        return List.copyOf(faults);
    }

    /**
     * Starts every core at the reset address (fetched in cluster 0).
     *
     * @param resetAddress 32-bit address of the first function.
     */
    public void start(final int resetAddress)
    {
        start(resetAddress, processors);
    }

    /**
     * Starts some cores, in the given order, at the reset address; the others never leave reset.
     *
     * @param resetAddress 32-bit address of the first function.
     * @param order        the cores to start, first first.
     */
    public void start(final int resetAddress, final List<Processor> order)
    {
        final SeededSchedule seeded = schedule instanceof SeededSchedule s ? s : null;
        if (seeded != null)
        {
            seeded.attach(order);
        }
        for (final Processor p : order)
        {
            p.start(resetAddress);
        }
        if (seeded != null)
        {
            seeded.go();
        }
    }

    /**
     * Starts some cores at the reset address and attaches others to a deterministic schedule held in reset, for
     * {@link #releaseReset} to start later at a point the seed decides.
     *
     * @param resetAddress 32-bit address of the first function.
     * @param order        the cores to start, first first.
     * @param held         the cores held in reset.
     */
    public void start(final int resetAddress, final List<Processor> order, final List<Processor> held)
    {
        if (!(schedule instanceof SeededSchedule seeded))
        {
            throw new IllegalStateException("cores held in reset need a deterministic run");
        }
        final List<Processor> all = new ArrayList<>(order);
        all.addAll(held);
        seeded.attach(all);
        held.forEach(seeded::stopping);
        for (final Processor p : order)
        {
            p.start(resetAddress);
        }
        seeded.go();
    }

    /**
     * Releases the reset of a core held in it ({@link #start(int, List, List)}), on the token holder's thread: the core
     * leaves reset at the machine clock's time and takes turns from now on.
     *
     * @param core         the core.
     * @param resetAddress 32-bit address of its first function.
     */
    public void releaseReset(final Processor core, final int resetAddress)
    {
        // set before the core's thread starts, which then owns the counter (Thread.start orders the write before it)
        core.counts().clock().atLeast(clock.cycles());
        core.start(resetAddress);
        schedule.restarted(core);
    }

    /**
     * Waits until every started core has halted or faulted.
     *
     * @param timeoutNanos how long at most.
     * @return true when all stopped; false on timeout.
     * @throws InterruptedException when interrupted.
     */
    public boolean awaitStop(final long timeoutNanos) throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeoutNanos;
        for (final Processor p : processors)
        {
            final Thread t = p.thread();
            if (t == null)
            {
                continue;
            }
            final long left = deadline - System.nanoTime();
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            if (t.isAlive())
            {
                return false;
            }
        }
        return true;
    }

    /** @return one line per core that is neither halted nor faulted: what a watchdog prints. */
    public String running()
    {
        return processors.stream().filter(p -> p.thread() != null && p.thread().isAlive()).map(Processor::toString)
            .collect(Collectors.joining("\n"));
    }

    /**
     * Stops every core (interrupting waits), stops the devices and the clock, and frees the RAM when every core
     * thread has ended (cores that do not end within two seconds, such as one spinning in a barrier until its own
     * bound, keep the memory alive rather than crash: it is freed when they end and the machine is unreachable).
     */
    @Override
    public void close()
    {
        for (final Processor p : processors)
        {
            final Thread t = p.thread();
            if (t != null && t != Thread.currentThread())
            {
                t.interrupt();
            }
        }
        boolean stopped = true;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (final Processor p : processors)
        {
            final Thread t = p.thread();
            if (t != null && t != Thread.currentThread())
            {
                try
                {
                    t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                }
                catch (final InterruptedException e)
                {
                    Thread.currentThread().interrupt();
                }
                stopped &= !t.isAlive();
            }
        }
        clock.close();
        devices.forEach(MappedDevice::close);
        if (stopped)
        {
            schedule.close();
            banks.forEach(Bank::free);
        }
    }
}
