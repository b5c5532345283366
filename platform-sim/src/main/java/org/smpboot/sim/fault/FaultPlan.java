package org.smpboot.sim.fault;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.smpboot.sim.boot.BootFlavor;
import org.smpboot.sim.hw.CoreFault;
import org.smpboot.sim.hw.Machine;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.platform.Cluster;
import org.smpboot.sim.platform.Core;
import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.platform.Platform;

/**
 * The faults injected into one boot, checked against the platform and the flavor, and how each is applied: cores
 * never started or started only once the count is sealed, arch_info.bin corrupted on the disk, and, once the machine
 * exists and before its cores start, dead banks on the bus, deaf cores, and step hooks that slow a core down or stop it
 * dead.
 */
public final class FaultPlan
{
    /** Step a killed core dies at, by default, in the elected flavor: the leader and the followers both begin one. */
    public static final String ELECTED_KILL_STEP = "arch_init";
    /** Step a killed core dies at, by default, in the tsar flavor: after it answered its wake-up. */
    public static final String TSAR_KILL_STEP = "local_barrier";

    private static final FaultPlan NONE = new FaultPlan(List.of());
    private final List<Fault> faults;

    /**
     * @param faults the faults, in the order given.
     */
    public FaultPlan(final List<Fault> faults)
    {
        this.faults = List.copyOf(faults);
    }

    /** @return no fault. */
    public static FaultPlan none()
    {
        return NONE;
    }

    /**
     * @param specs {@code KIND:ARGS} texts.
     * @return the plan.
     * @throws IllegalArgumentException naming the first bad spec.
     */
    public static FaultPlan parse(final List<String> specs)
    {
        return new FaultPlan(specs.stream().map(Fault::parse).toList());
    }

    /** @return the faults. */
    public List<Fault> faults()
    {
        return faults;
    }

    /** @return true when nothing is injected. */
    public boolean isEmpty()
    {
        return faults.isEmpty();
    }

    /**
     * Checks every fault against the platform and the flavor.
     *
     * @param p      the platform.
     * @param flavor who boots.
     * @return this.
     * @throws IllegalArgumentException one line naming the fault and what is wrong.
     */
    public FaultPlan validate(final Platform p, final BootFlavor flavor)
    {
        final int bootGid = p.bootCxy() << p.pWidth();
        for (final Fault f : faults)
        {
            final String name = "--fault " + f + ": ";
            switch (f.kind())
            {
                case DEAD_CORE, SLOW_CORE, KILL_CORE -> core(p, f, name);
                case LATE_CORE ->
                {
                    core(p, f, name);
                    if (flavor != BootFlavor.ELECTED)
                    {
                        throw new IllegalArgumentException(name + "the " + flavor.cliName() + " flavor seals no count " +
                            "(use --flavor elected)");
                    }
                }
                case LOST_IPI ->
                {
                    core(p, f, name);
                    if (flavor != BootFlavor.TSAR)
                    {
                        throw new IllegalArgumentException(name + "the " + flavor.cliName() + " flavor wakes no core " +
                            "by IPI (use --flavor tsar)");
                    }
                    if (f.target() == bootGid)
                    {
                        throw new IllegalArgumentException(name + String.format("gid 0x%03x boots: no IPI wakes it",
                            bootGid));
                    }
                }
                case DEAD_CLUSTER ->
                {
                    if (cluster(p, f.target()) == null || cluster(p, f.target()).cores() == 0)
                    {
                        throw new IllegalArgumentException(name + String.format("no cluster 0x%02x with cores in %s",
                            f.target(), p.name()));
                    }
                }
                case BAD_BANK ->
                {
                    if (p.devices().stream().noneMatch(d -> d.cxy() == f.target() && d.type() == DeviceType.RAM_SCL))
                    {
                        throw new IllegalArgumentException(name + String.format("no cluster 0x%02x with RAM in %s",
                            f.target(), p.name()));
                    }
                }
                case CORRUPT_ARCH_INFO ->
                {
                    // the offset is checked against the image when it is written (archInfo)
                }
                default -> throw new IllegalStateException(f.kind().toString());
            }
        }
        return this;
    }

    private static void core(final Platform p, final Fault f, final String name)
    {
        if (p.cores().stream().noneMatch(c -> c.gid() == f.target()))
        {
            throw new IllegalArgumentException(name + String.format("no core gid 0x%03x in %s (%d cores)", f.target(),
                p.name(), p.cores().size()));
        }
    }

    private static Cluster cluster(final Platform p, final int cxy)
    {
        return p.clusters().stream().filter(c -> c.cxy() == cxy).findFirst().orElse(null);
    }

    /**
     * @param p the platform.
     * @return the gids of the cores that never leave reset.
     */
    public Set<Integer> neverStarted(final Platform p)
    {
        final Set<Integer> gids = new TreeSet<>();
        for (final Fault f : faults)
        {
            if (f.kind() == FaultKind.DEAD_CORE)
            {
                gids.add(f.target());
            }
            else if (f.kind() == FaultKind.DEAD_CLUSTER)
            {
                p.cores().stream().filter(c -> c.cxy() == f.target()).map(Core::gid).forEach(gids::add);
            }
        }
        return gids;
    }

    /**
     * @return the gids of the cores that leave reset only once cpu_count is sealed.
     */
    public Set<Integer> startedAfterSeal()
    {
        final Set<Integer> gids = new TreeSet<>();
        faults.stream().filter(f -> f.kind() == FaultKind.LATE_CORE).forEach(f -> gids.add(f.target()));
        return gids;
    }

    /**
     * @param image arch_info.bin as built.
     * @return the image the disk gets: a copy with every corrupted byte XORed.
     * @throws IllegalArgumentException when an offset is beyond the image.
     */
    public byte[] archInfo(final byte[] image)
    {
        final byte[] out = image.clone();
        for (final Fault f : faults)
        {
            if (f.kind() == FaultKind.CORRUPT_ARCH_INFO)
            {
                if (f.target() < 0 || f.target() >= out.length)
                {
                    throw new IllegalArgumentException("--fault " + f + ": arch_info.bin has " + out.length +
                        " bytes (offsets 0.." + (out.length - 1) + ")");
                }
                out[f.target()] ^= (byte)f.amount();
            }
        }
        return out;
    }

    /**
     * Applies the faults that live in the hardware, before the cores start.
     *
     * @param m      the machine.
     * @param flavor who boots (the default step a killed core dies at).
     */
    public void install(final Machine m, final BootFlavor flavor)
    {
        final Map<Integer, List<Consumer<Processor>>> hooks = new HashMap<>();
        for (final Fault f : faults)
        {
            switch (f.kind())
            {
                case BAD_BANK -> m.bus().failBank(f.target(), String.format("memory bank of cluster 0x%02x is dead " +
                    "(injected: --fault %s)", f.target(), f));
                // the core's XCU output never reaches it: the wake-up IPI is lost on the way
                case LOST_IPI -> m.processorByGid(f.target()).connect(() -> false);
                case SLOW_CORE -> hooks.computeIfAbsent(f.target(), g -> new ArrayList<>()).add(core -> slow(core, f));
                case KILL_CORE ->
                {
                    final String at = f.step() != null ? f.step() :
                        flavor == BootFlavor.TSAR ? TSAR_KILL_STEP : ELECTED_KILL_STEP;
                    hooks.computeIfAbsent(f.target(), g -> new ArrayList<>()).add(core ->
                    {
                        if (core.phase().contains(at))
                        {
                            die(core, f);
                        }
                    });
                }
                default ->
                {
                }
            }
        }
        hooks.forEach((gid, list) -> m.processorByGid(gid).stepHook(core -> list.forEach(h -> h.accept(core))));
    }

    private static void slow(final Processor core, final Fault f)
    {
        try
        {
            core.stall(TimeUnit.MILLISECONDS.toNanos(f.amount())); // virtual time in a deterministic run
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new CoreFault(core, "stopped while slowed down (injected: --fault " + f + ")");
        }
    }

    /** A dead core: no further access, no fault, until the machine stops it. */
    private static void die(final Processor core, final Fault f)
    {
        core.hang(); // until the machine stops it; a deterministic run goes on without it
        throw new CoreFault(core, "killed (injected: --fault " + f + ")");
    }

    @Override
    public String toString()
    {
        return faults.isEmpty() ? "none" : String.join(" ", faults.stream().map(Fault::toString).toList());
    }
}
