package org.smpboot.sim.hyper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.smpboot.sim.hw.Hat;
import org.smpboot.sim.hw.HyperHardware;
import org.smpboot.sim.hw.Iopic;
import org.smpboot.sim.hw.IrqMux;
import org.smpboot.sim.hw.Machine;
import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.hw.Tty;
import org.smpboot.sim.hw.Xcu;
import org.smpboot.sim.image.DevType;

/**
 * The hypervisor of seed 000 (DESIGN.md 3.6) as its shell's core runs it: core[0][0] boots it ({@link #boot}: it reads
 * the machine's arch_info.bin, routes TTY 0's receive interrupt to itself and starts its timer), then runs the shell
 * ({@link HyperShell}), whose commands end here: {@code run} ({@link InstanceLauncher}, the seed's steps in order),
 * {@code list}, {@code kill}, {@code wait}. Whenever the core waits (for a character, for a launch, in {@code wait})
 * it runs the monitor ({@link InstanceMonitor}) at each tick of its timer: so the monitor is simulated software on the
 * same core, at points of the core's own timeline, and a deterministic run replays it.
 *
 * <p>Everything the hypervisor learns of the machine comes from the machine's arch_info.bin (in its cluster's RAM,
 * where the loader put it) and from device registers, through the bus: the HATs, the IOPICs and the interrupt
 * multiplexer are programmed by register writes ({@link HatProgram}, {@link Hat}). Two things are
 * the simulator's and not the machine's: the channel devices' backends (an instance's disk image and log files,
 * fitted with {@link HyperHardware#fitIoc} and {@link HyperHardware#fitTty}) and the registry of each instance's
 * software ({@link HyperHardware#software}), which stand for bytes that real hardware would just execute.
 *
 * <p>Thread safety: everything but the instances' states and the failure count is touched by the shell's core only;
 * the host reads {@link #states()} and {@link #instance(int)} from its own threads.
 */
public final class Hypervisor
{
    /** The XCU WTI input that the machine's IOPIC writes when TTY 0 receives a character. */
    static final int RX_WTI = 15;
    /** Period of the shell core's timer, in cycles: how often the monitor looks (10 ms on the paced clock). */
    static final int TICK = 10_000;
    /** A wait of the shell's core for an interrupt: its timer ticks, so the bound is only a sanity one. */
    static final long IDLE_NANOS = TimeUnit.DAYS.toNanos(1);

    private final Machine machine;
    private final HyperHardware hardware;
    private final HyperSettings settings;
    private final Map<Integer, Instance> instances = new ConcurrentSkipListMap<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final InstanceMonitor monitor = new InstanceMonitor(this);
    private final Teardown teardown = new Teardown(this);
    private ArchInfoView arch;
    private int hyperCxy;
    private long xcu;
    private volatile HyperLog log;
    private TtyLine input;
    private ClusterAllocator clusters;
    private ChannelPool iocs;
    private ChannelPool ttys;
    private HyperShell shell;

    /**
     * @param machine  the machine, with the hypervisor's hardware fitted.
     * @param hardware that hardware.
     * @param settings how instances run.
     */
    public Hypervisor(final Machine machine, final HyperHardware hardware, final HyperSettings settings)
    {
        this.machine = machine;
        this.hardware = hardware;
        this.settings = settings;
    }

    // ---------------------------------------------------------------------------------------------- boot

    /**
     * Binds the hypervisor's functions in the machine's code map, once the machine's loader has placed its images
     * ({@link HyperImages#load}); every core then starts at {@code hyper_reset} ({@link #resetAddress()}).
     *
     * @return this.
     */
    public Hypervisor install()
    {
        shell = new HyperShell(this);
        HyperFirmware.install(this, shell);
        return this;
    }

    /** @return every core's reset address in hypervisor mode: {@code hyper_reset}. */
    public static int resetAddress()
    {
        return HyperImages.hypervisor().address("hyper_reset");
    }

    /** @return how many shell commands failed. */
    public int errors()
    {
        return shell == null ? 0 : shell.errors();
    }

    /**
     * An IPI to a core of no instance: logged, the core waits on.
     *
     * @param core    the core.
     * @param address what its mailbox held.
     */
    void strayIpi(final Processor core, final int address)
    {
        final HyperLog l = log;
        if (l != null)
        {
            l.line(core, String.format("stray IPI to %s (0x%08x): no instance owns its cluster", core.name(),
                address));
        }
    }

    /**
     * What core[0][0] does first in {@code hyper_shell}: reads the machine's arch_info.bin and how many I/O channels
     * the interrupt multiplexer feeds (its CHANNELS register), makes the allocators,
     * routes TTY 0's receive line through the machine's IOPIC to a WTI mailbox of its own XCU, starts its timer.
     *
     * @param core the shell's core.
     */
    void boot(final Processor core)
    {
        core.phase("hypervisor: boot");
        arch = ArchInfoView.read(core, PhysicalAddress.of(0, HyperImages.MACHINE_ARCH_INFO),
            HyperImages.MACHINE_ARCH_INFO_SIZE);
        hyperCxy = core.gid() >>> arch.pWidth();
        final int io = arch.ioCxy();
        final int txt = arch.device(io, DevType.TXT_TTY.code(), false);
        if (txt < 0)
        {
            throw new IllegalStateException("the machine has no TTY in its I/O cluster for the hypervisor's shell");
        }
        log = new HyperLog(arch.deviceBase(txt));
        input = new TtyLine(arch.deviceBase(txt), hyperCxy, log);
        xcu = arch.deviceBase(arch.device(hyperCxy, DevType.ICU_XCU.code(), false));
        final List<Integer> usable = new ArrayList<>();
        for (int i = 0; i < arch.clusters(); i++)
        {
            final int cxy = arch.clusterCxy(i);
            if (arch.clusterCores(i) > 0 && cxy != hyperCxy && arch.device(cxy, DevType.RAM_SCL.code(), false) >= 0)
            {
                usable.add(cxy);
            }
        }
        clusters = new ClusterAllocator(usable);
        // how many I/O channels: the interrupt multiplexer's CHANNELS register (one IOPIC per channel)
        final int channels = core.bus().read32(core, (long)hyperCxy << 32 | HyperHardware.MUX + IrqMux.CHANNELS);
        iocs = new ChannelPool("IOC", channels, 0);
        ttys = new ChannelPool("TTY", channels, 1);
        routeReceive(core, io, txt);
        core.bus().write32(core, xcu + Xcu.offset(Xcu.PTI_PER, 0), TICK);
        core.bus().write32(core, xcu + Xcu.offset(Xcu.MSK_PTI_ENABLE, 0), 1);
    }

    // TTY 0's receive line, an input of the machine's IOPIC, to WTI RX_WTI of the shell core's XCU
    private void routeReceive(final Processor core, final int io, final int txt)
    {
        core.bus().write32(core, xcu + Xcu.offset(Xcu.MSK_WTI_ENABLE, 0), 1 << RX_WTI);
        final int pic = arch.device(io, DevType.PIC_TSR.code(), false);
        for (int port = 0; pic >= 0 && port < arch.deviceIrqs(pic); port++)
        {
            final int n = arch.deviceIrqOffset(pic) + port;
            if (arch.irqValid(n) && arch.irqType(n) == arch.deviceType(txt) && arch.irqChannel(n) == 0 && arch.irqRx(n))
            {
                final long in = arch.deviceBase(pic) + 4L * Iopic.SPAN * port;
                final long mailbox = xcu + Xcu.offset(Xcu.WTI_REG, RX_WTI);
                core.bus().write32(core, in + 4L * Iopic.ADDRESS, (int)mailbox);
                core.bus().write32(core, in + 4L * Iopic.EXTEND, PhysicalAddress.cxy(mailbox));
                core.bus().write32(core, in + 4L * Iopic.MASK, 1);
                return;
            }
        }
        // no receive interrupt: the shell finds characters at its timer's ticks
    }

    /**
     * Waits for an interrupt of the shell's core (a character on TTY 0, a tick of its timer) and handles it; at a
     * tick, the monitor looks at every instance.
     *
     * @param core the shell's core.
     */
    void idle(final Processor core)
    {
        core.waitForInterrupt(IDLE_NANOS, "a character on TTY 0 or a tick of the hypervisor's timer");
        final int prio = core.bus().read32(core, xcu + Xcu.offset(Xcu.PRIO, 0));
        if ((prio & 4) != 0)
        {
            core.bus().read32(core, xcu + Xcu.offset(Xcu.WTI_REG, (prio >>> 24) & 0x1F));
        }
        if ((prio & 2) != 0)
        {
            core.bus().write32(core, xcu + Xcu.offset(Xcu.MSK_HWI_DISABLE, 0), 1 << ((prio >>> 16) & 0x1F));
        }
        if ((prio & 1) != 0)
        {
            core.bus().read32(core, xcu + Xcu.offset(Xcu.PTI_ACK, (prio >>> 8) & 0x1F));
            final String before = core.phase();
            monitor.check(core);
            core.phase(before);
        }
    }

    /**
     * The hypervisor's clock: the machine's time base as its core reads it ({@link Processor#time()}: the host's
     * monotonic clock in a parallel run, virtual time in a deterministic one, so a replay meets its bounds at the same
     * points).
     *
     * @param core the shell's core.
     * @return nanoseconds now.
     */
    static long now(final Processor core)
    {
        return core.time().nanoTime();
    }

    /**
     * @param nanos a duration.
     * @return it as the log shows it, in milliseconds with one decimal.
     */
    static String millis(final long nanos)
    {
        return String.format("%d.%d ms", nanos / 1_000_000, nanos / 100_000 % 10);
    }

    /**
     * The line the shell reads next, after its prompt.
     *
     * @param core   the shell's core.
     * @param prompt the prompt.
     * @return it, or null at the end of input.
     */
    TtyLine.Line readLine(final Processor core, final String prompt)
    {
        core.phase("hypervisor: shell: read a command");
        return input.read(core, this, prompt);
    }

    // ---------------------------------------------------------------------------------------------- commands

    /**
     * {@code run}: the seed's steps in order ({@link InstanceLauncher}), each logged; returns once every core of the
     * instance has activated its HAT. The guest boots on, followed by the monitor.
     *
     * @param core    the shell's core.
     * @param request what was asked.
     * @throws IllegalArgumentException on a bad request; nothing is allocated then.
     */
    void run(final Processor core, final InstanceLauncher.Request request)
    {
        final Instance existing = instances.get(request.id());
        if (existing != null)
        {
            throw new IllegalArgumentException("instance " + request.id() + " exists (" + existing.state().label() +
                " on clusters " + ClusterAllocator.format(existing.clusters) + "): kill it first");
        }
        new InstanceLauncher(this, core, request).launch();
    }

    /**
     * {@code list}: one line per instance (its clusters, cores, channels, boot flavor and layout, state), then the free
     * clusters.
     *
     * @return the lines.
     */
    List<String> list()
    {
        final List<String> lines = new ArrayList<>();
        final int width = instances.values().stream().mapToInt(i -> ClusterAllocator.format(i.clusters).length())
            .max().orElse(0);
        final String row = "%-8s %-" + Math.max(20, width) + "s %-5s %-3s %-3s %-3s %-17s %-10s %s";
        lines.add(String.format(row, "instance", "clusters", "cores", "ioc", "tty", "fbf", "flavor/layout", "state",
            "detail"));
        for (final Instance i : instances.values())
        {
            lines.add(String.format(row, i.id, ClusterAllocator.format(i.clusters), i.cores(), i.ioc, i.tty, i.tty,
                i.flavor.cliName() + "/" + i.layout.cliName(), i.state().label(), i.detail()));
        }
        final List<Integer> free = clusters.free();
        lines.add("free clusters: " + (free.isEmpty() ? "none" : ClusterAllocator.format(free)));
        return lines;
    }

    /**
     * {@code kill I}: {@link Teardown#kill}.
     *
     * @param core the shell's core.
     * @param id   the instance.
     */
    void kill(final Processor core, final int id)
    {
        teardown.kill(core, id);
    }

    /**
     * Stops an instance: {@link Teardown#stop}.
     *
     * @param core  the shell's core.
     * @param inst  the instance.
     * @param state why it stops.
     * @param why   the detail {@code list} shows.
     */
    void stop(final Processor core, final Instance inst, final Instance.State state, final String why)
    {
        teardown.stop(core, inst, state, why);
        failures.incrementAndGet();
    }

    /**
     * {@code wait}: until the instances are no longer booting.
     *
     * @param core   the shell's core.
     * @param ids    the instances (empty: all).
     * @param bound  how long at most, on the hypervisor's clock.
     * @return one line per instance awaited.
     * @throws IllegalArgumentException for an unknown instance.
     * @throws IllegalStateException when one still boots at the bound.
     */
    List<String> await(final Processor core, final List<Integer> ids, final Duration bound)
    {
        final List<Instance> awaited = new ArrayList<>();
        for (final int id : ids.isEmpty() ? List.copyOf(instances.keySet()) : ids)
        {
            final Instance i = instances.get(id);
            if (i == null)
            {
                throw new IllegalArgumentException("no instance " + id);
            }
            awaited.add(i);
        }
        if (awaited.isEmpty())
        {
            return List.of("wait: no instance to wait for");
        }
        core.phase("hypervisor: wait");
        final long deadline = now(core) + bound.toNanos();
        for (final Instance i : awaited)
        {
            while (i.state() == Instance.State.BOOTING)
            {
                if (now(core) - deadline > 0)
                {
                    throw new IllegalStateException("wait: instance " + i.id + " still boots after " +
                        millis(bound.toNanos()));
                }
                idle(core);
            }
        }
        return awaited.stream().map(i -> "instance " + i.id + ": " + i.state().label() + " (" + i.detail() + ")")
            .toList();
    }

    /**
     * {@code quit}: kills every instance and stops the timer.
     *
     * @param core the shell's core.
     */
    void quit(final Processor core)
    {
        for (final int id : List.copyOf(instances.keySet()))
        {
            try
            {
                kill(core, id);
            }
            catch (final RuntimeException e)
            {
                log(core, "error: " + Clip.cut(e.getMessage(), Clip.MESSAGE));
            }
        }
        core.bus().write32(core, xcu + Xcu.offset(Xcu.PTI_PER, 0), 0);
        log(core, "quit");
    }

    // ---------------------------------------------------------------------------------------------- state

    /**
     * @param core who prints.
     * @param line a line for TTY 0, without the {@code [HYPER]} prefix.
     */
    void log(final Processor core, final String line)
    {
        if (input == null || !input.interrupt(core, line))
        {
            log.line(core, line);
        }
    }

    /**
     * @param core who prints.
     * @param text text for TTY 0 as it is.
     */
    void print(final Processor core, final String text)
    {
        log.print(core, text);
    }

    Machine machine()
    {
        return machine;
    }

    HyperHardware hardware()
    {
        return hardware;
    }

    HyperSettings settings()
    {
        return settings;
    }

    ArchInfoView arch()
    {
        return arch;
    }

    int hyperCxy()
    {
        return hyperCxy;
    }

    ClusterAllocator clusters()
    {
        return clusters;
    }

    ChannelPool iocs()
    {
        return iocs;
    }

    ChannelPool ttys()
    {
        return ttys;
    }

    Map<Integer, Instance> instances()
    {
        return instances;
    }

    /**
     * @param m a machine cluster.
     * @return the machine address of its core HAT.
     */
    static long hat(final int m)
    {
        return (long)m << 32 | HyperHardware.CORE_HAT;
    }

    /**
     * @param m a machine cluster.
     * @return the machine address of its DMA's HAT.
     */
    static long dmaHat(final int m)
    {
        return (long)m << 32 | HyperHardware.DMA_HAT;
    }

    long iocHat(final int channel)
    {
        return (long)hyperCxy << 32 | HyperHardware.IOC_HAT + channel * HyperHardware.CHANNEL_STRIDE;
    }

    long picHat(final int channel)
    {
        return (long)hyperCxy << 32 | HyperHardware.PIC_HAT + channel * HyperHardware.CHANNEL_STRIDE;
    }

    /** @return how many instances faulted or timed out so far. */
    public int failures()
    {
        return failures.get();
    }

    /** @return the instances' states, by number, as {@code list} labels them. */
    public Map<Integer, String> states()
    {
        final Map<Integer, String> m = new TreeMap<>();
        instances.values().forEach(i -> m.put(i.id, i.state().label()));
        return m;
    }

    /**
     * @param id an instance.
     * @return it, or null.
     */
    public Instance instance(final int id)
    {
        return instances.get(id);
    }

    /**
     * @param id  an instance.
     * @param sub one of its TTY sub-channels.
     * @return what it printed, or null when there is no such instance.
     */
    public String guestTty(final int id, final int sub)
    {
        final Instance i = instances.get(id);
        final Tty t = i == null ? null : hardware.tty(i.tty);
        return t == null ? null : t.output(sub);
    }
}
