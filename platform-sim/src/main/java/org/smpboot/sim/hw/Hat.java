package org.smpboot.sim.hw;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import org.smpboot.sim.platform.Device;
import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.trace.EventKind;

/**
 * A hardware address translation unit (HAT) of the hypervisor's machine (seed 000): it stands between initiators and
 * the bus, and turns the addresses they issue in an instance's numbering (guest addresses) into machine addresses, or
 * refuses them. There is one per cluster for its cores (a <em>core HAT</em>, which each core activates for itself),
 * one per cluster for its DMA, and one per I/O channel for the channel's bus masters (the block device of an IOC
 * channel, the IOPIC of a TTY channel). TSAR's HAT register map is not public: this one is the simulator's design.
 *
 * <table>
 * <caption>Registers (32-bit words, byte offsets from the HAT's base; 0 after reset)</caption>
 * <tr><th>offset</th><th>name</th><th>read</th><th>write</th></tr>
 * <tr><td>0x000</td><td>CONTROL</td><td>stored</td><td>bit 0 ENABLE: translate through the tables below; bit 1 STOP:
 * refuse every access (an instance being stopped)</td></tr>
 * <tr><td>0x004</td><td>INSTANCE</td><td>stored</td><td>the instance: names its faults, selects its software</td></tr>
 * <tr><td>0x008</td><td>GUEST_CXY</td><td>stored</td><td>core HAT: the cluster's number in the instance, what its
 * cores' id register reads (gid = GUEST_CXY &lt;&lt; p_width | lid)</td></tr>
 * <tr><td>0x00C</td><td>ACTIVE</td><td>bit lid: core lid issues its accesses through this HAT</td><td>from a core of
 * the cluster: sets its own bit only (activation, its next access is translated); from another initiator: clears
 * the bits written 0 of cores that do not run</td></tr>
 * <tr><td>0x010</td><td>RESET</td><td>bit lid: core lid is held in reset</td><td>setting a bit stops the core at once,
 * whatever it runs; clearing it starts the core again at the machine's reset address, in machine space</td></tr>
 * <tr><td>0x014</td><td>STOPPED</td><td>bit lid: core lid does not run (held in reset, halted or faulted)</td>
 * <td>bus error</td></tr>
 * <tr><td>0x018</td><td>FAULT</td><td>bit 0: a refused access is recorded below; bits 31..1: refusals counted
 * (saturating)</td><td>any value clears it and the record</td></tr>
 * <tr><td>0x01C</td><td>FAULT_ADDR_LO</td><td>bits 31..0 of the first refused guest address</td><td>bus error</td></tr>
 * <tr><td>0x020</td><td>FAULT_ADDR_HI</td><td>bits 39..32</td><td>bus error</td></tr>
 * <tr><td>0x024</td><td>FAULT_WHO</td><td>the refused core's hardware gid; 0xFFFFFFFF for a device</td>
 * <td>bus error</td></tr>
 * <tr><td>0x028</td><td>FAULT_ACCESS</td><td>access code (bits 7..0, {@link #ACCESS_NAMES}) | bytes &lt;&lt; 8</td>
 * <td>bus error</td></tr>
 * <tr><td>0x040 + 4k</td><td>MAP[k], k &lt; 16</td><td>stored</td><td>guest cluster k: bit 31 VALID, bits 7..0 the
 * machine cluster it stands for</td></tr>
 * <tr><td>0x080 + 8j</td><td>LOCAL[j], j &lt; 8</td><td>stored</td><td>+0 OFFSET, +4 SIZE: a range of cluster offsets
 * reachable in every valid guest cluster (RAM, XCU, MMC, DMA); SIZE 0: unused</td></tr>
 * <tr><td>0x0C0 + 32r</td><td>REMAP[r], r &lt; 8</td><td>stored</td><td>+0 GUEST_LO, +4 GUEST_HI, +8 SIZE,
 * +12 MACHINE_LO, +16 MACHINE_HI: a guest range standing for a machine range anywhere (the instance's I/O
 * channels); SIZE 0: unused; words +20 to +28 are reserved</td></tr>
 * </table>
 * Any other offset is a {@link BusError} naming the register.
 *
 * <p>Translation of an access of {@code length} bytes at guest address {@code g}: the first REMAP window holding the
 * whole range gives {@code MACHINE + (g - GUEST)}; otherwise, when {@code MAP[cxy(g)]} is valid and a LOCAL range
 * holds the whole offset range, the machine address is {@code MAP[cxy(g)].cxy << 32 | offset(g)}. Anything else is a
 * HAT fault: recorded in the FAULT registers (the first one; later ones only counted) and raised as a
 * {@link BusError} before anything is read or written. With STOP set every access is refused, unrecorded. With
 * ENABLE clear, a bus master's HAT lets its accesses through untranslated (machine addresses: the reset state, before
 * the hypervisor activates it), and a core HAT refuses the accesses of an active core ("not configured").
 *
 * <p>The software a core runs behind the HAT: a jump resolves in the code map of the instance INSTANCE names
 * ({@link AddressSpace#code()}), from the registry the simulator keeps of each instance's loaded software. A real HAT
 * has nothing of the kind: on real hardware code is only bytes; here each instance's functions are bound to its own
 * devices and state.
 *
 * <p>Thread safety: the translation state is one immutable snapshot behind a volatile reference, rebuilt under this
 * object's monitor at each write of a configuration register, so a translating core never locks and sees a whole
 * configuration; the fault record is guarded by the monitor. Holding cores in reset interrupts their threads and
 * waits for them (bounded) outside the monitor.
 */
public final class Hat implements MappedDevice, AddressSpace
{
    /** Bytes of register space. */
    public static final int SIZE = 0x1000;
    /** Register offset (the class's table): CONTROL, ENABLE and STOP. */
    public static final int CONTROL = 0x000;
    /** Register offset: INSTANCE, the instance the HAT belongs to. */
    public static final int INSTANCE = 0x004;
    /** Register offset: GUEST_CXY, the cluster's number in the instance. */
    public static final int GUEST_CXY = 0x008;
    /** Register offset: ACTIVE, the cores issuing their accesses through this HAT. */
    public static final int ACTIVE = 0x00C;
    /** Register offset: RESET, the cores held in reset. */
    public static final int RESET = 0x010;
    /** Register offset: STOPPED, the cores that do not run. */
    public static final int STOPPED = 0x014;
    /** Register offset: FAULT, a refused access recorded, and the refusals counted. */
    public static final int FAULT = 0x018;
    /** Register offset: FAULT_ADDR_LO, bits 31..0 of the first refused address. */
    public static final int FAULT_ADDR_LO = 0x01C;
    /** Register offset: FAULT_ADDR_HI, bits 39..32 of the first refused address. */
    public static final int FAULT_ADDR_HI = 0x020;
    /** Register offset: FAULT_WHO, the refused core's gid. */
    public static final int FAULT_WHO = 0x024;
    /** Register offset: FAULT_ACCESS, the refused access code and bytes. */
    public static final int FAULT_ACCESS = 0x028;
    /** Register offset: MAP, the first MAP entry (guest cluster to machine cluster). */
    public static final int MAP = 0x040;
    /** Register offset: LOCAL, the first LOCAL range. */
    public static final int LOCAL = 0x080;
    /** Register offset: REMAP, the first REMAP window. */
    public static final int REMAP = 0x0C0;
    /** CONTROL bit: translate through the tables. */
    public static final int ENABLE = 1;
    /** CONTROL bit: refuse every access. */
    public static final int STOP = 2;
    /** MAP's valid bit. */
    public static final int VALID = 1 << 31;
    /** Entries of the MAP table. */
    public static final int MAPS = 16;
    /** Entries of the LOCAL table. */
    public static final int LOCALS = 8;
    /** Entries of the REMAP table. */
    public static final int REMAPS = 8;
    /** Bytes of a REMAP entry. */
    public static final int REMAP_SIZE = 32;
    /** FAULT_WHO of a device. */
    public static final int DEVICE = 0xFFFF_FFFF;
    /** FAULT_ACCESS codes: the index of the access's name. */
    public static final List<String> ACCESS_NAMES = List.of("?", "read32", "write32", "read64",
        "write64", "cas32", "cas64", "add32", "add64", "read", "write", "set", "copy", "window", "fetch");

    /** What a HAT stands before. */
    public enum Kind
    {
        /** The cores of a cluster. */
        CORES,
        /** A bus master (a DMA, a channel's block device or IOPIC). */
        MASTER
    }

    /** One configuration, as translation reads it. */
    private record Snapshot(int control, int instance, int guestCxy, int[] map, int[] localFrom, int[] localSize,
        long[] remapGuest, long[] remapSize, long[] remapMachine)
    {
    }

    private final Device descriptor;
    private final String name;
    private final Kind kind;
    private final int cxy;
    private final int pWidth;
    private final DeviceContext ctx;
    private final IntFunction<CodeMap> codes;
    private final int resetVector;
    private final long stopNanos;

    // guarded by this: the registers as written
    private int control;
    private int instance;
    private int guestCxy;
    private int active;
    private int reset;
    private final int[] map = new int[MAPS];
    private final int[] local = new int[2 * LOCALS];
    private final int[] remap = new int[REMAPS * REMAP_SIZE / 4];
    private int faults;
    private long faultAddress;
    private int faultWho;
    private int faultAccess;

    private volatile Snapshot snapshot;

    /**
     * @param base        its machine address.
     * @param name        how errors name it, such as {@code hat[0x01]}.
     * @param kind        what it stands before.
     * @param cxy         the cluster of the cores it serves (core HATs).
     * @param ctx         the machine: its cores, which RESET stops and starts.
     * @param codes       each instance's software, by instance number.
     * @param resetVector where a core released from reset starts.
     * @param stopBound   how long holding a core in reset waits for its thread to end.
     */
    public Hat(final long base, final String name, final Kind kind, final int cxy, final DeviceContext ctx,
        final IntFunction<CodeMap> codes, final int resetVector, final Duration stopBound)
    {
        // the nearest TSAR device type: the I/O bridge, whose IOMMU translates its initiators' addresses
        this.descriptor = new Device(base, SIZE, DeviceType.IOB_TSR, 1, 0, 0, 0, 0, 0, 0);
        this.name = name;
        this.kind = kind;
        this.cxy = cxy;
        this.pWidth = ctx.platform().pWidth();
        this.ctx = ctx;
        this.codes = codes;
        this.resetVector = resetVector;
        this.stopNanos = stopBound.toNanos();
        this.snapshot = snapshot();
    }

    @Override
    public Device descriptor()
    {
        return descriptor;
    }

    @Override
    public String name()
    {
        return name;
    }

    /** @return what it stands before. */
    public Kind kind()
    {
        return kind;
    }

    // ---------------------------------------------------------------------------------------------- registers

    @Override
    public int read32(final Initiator who, final int offset)
    {
        if (offset == STOPPED)
        {
            return stopped();
        }
        synchronized (this)
        {
            return switch (offset)
            {
                case CONTROL -> control;
                case INSTANCE -> instance;
                case GUEST_CXY -> guestCxy;
                case ACTIVE -> active;
                case RESET -> reset;
                case FAULT -> faults;
                case FAULT_ADDR_LO -> (int)faultAddress;
                case FAULT_ADDR_HI -> (int)(faultAddress >>> 32);
                case FAULT_WHO -> faultWho;
                case FAULT_ACCESS -> faultAccess;
                default -> table(who, "read32", offset, true, 0);
            };
        }
    }

    @Override
    public void write32(final Initiator who, final int offset, final int value)
    {
        who.trace(EventKind.HAT, name + " " + register(offset), Map.of("value", String.format("0x%08x", value)));
        if (offset == RESET)
        {
            reset(who, value);
            return;
        }
        if (offset == ACTIVE)
        {
            activate(who, value);
            return;
        }
        synchronized (this)
        {
            switch (offset)
            {
                case CONTROL -> control = value & (ENABLE | STOP);
                case INSTANCE -> instance = value;
                case GUEST_CXY -> guestCxy = value & 0xFF;
                case FAULT ->
                {
                    faults = 0;
                    faultAddress = 0;
                    faultWho = 0;
                    faultAccess = 0;
                }
                case STOPPED, FAULT_ADDR_LO, FAULT_ADDR_HI, FAULT_WHO, FAULT_ACCESS ->
                    throw new BusError(who, "write32", descriptor.base() + offset, name + " " + register(offset) +
                        " is read-only");
                default -> table(who, "write32", offset, false, value);
            }
            snapshot = snapshot();
        }
    }

    // MAP, LOCAL and REMAP entries; caller holds the lock
    private int table(final Initiator who, final String access, final int offset, final boolean read,
        final int value)
    {
        final int[] regs;
        final int at;
        if (offset >= MAP && offset < MAP + 4 * MAPS)
        {
            regs = map;
            at = (offset - MAP) / 4;
        }
        else if (offset >= LOCAL && offset < LOCAL + 8 * LOCALS)
        {
            regs = local;
            at = (offset - LOCAL) / 4;
        }
        else if (offset >= REMAP && offset < REMAP + REMAP_SIZE * REMAPS && (offset - REMAP) % REMAP_SIZE < 20)
        {
            regs = remap;
            at = (offset - REMAP) / 4;
        }
        else
        {
            throw new BusError(who, access, descriptor.base() + offset, String.format("%s has no register at offset " +
                "0x%03x", name, offset));
        }
        if (read)
        {
            return regs[at];
        }
        regs[at] = value;
        return value;
    }

    private Snapshot snapshot()
    {
        final int[] from = new int[LOCALS];
        final int[] size = new int[LOCALS];
        for (int j = 0; j < LOCALS; j++)
        {
            from[j] = local[2 * j];
            size[j] = local[2 * j + 1];
        }
        final long[] g = new long[REMAPS];
        final long[] s = new long[REMAPS];
        final long[] m = new long[REMAPS];
        for (int r = 0; r < REMAPS; r++)
        {
            final int w = r * REMAP_SIZE / 4;
            g[r] = (remap[w + 1] & 0xFFL) << 32 | remap[w] & 0xFFFF_FFFFL;
            s[r] = remap[w + 2] & 0xFFFF_FFFFL;
            m[r] = (remap[w + 4] & 0xFFL) << 32 | remap[w + 3] & 0xFFFF_FFFFL;
        }
        return new Snapshot(control, instance, guestCxy, map.clone(), from, size, g, s, m);
    }

    // a core activates the HAT for itself; anyone else may only deactivate cores that do not run
    private void activate(final Initiator who, final int value)
    {
        if (kind == Kind.CORES && who instanceof Processor p && p.cxy() == cxy)
        {
            final int bit = 1 << p.lid();
            synchronized (this)
            {
                if ((value & bit) == 0)
                {
                    return;
                }
                active |= bit;
            }
            p.space(this); // the core's own thread: its next access is translated
            return;
        }
        final int stopped = stopped();
        synchronized (this)
        {
            final int clear = active & ~value & stopped;
            active &= ~clear;
            for (int lid = 0; clear >>> lid != 0; lid++)
            {
                final Processor p = (clear & 1 << lid) != 0 ? ctx.processor(cxy, lid) : null;
                if (p != null)
                {
                    p.space(null);
                }
            }
        }
    }

    // hold cores in reset (stop them) or release them (start them again at the reset vector)
    private void reset(final Initiator who, final int value)
    {
        if (kind != Kind.CORES)
        {
            return;
        }
        final int set;
        final int cleared;
        synchronized (this)
        {
            set = value & ~reset;
            cleared = reset & ~value;
            reset = value;
        }
        for (int lid = 0; set >>> lid != 0; lid++)
        {
            final Processor p = (set & 1 << lid) != 0 ? ctx.processor(cxy, lid) : null;
            final Thread t = p == null ? null : p.thread();
            if (t != null && t.isAlive() && t != Thread.currentThread())
            {
                // the token holder takes the core out of a deterministic schedule before its thread ends without it
                p.schedule().stopping(p);
                t.interrupt();
            }
        }
        final long deadline = System.nanoTime() + stopNanos;
        for (int lid = 0; set >>> lid != 0; lid++)
        {
            final Processor p = (set & 1 << lid) != 0 ? ctx.processor(cxy, lid) : null;
            final Thread t = p == null ? null : p.thread();
            try
            {
                while (t != null && t.isAlive() && t != Thread.currentThread() && System.nanoTime() - deadline < 0)
                {
                    t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(deadline - System.nanoTime(),
                        TimeUnit.MILLISECONDS.toNanos(10)))));
                    t.interrupt(); // a wait that swallowed the first interrupt gets another
                }
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (int lid = 0; cleared >>> lid != 0; lid++)
        {
            final Processor p = (cleared & 1 << lid) != 0 ? ctx.processor(cxy, lid) : null;
            final Thread t = p == null ? null : p.thread();
            if (p != null && (t == null || !t.isAlive()))
            {
                synchronized (this)
                {
                    active &= ~(1 << lid);
                }
                p.restart(resetVector);
                p.schedule().restarted(p);
            }
        }
    }

    /**
     * STOPPED: a core not held in reset reads as its own state says (never started, halted, faulted), which the core
     * sets before it hands a deterministic schedule's turn on, never as its host thread's liveness: a thread lives on
     * for a few instructions after its core stopped, for as long as the host takes, and a monitor's read must not
     * depend on that. A core held in reset is stopped once its thread has ended ({@link #reset} waited for it): one
     * whose thread outlived the bound still runs, and the hypervisor says so.
     */
    private int stopped()
    {
        final int held;
        synchronized (this)
        {
            held = reset;
        }
        int bits = 0;
        for (int lid = 0; lid < 32; lid++)
        {
            final Processor p = ctx.processor(cxy, lid);
            if (p == null)
            {
                break;
            }
            final boolean stopped;
            if ((held & 1 << lid) != 0)
            {
                final Thread t = p.thread();
                stopped = t == null || !t.isAlive();
            }
            else
            {
                final Processor.State s = p.state();
                stopped = s == Processor.State.RESET || s == Processor.State.HALTED || s == Processor.State.FAULTED;
            }
            if (stopped)
            {
                bits |= 1 << lid;
            }
        }
        return kind == Kind.CORES ? bits : 0;
    }

    // ---------------------------------------------------------------------------------------------- translation

    @Override
    public long translate(final Initiator who, final String access, final long paddr, final int length)
    {
        final Snapshot s = snapshot;
        if ((s.control & STOP) != 0)
        {
            throw new BusError(who, access, paddr, name + ": instance " + s.instance + " is stopped, its HAT refuses " +
                "every access");
        }
        if ((s.control & ENABLE) == 0)
        {
            if (kind == Kind.MASTER)
            {
                return paddr; // not activated: machine addresses
            }
            throw new BusError(who, access, paddr, name + " is not configured: no instance owns it");
        }
        final long len = Math.max(length, 0);
        if (paddr >= 0 && paddr <= PhysicalAddress.MASK)
        {
            for (int r = 0; r < REMAPS; r++)
            {
                final long off = paddr - s.remapGuest[r];
                if (s.remapSize[r] != 0 && off >= 0 && off + len <= s.remapSize[r])
                {
                    return s.remapMachine[r] + off;
                }
            }
            final int g = PhysicalAddress.cxy(paddr);
            final long off = PhysicalAddress.offset(paddr);
            if (g < MAPS && (s.map[g] & VALID) != 0)
            {
                for (int j = 0; j < LOCALS; j++)
                {
                    final long from = s.localFrom[j] & 0xFFFF_FFFFL;
                    final long size = s.localSize[j] & 0xFFFF_FFFFL;
                    if (size != 0 && off >= from && off + len <= from + size)
                    {
                        return PhysicalAddress.of(s.map[g] & 0xFF, (int)off);
                    }
                }
            }
        }
        record(who, access, paddr, length);
        throw new BusError(who, access, paddr, "HAT fault: outside the clusters and channels of instance " +
            s.instance);
    }

    private synchronized void record(final Initiator who, final String access, final long paddr, final int length)
    {
        if (faults == 0)
        {
            faultAddress = paddr & PhysicalAddress.MASK;
            faultWho = who instanceof Processor p ? p.hardwareGid() : DEVICE;
            faultAccess = Math.max(0, ACCESS_NAMES.indexOf(access)) | Math.max(length, 0) << 8;
        }
        final int count = faults >>> 1;
        faults = (count == Integer.MAX_VALUE ? count : count + 1) << 1 | 1;
    }

    /**
     * For tools that check isolation from outside the machine (the explorer's write watcher): whom it serves now.
     *
     * @return the instance its registers name while it is enabled, else -1.
     */
    public int owner()
    {
        final Snapshot s = snapshot;
        return (s.control & ENABLE) == 0 ? -1 : s.instance;
    }

    @Override
    public int gid(final int machineGid)
    {
        final Snapshot s = snapshot;
        return (s.control & ENABLE) == 0 ? machineGid : s.guestCxy << pWidth | machineGid & ((1 << pWidth) - 1);
    }

    @Override
    public CodeMap code()
    {
        final Snapshot s = snapshot;
        final CodeMap c = (s.control & ENABLE) == 0 ? null : codes.apply(s.instance);
        if (c == null)
        {
            throw new IllegalStateException(name + " is not configured: no instance software to jump to");
        }
        return c;
    }

    private static String register(final int offset)
    {
        return switch (offset)
        {
            case CONTROL -> "CONTROL";
            case INSTANCE -> "INSTANCE";
            case GUEST_CXY -> "GUEST_CXY";
            case ACTIVE -> "ACTIVE";
            case RESET -> "RESET";
            case STOPPED -> "STOPPED";
            case FAULT -> "FAULT";
            case FAULT_ADDR_LO -> "FAULT_ADDR_LO";
            case FAULT_ADDR_HI -> "FAULT_ADDR_HI";
            case FAULT_WHO -> "FAULT_WHO";
            case FAULT_ACCESS -> "FAULT_ACCESS";
            default -> offset >= MAP && offset < LOCAL ? "MAP[" + (offset - MAP) / 4 + "]" :
                offset >= LOCAL && offset < REMAP ? "LOCAL[" + (offset - LOCAL) / 8 + "]" +
                    ((offset & 4) == 0 ? ".OFFSET" : ".SIZE") :
                offset >= REMAP && offset < REMAP + REMAP_SIZE * REMAPS ? "REMAP[" + (offset - REMAP) / REMAP_SIZE +
                    "]." + List.of("GUEST_LO", "GUEST_HI", "SIZE", "MACHINE_LO", "MACHINE_HI", "-", "-", "-")
                    .get((offset - REMAP) % REMAP_SIZE / 4) : String.format("0x%03x", offset);
        };
    }

    @Override
    public String toString()
    {
        final Snapshot s = snapshot;
        return name + ((s.control & ENABLE) == 0 ? " off" : " -> instance " + s.instance +
            ((s.control & STOP) != 0 ? " (stopped)" : "")) + " map " + Arrays.toString(s.map);
    }
}
