package org.smpboot.sim.hyper;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.smpboot.sim.boot.BootElf;
import org.smpboot.sim.boot.PreloaderElf;
import org.smpboot.sim.hw.Clock;
import org.smpboot.sim.hw.CodeMap;
import org.smpboot.sim.hw.Machine;
import org.smpboot.sim.hw.MappedDevice;
import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.hw.Tty;
import org.smpboot.sim.hw.Xcu;
import org.smpboot.sim.image.ArchInfoWriter;
import org.smpboot.sim.image.BootImages;
import org.smpboot.sim.image.ElfSegment;
import org.smpboot.sim.image.HardConfig;
import org.smpboot.sim.kernel.KernelElf;
import org.smpboot.sim.kernel.KernelState;
import org.smpboot.sim.platform.Device;
import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.platform.PlatformBuilder;

/**
 * The hypervisor of seed 000 (DESIGN.md 3.6) on a {@link Machine}: every core runs it from reset; core[0][0] runs the
 * shell on TTY 0, every other core waits for an IPI ({@code hyper_wait}). {@code run -nc N -i I} does the seed's steps
 * in order, each logged on TTY 0 ({@link #run}); the instance's cores then leave the hypervisor through the HAT
 * activation code and boot ALMOS-MKH's tsar boot-loader and kernel_init, unchanged, in the instance's own address
 * space. A monitor follows every instance to kernel_init completion, a fault (a HAT fault stops that instance only)
 * or its time bound.
 *
 * <p>Guest software: each instance has its own {@link CodeMap} (its firmware and kernel bound to its own devices and
 * {@link KernelState}), reached by its cores through their HAT ({@link Hat#code()}); guest arch-info is built for a
 * 1 x N mesh, so the guest's clusters are 0..N-1, with its I/O cluster at 0, the machine's widths and its cores per
 * cluster.
 *
 * <p>Thread safety: the instances, allocators and HATs change under this object's monitor, taken by the shell (on
 * core[0][0]) and by the monitor thread; the hypervisor's log is a third lock, so a guest thread never waits on them.
 */
public final class Hypervisor implements AutoCloseable
{
    /** How often the monitor looks at the instances. */
    static final long MONITOR_MS = 20;
    /** The guest's reset address: its preloader at 0x0 of its cluster 0, the boot-loader's first code. */
    static final int GUEST_ENTRY = 0;

    private final Machine machine;
    private final Platform hard;
    private final HyperSettings settings;
    private final int hyperCxy;
    private final Hat[] clusterHats = new Hat[PhysicalAddress.CXY_SPACE];
    private final ClusterAllocator clusters;
    private final ChannelPool iocs;
    private final ChannelPool ttys;
    private final Map<Integer, Instance> instances = new ConcurrentHashMap<>();
    private final HyperLog log;
    private final List<MappedDevice> machineDevices;
    private final Thread monitor;
    private final HyperFirmware firmware;
    private volatile boolean closing;
    private final AtomicInteger failures = new AtomicInteger();
    private Function<Processor, Long> shell = core -> Processor.HALT;

    /**
     * @param machine  the machine, not started; its TTY channel 0 is the hypervisor's.
     * @param settings how instances run.
     */
    public Hypervisor(final Machine machine, final HyperSettings settings)
    {
        this.machine = machine;
        this.hard = machine.platform();
        this.settings = settings;
        this.hyperCxy = hard.bootCxy();
        this.clusters = new ClusterAllocator(hard.clusters().stream()
            .filter(c -> c.cores() > 0 && c.cxy() != hyperCxy && machine.bus().bank(c.cxy()) != null)
            .map(c -> c.cxy()).toList());
        this.iocs = new ChannelPool("IOC", settings.channels(), 0);
        this.ttys = new ChannelPool("TTY", settings.channels(), 1);
        for (final var c : hard.clusters())
        {
            clusterHats[c.cxy()] = new Hat(String.format("hat[0x%02x]", c.cxy()), hard.pWidth());
        }
        this.log = new HyperLog(machine.bus(), machine.initiator("hypervisor", hyperCxy), hard.devices().stream()
            .filter(d -> d.cxy() == hard.ioCxy() && d.type() == DeviceType.TXT_TTY).findFirst().map(Device::base)
            .orElseThrow(() -> new IllegalArgumentException("the hypervisor needs a TTY in the I/O cluster for its " +
                "shell")));
        this.machineDevices = List.copyOf(machine.devices());
        this.monitor = new Thread(this::monitor, "hypervisor-monitor");
        this.monitor.setDaemon(true);
        this.firmware = new HyperFirmware(machine, clusterHats, instances::get, this::log, core -> shell.apply(core));
        firmware.install();
    }

    /**
     * @param entry what core[0][0] does in {@code hyper_shell}: reads commands until quit, then returns the next
     *              address ({@link Processor#HALT}).
     * @return this.
     */
    public Hypervisor shell(final Function<Processor, Long> entry)
    {
        this.shell = entry;
        return this;
    }

    // ---------------------------------------------------------------------------------------------- boot

    /** Starts every core at {@code hyper_reset} and the monitor. */
    public void start()
    {
        machine.clock().pace(Clock.CYCLES_PER_MS);
        machine.start(HyperImages.hypervisor().address("hyper_reset"));
        monitor.start();
    }

    /** @return the core running the shell. */
    public Processor shellCore()
    {
        return machine.processor(hyperCxy, 0);
    }

    private long xcu(final int cxy)
    {
        return ClusterReset.xcu(hard, cxy);
    }

    // ---------------------------------------------------------------------------------------------- run

    /**
     * {@code run -nc N -i I}: the seed's steps in order, each logged. Returns once every core of the instance has
     * activated its HAT; the guest boots on, followed by the monitor.
     *
     * @param hyper the core running the shell (core[0][0]), which copies and configures.
     * @param n     clusters.
     * @param id    the instance, which is also its IOC channel.
     * @param tty   the TTY channel, or null for the lowest free one.
     * @param rogue a misbehaving guest, or null.
     * @throws IllegalArgumentException on a bad request; nothing is allocated then.
     */
    public synchronized void run(final Processor hyper, final int n, final int id, final Integer tty, final Rogue rogue)
    {
        if (closing)
        {
            throw new IllegalStateException("the hypervisor is shutting down");
        }
        final Instance existing = instances.get(id);
        if (existing != null)
        {
            throw new IllegalArgumentException("instance " + id + " exists (" + existing.state().label() + " on " +
                "clusters " + ClusterAllocator.format(existing.clusters) + "): kill it first");
        }
        if (n < 1)
        {
            throw new IllegalArgumentException("-nc must be at least 1, got " + n);
        }
        if (n > 1 << hard.yWidth())
        {
            throw new IllegalArgumentException("-nc " + n + ": an instance numbers at most " + (1 << hard.yWidth()) +
                " clusters (1 x N mesh, y_width " + hard.yWidth() + ")");
        }
        iocs.claim(id, id);
        final List<Integer> mine;
        final int ttyChannel;
        try
        {
            if (tty != null)
            {
                ttys.claim(tty, id);
            }
            try
            {
                mine = clusters.allocate(n);
            }
            catch (final RuntimeException e)
            {
                if (tty != null)
                {
                    ttys.release(tty);
                }
                throw e;
            }
            try
            {
                ttyChannel = tty != null ? tty : ttys.allocate(id);
            }
            catch (final RuntimeException e)
            {
                clusters.release(mine);
                throw e;
            }
        }
        catch (final RuntimeException e)
        {
            iocs.release(id);
            throw e;
        }
        try
        {
            launch(hyper, id, mine, ttyChannel, rogue);
        }
        catch (final RuntimeException e)
        {
            final Instance inst = instances.get(id);
            if (inst != null)
            {
                stop(inst, Instance.State.FAULTED, "launch failed: " + e.getMessage());
            }
            else
            {
                clusters.release(mine);
                ttys.release(ttyChannel);
                iocs.release(id);
            }
            throw e;
        }
    }

    private void launch(final Processor hyper, final int id, final List<Integer> mine, final int ttyChannel,
        final Rogue rogue)
    {
        final String tag = "run -nc " + mine.size() + " -i " + id + ": ";
        final int m0 = mine.get(0);
        log(tag + "allocated " + mine.size() + " cluster(s) " + ClusterAllocator.format(mine) + " (guest clusters 0.." +
            (mine.size() - 1) + "), " + clusters.free().size() + " left free");
        final Path dir = settings.out().resolve("instance" + id);
        final Platform guest = GuestBuild.platform(hard, id, mine.size());
        final HardConfig config = HardConfig.of(guest);
        final BootImages images = BootImages.of(PreloaderElf.image(config), BootElf.image(settings.layout(), config),
            KernelElf.image(), ArchInfoWriter.write(guest));
        final Path disk = GuestBuild.disk(settings, id, images, dir);
        log(tag + "IOC channel " + id + " selected: disk " + disk);
        log(tag + "TTY channel " + ttyChannel + " (" + GuestDevices.TTY_SUBCHANNELS + " sub-channels, logs " + dir +
            "/tty0..3.log) and frame-buffer channel " + ttyChannel + " allocated");
        final Hat ioHat = new Hat("hat[io " + id + "]", hard.pWidth());
        final GuestDevices devices;
        try
        {
            devices = new GuestDevices(machine, hyperCxy, guest, id, disk, ttyChannel, dir, ioHat);
        }
        catch (final UncheckedIOException e)
        {
            throw new IllegalArgumentException(e.getMessage() + ": " + e.getCause().getMessage(), e);
        }
        final HatTable table = GuestBuild.table(machine, id, guest, mine, devices);
        log(tag + "arch-info built: " + guest.name() + ", " + guest.cores().size() + " cores, " +
            table.windows().size() + " HAT windows; guest clusters 0.." + (mine.size() - 1) + " are machine clusters " +
            ClusterAllocator.format(mine));

        final CodeMap code = new CodeMap(machine.bus());
        final KernelState kernel = new KernelState();
        GuestBuild.software(machine, settings, code, kernel, images, guest, firmware.hatActivated(guest), rogue);
        final List<Processor> cores = new ArrayList<>();
        for (final int m : mine)
        {
            for (int lid = 0; machine.processor(m, lid) != null; lid++)
            {
                cores.add(machine.processor(m, lid));
            }
        }
        final Instance inst = new Instance(id, mine, id, ttyChannel, guest, disk, dir, code, kernel, cores, devices,
            table, ioHat, settings.timeout().toNanos());
        instances.put(id, inst);

        // arch-info and the boot-loader at the instance's addresses, in its cluster 0
        final byte[] arch = images.archInfoFile();
        machine.bus().write(hyper, PhysicalAddress.of(m0, settings.layout().archInfoBase()), arch, 0, arch.length);
        final ElfSegment reset = images.preloader().segments().get(0);
        machine.bus().write(hyper, PhysicalAddress.of(m0, reset.paddr()), reset.data(), 0, reset.fileSize());
        for (final ElfSegment s : images.boot().segments())
        {
            machine.bus().write(hyper, PhysicalAddress.of(m0, s.paddr()), s.data(), 0, s.fileSize());
            machine.bus().set(hyper, PhysicalAddress.of(m0, s.paddr() + s.fileSize()), s.memSize() - s.fileSize(),
                (byte)0);
        }
        log(String.format("%sarch_info.bin (%d bytes) copied to 0x%08x and the boot-loader (reset code at 0x%08x, " +
            "boot.elf at 0x%08x) to machine cluster 0x%02x", tag, arch.length, settings.layout().archInfoBase(),
            reset.paddr(), settings.layout().bootBase(), m0));

        // the HAT activation code, from ROM to the same offset of the hypervisor's cluster and of instance cluster 0
        final byte[] hatCode = romCode(hyper);
        // the hypervisor's copy is written once: rewriting it while another instance's core runs it would be a
        // store over executed code (the code guard's fault), and its bytes never change
        final byte[] held = new byte[hatCode.length];
        machine.bus().read(hyper, PhysicalAddress.of(hyperCxy, HyperImages.HAT_CODE), held, 0, held.length);
        final boolean there = Arrays.equals(held, hatCode);
        if (!there)
        {
            machine.bus().write(hyper, PhysicalAddress.of(hyperCxy, HyperImages.HAT_CODE), hatCode, 0,
                hatCode.length);
        }
        machine.bus().write(hyper, PhysicalAddress.of(m0, HyperImages.HAT_CODE), hatCode, 0, hatCode.length);
        log(String.format("%sHAT activation code (%d bytes) copied from ROM 0x%08x to 0x%08x of clusters 0x%02x " +
            "(hypervisor%s) and 0x%02x (instance cluster 0)", tag, hatCode.length, PlatformBuilder.ROM_BASE,
            HyperImages.HAT_CODE, hyperCxy, there ? ", already there" : "", m0));

        // the HATs: one per cluster (its cores and its DMA), one for the instance's I/O channels
        for (final int m : mine)
        {
            clusterHats[m].configure(table, code, inst);
            machine.deviceSpace(m, clusterHats[m]);
        }
        ioHat.configure(table, code, inst);
        log(tag + "HATs configured: clusters " + ClusterAllocator.format(mine) + " and their DMAs, I/O channels (" +
            devices.where() + ")");

        // the interrupt multiplexers: each core's WTI mailbox on its first XCU output, the instance's IOPIC inputs
        for (final Processor p : cores)
        {
            machine.bus().write32(hyper, xcu(p.cxy()) + Xcu.offset(Xcu.MSK_WTI, hard.irqsPerCore() * p.lid()),
                1 << p.lid());
        }
        attachDevices();
        log(tag + "interrupts routed: WTI lid -> output " + hard.irqsPerCore() + " x lid on " + cores.size() +
            " cores; IOPIC " + String.join(", ", devices.routes()));

        // P0 of instance cluster 0 runs the hypervisor on: it activates its HAT, IPIs the others, jumps
        machine.bus().write32(hyper, xcu(m0) + Xcu.offset(Xcu.WTI_REG, 0), GUEST_ENTRY);
        final long deadline = System.nanoTime() + settings.timeout().toNanos();
        while (inst.activated.get() < cores.size() && inst.hatFault() == null)
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException(String.format("%s%d of %d cores activated their HAT within %d ms",
                    tag, inst.activated.get(), cores.size(), settings.timeout().toMillis()));
            }
            sleep(1);
        }
        log(String.format("%s%s activated its HAT, sent the boot-loader address 0x%08x to the %d other cores, " +
            "which activated theirs, and jumped to it", tag, machine.processor(m0, 0).name(), GUEST_ENTRY,
            cores.size() - 1));
    }

    private byte[] romCode(final Processor hyper)
    {
        final byte[] b = new byte[HyperImages.HAT_SIZE];
        for (int i = 0; i < b.length; i += 4)
        {
            final int w = machine.bus().read32(hyper, PhysicalAddress.of(hyperCxy, 0) | PlatformBuilder.ROM_BASE + i);
            b[i] = (byte)w;
            b[i + 1] = (byte)(w >>> 8);
            b[i + 2] = (byte)(w >>> 16);
            b[i + 3] = (byte)(w >>> 24);
        }
        return b;
    }

    private void attachDevices()
    {
        final List<MappedDevice> all = new ArrayList<>(machineDevices);
        instances.values().forEach(i -> all.addAll(i.devices.devices()));
        machine.bus().attach(all);
    }

    // ---------------------------------------------------------------------------------------------- list, kill

    /** @return one line per instance, then the free clusters: what {@code list} prints. */
    public synchronized List<String> list()
    {
        final List<String> lines = new ArrayList<>();
        final int width = instances.values().stream().mapToInt(i -> ClusterAllocator.format(i.clusters).length())
            .max().orElse(0);
        final String row = "%-8s %-" + Math.max(20, width) + "s %-5s %-3s %-3s %-3s %-10s %s";
        lines.add(String.format(row, "instance", "clusters", "cores", "ioc", "tty", "fbf", "state", "detail"));
        for (final Instance i : new TreeMap<>(instances).values())
        {
            lines.add(String.format(row, i.id, ClusterAllocator.format(i.clusters), i.cores.size(), i.ioc, i.tty,
                i.fbf(), i.state().label(), i.detail()));
        }
        final List<Integer> free = clusters.free();
        lines.add("free clusters: " + (free.isEmpty() ? "none" : ClusterAllocator.format(free)));
        return lines;
    }

    /**
     * {@code kill I}: stops the instance's cores, gives their clusters back to the hypervisor (XCUs reset, HATs
     * cleared, memory scrubbed back to the reset fill), frees its channels.
     *
     * @param hyper the core running the shell.
     * @param id    the instance.
     * @throws IllegalArgumentException when there is no such instance.
     * @throws IllegalStateException when a core does not stop in time: its clusters stay reserved.
     */
    public synchronized void kill(final Processor hyper, final int id)
    {
        final Instance inst = instances.get(id);
        if (inst == null)
        {
            throw new IllegalArgumentException("no instance " + id + (instances.isEmpty() ? " (none runs)" :
                " (instances: " + new TreeMap<>(instances).keySet() + ")"));
        }
        if (inst.state() == Instance.State.BOOTING || inst.state() == Instance.State.COMPLETE)
        {
            halt(inst);
        }
        final List<Processor> alive = inst.cores.stream().filter(p -> p.thread() != null && p.thread().isAlive())
            .toList();
        if (!alive.isEmpty())
        {
            throw new IllegalStateException("kill " + id + ": " + alive.size() + " core(s) still run (" +
                alive.get(0) + "); clusters " + ClusterAllocator.format(inst.clusters) + " stay reserved");
        }
        for (final int m : inst.clusters)
        {
            ClusterReset.resetXcu(machine, hyper, m);
            machine.deviceSpace(m, null);
            clusterHats[m].clear();
        }
        inst.ioHat.clear();
        instances.remove(id);
        attachDevices();
        inst.devices.close();
        final long scrubbed = inst.clusters.stream().mapToLong(c -> ClusterReset.scrub(machine, c)).sum();
        clusters.release(inst.clusters);
        ttys.release(inst.tty);
        iocs.release(inst.ioc);
        final int reset = HyperImages.hypervisor().address("hyper_reset");
        inst.cores.forEach(p -> p.restart(reset));
        log(String.format("kill %d: %d cores stopped, clusters %s scrubbed (%d KiB refilled) and free, IOC channel " +
            "%d and TTY/FBF channel %d free", id, inst.cores.size(), ClusterAllocator.format(inst.clusters),
            scrubbed / 1024, inst.ioc, inst.tty));
    }

    /**
     * Waits until the instances leave the booting state.
     *
     * @param ids          the instances (empty: all).
     * @param timeoutNanos how long at most.
     * @return one line per instance awaited.
     * @throws IllegalArgumentException for an unknown instance.
     * @throws IllegalStateException when one still boots at the deadline.
     */
    public List<String> await(final List<Integer> ids, final long timeoutNanos)
    {
        final List<Instance> awaited = new ArrayList<>();
        synchronized (this)
        {
            for (final int id : ids.isEmpty() ? new TreeMap<>(instances).keySet() : ids)
            {
                final Instance i = instances.get(id);
                if (i == null)
                {
                    throw new IllegalArgumentException("no instance " + id);
                }
                awaited.add(i);
            }
        }
        if (awaited.isEmpty())
        {
            return List.of("wait: no instance to wait for");
        }
        final long deadline = System.nanoTime() + timeoutNanos;
        for (final Instance i : awaited)
        {
            while (i.state() == Instance.State.BOOTING)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    throw new IllegalStateException("wait: instance " + i.id + " still boots after " +
                        TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
                }
                sleep(5);
            }
        }
        return awaited.stream().map(i -> "instance " + i.id + ": " + i.state().label() + " (" + i.detail() + ")")
            .toList();
    }

    // stops an instance's cores: its HATs refuse everything, its idle threads halt, waits end; bounded. The state
    // changes once the cores have stopped (or the bound has passed), so that wait returns on a stopped instance.
    private void stop(final Instance inst, final Instance.State state, final String why)
    {
        if (state == Instance.State.FAULTED || state == Instance.State.TIMED_OUT)
        {
            failures.incrementAndGet();
        }
        halt(inst);
        inst.state(state, why);
    }

    private void halt(final Instance inst)
    {
        inst.cores.forEach(p -> clusterHats[p.cxy()].revoke());
        inst.ioHat.revoke();
        inst.kernel.shutdown();
        for (final Processor p : inst.cores)
        {
            final Thread t = p.thread();
            if (t != null)
            {
                t.interrupt();
            }
        }
        final long deadline = System.nanoTime() + settings.timeout().toNanos();
        for (final Processor p : inst.cores)
        {
            final Thread t = p.thread();
            try
            {
                while (t != null && t.isAlive() && System.nanoTime() - deadline < 0)
                {
                    t.join(10);
                    t.interrupt();
                }
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
        final long alive = inst.cores.stream().filter(p -> p.thread() != null && p.thread().isAlive()).count();
        log("instance " + inst.id + " stopped: " + (inst.cores.size() - alive) + " of its " + inst.cores.size() +
            " cores halted" + (alive == 0 ? "" : ", " + alive + " still run after " +
            settings.timeout().toSeconds() + " s") + "; the other instances run on");
    }

    // ---------------------------------------------------------------------------------------------- monitor

    private void monitor()
    {
        while (!closing)
        {
            sleep(MONITOR_MS);
            synchronized (this)
            {
                for (final Instance i : new TreeMap<>(instances).values())
                {
                    check(i);
                }
            }
        }
    }

    private void check(final Instance i)
    {
        final Instance.State s = i.state();
        if (s != Instance.State.BOOTING && s != Instance.State.COMPLETE)
        {
            return;
        }
        final String hat = i.hatFault();
        if (hat != null)
        {
            log(hat);
            stop(i, Instance.State.FAULTED, "HAT fault");
            return;
        }
        final Processor faulted = i.cores.stream().filter(p -> p.state() == Processor.State.FAULTED).findFirst()
            .orElse(null);
        if (faulted != null)
        {
            final String why = machine.faults().stream().map(Throwable::getMessage)
                .filter(m -> m.contains(faulted.name())).reduce((a, b) -> b).orElse(faulted.toString());
            log("instance " + i.id + ": core fault: " + why);
            stop(i, Instance.State.FAULTED, "core fault on " + faulted.name());
            return;
        }
        if (s == Instance.State.BOOTING && i.kernel.completion().getCount() == 0)
        {
            final long ms = TimeUnit.NANOSECONDS.toMillis(i.kernel.completeNanos() - i.startedNanos);
            log("instance " + i.id + ": kernel_init complete in " + ms + " ms on clusters " +
                ClusterAllocator.format(i.clusters) + " (" + i.cores.size() + " cores); TXT0: " + i.ttyDir +
                "/tty0.log");
            i.state(Instance.State.COMPLETE, "kernel_init complete in " + ms + " ms");
            return;
        }
        if (s == Instance.State.BOOTING && System.nanoTime() - i.deadlineNanos > 0)
        {
            final String running = i.cores.stream().filter(p -> p.thread() != null && p.thread().isAlive())
                .map(Processor::toString).findFirst().orElse("none");
            log("instance " + i.id + ": kernel_init not complete after " + settings.timeout().toSeconds() +
                " s (first core still running: " + running + ")");
            stop(i, Instance.State.TIMED_OUT, "not complete after " + settings.timeout().toSeconds() + " s");
        }
    }

    // ---------------------------------------------------------------------------------------------- log

    /**
     * @param line one line for the hypervisor's log on TTY 0, without the prefix.
     */
    public void log(final String line)
    {
        log.line(line);
    }

    /**
     * @param text text for TTY 0 as it is (the shell's prompt, echo and listings).
     */
    public void print(final String text)
    {
        log.print(text);
    }

    /** @return TTY 0's output so far. */
    public String tty0()
    {
        return ((Tty)machine.device(hard.ioCxy(), DeviceType.TXT_TTY)).output(0);
    }

    /**
     * @param id  an instance.
     * @param sub one of its TTY sub-channels.
     * @return what it printed, or null when there is no such instance.
     */
    public String guestTty(final int id, final int sub)
    {
        final Instance i = instances.get(id);
        return i == null ? null : i.devices.output(sub);
    }

    /**
     * @param id an instance.
     * @return it, or null.
     */
    Instance instance(final int id)
    {
        return instances.get(id);
    }

    /** @return the machine. */
    public Machine machine()
    {
        return machine;
    }

    /** Kills every instance (bounded), stops the monitor. The machine is closed by its owner. */
    @Override
    public void close()
    {
        synchronized (this)
        {
            closing = true;
            final Processor hyper = shellCore();
            for (final int id : new TreeMap<>(instances).keySet())
            {
                try
                {
                    kill(hyper, id);
                }
                catch (final RuntimeException e)
                {
                    log(e.getMessage());
                }
            }
        }
        monitor.interrupt();
    }

    /** @return how many instances faulted or timed out so far. */
    public int failures()
    {
        return failures.get();
    }

    /** @return the instances' states, by number: for tests and the CLI's exit status. */
    public synchronized Map<Integer, String> states()
    {
        return new TreeMap<>(instances).values().stream().collect(Collectors.toMap(i -> i.id,
            i -> i.state().label(), (a, b) -> a, TreeMap::new));
    }

    private static void sleep(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
