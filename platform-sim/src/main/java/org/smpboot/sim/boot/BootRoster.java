package org.smpboot.sim.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.IdleStrategy;
import org.smpboot.sim.hw.CoreFault;
import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.hw.SimulatedWait;
import org.smpboot.sim.platform.Cluster;
import org.smpboot.sim.platform.Core;
import org.smpboot.sim.platform.Platform;

/**
 * The roster of usable cores, in boot.elf's data: which cores answered their wake-up, which the boot-loader left out,
 * and when those sets are final. Boot_info and every barrier count are built from arch_info minus the left-out cores
 * ({@link #usable}), so the kernel never waits for, nor wakes, hardware that failed.
 *
 * <p>Layout (boot.elf data symbols; the boot cluster's instance is the global one):
 * <pre>
 *   cpu_arrived    bitmap of 4096 gids, bit (gid &amp; 31) of word gid &gt;&gt;&gt; 5: the core answered its wake-up
 *                  (tsar flavor) or reached arch_init (elected flavor); set by the core, remote CAS in the boot cluster
 *   boot_excluded  bitmap of 4096 gids, same shape: the core is left out; set by whoever decides it (core[0][0] or
 *                  the elected leader for clusters, a CP0 for its own cores), remote CAS in the boot cluster
 *   boot_parked    bitmap of 4096 gids, same shape: a left-out core the boot-loader sent to boot_park has halted there
 *                  (out of the preloader, which almos-mk's kernel move overwrites)
 *   boot_roster    +0 the global seal, 64-bit, {@link #GLOBAL} XOR the boot cxy: the cluster-level exclusions are
 *                     final and global_barrier is initialised with the usable clusters
 *                  +8 a cluster's local seal, 64-bit, {@link #LOCAL} XOR its cxy, in its own copy: its cores'
 *                     exclusions are final, its boot_info and local_barrier count only the usable ones
 * </pre>
 * A seal XORs the cxy in, so that neither the reset fill nor the boot cluster's value copied with boot.elf's data can
 * pass for a cluster's (bar a 2^-64 chance).
 *
 * <p>Memory ordering: the bitmaps are written with CAS and the seals with a 64-bit store, both sequentially consistent
 * on the simulated bus; a core reads the bitmaps only after it has read the seal that follows the writes it needs.
 */
final class BootRoster
{
    /** Global seal: "ROSTERGL". */
    static final long GLOBAL = 0x524F_5354_4552_474CL;
    /** Local seal: "ROSTERLC". */
    static final long LOCAL = 0x524F_5354_4552_4C43L;
    /** Gids the bitmaps hold. */
    static final int GIDS = 4096;

    private final Platform hard;
    private final BootImages images;
    private final long timeoutNanos;
    private final int machineCores;
    private final Reconfiguration log;

    BootRoster(final Platform hard, final BootImages images, final long timeoutNanos, final Reconfiguration log)
    {
        this.hard = hard;
        this.images = images;
        this.timeoutNanos = timeoutNanos;
        this.machineCores = hard.cores().size();
        this.log = log;
    }

    /** @return the observer's record. */
    Reconfiguration log()
    {
        return log;
    }

    /**
     * Clears both bitmaps and both seals in the boot cluster, before any core can answer.
     *
     * @param core the booting core.
     */
    void clear(final Processor core)
    {
        final int boot = hard.bootCxy();
        core.bus().set(core, PhysicalAddress.of(boot, sym("cpu_arrived")), GIDS / 8, (byte)0);
        core.bus().set(core, PhysicalAddress.of(boot, sym("boot_excluded")), GIDS / 8, (byte)0);
        core.bus().set(core, PhysicalAddress.of(boot, sym("boot_parked")), GIDS / 8, (byte)0);
        core.bus().write64(core, PhysicalAddress.of(boot, sym("boot_roster")), 0);
        core.bus().write64(core, PhysicalAddress.of(boot, sym("boot_roster") + 8), 0);
    }

    /**
     * Marks the core as answered.
     *
     * @param core the core.
     */
    void answer(final Processor core)
    {
        setBit(core, "cpu_arrived", core.gid());
    }

    boolean answered(final Processor core, final int gid)
    {
        return bit(core, "cpu_arrived", gid);
    }

    boolean excluded(final Processor core, final int gid)
    {
        return bit(core, "boot_excluded", gid);
    }

    boolean parked(final Processor core, final int gid)
    {
        return bit(core, "boot_parked", gid);
    }

    /**
     * Marks the core as parked: it has halted in boot_park.
     *
     * @param core the core.
     */
    void park(final Processor core)
    {
        setBit(core, "boot_parked", core.gid());
    }

    /**
     * Leaves a core out: its bit in boot_excluded, and the observer's record.
     *
     * @param core   who decides.
     * @param gid    the core left out.
     * @param reason why.
     */
    void exclude(final Processor core, final int gid, final String reason)
    {
        setBit(core, "boot_excluded", gid);
        log.exclude(gid, gid >>> hard.pWidth(), reason);
    }

    /**
     * Leaves out every core of a cluster.
     *
     * @param core    who decides.
     * @param cluster the cluster.
     * @param reason  why.
     */
    void excludeCluster(final Processor core, final Cluster cluster, final String reason)
    {
        for (final Core c : hard.cores().subList(cluster.coreOffset(), cluster.coreOffset() + cluster.cores()))
        {
            exclude(core, c.gid(), reason);
        }
    }

    /**
     * Waits, at most the wake-up deadline from {@code since}, until every given core has answered.
     *
     * @param core  who waits.
     * @param gids  the cores awaited.
     * @param since {@link System#nanoTime()} when they were woken.
     * @return those that did not answer in time.
     */
    List<Integer> awaitAnswers(final Processor core, final List<Integer> gids, final long since)
    {
        final long deadline = since + log.wakeDeadline().toNanos();
        final List<Integer> missing = new ArrayList<>(gids);
        final IdleStrategy idle = SimulatedWait.policy(core, machineCores, gids.size() + 1, timeoutNanos)
            .newIdleStrategy();
        while (true)
        {
            missing.removeIf(g -> answered(core, g));
            if (missing.isEmpty() || System.nanoTime() - deadline > 0)
            {
                return missing;
            }
            idle.idle();
        }
    }

    /**
     * Publishes the global seal: the cluster-level exclusions are final.
     *
     * @param core the sealing core.
     */
    void sealGlobal(final Processor core)
    {
        core.bus().write64(core, PhysicalAddress.of(hard.bootCxy(), sym("boot_roster")), GLOBAL ^ hard.bootCxy());
    }

    /**
     * Publishes a cluster's local seal.
     *
     * @param core its CP0.
     * @param cxy  the cluster.
     */
    void sealLocal(final Processor core, final int cxy)
    {
        core.bus().write64(core, PhysicalAddress.of(cxy, sym("boot_roster") + 8), LOCAL ^ cxy);
    }

    /**
     * @param core a CP0.
     */
    void awaitGlobal(final Processor core)
    {
        await(core, hard.bootCxy(), 0, GLOBAL ^ hard.bootCxy(), "the global roster (boot_roster in cluster " +
            String.format("0x%02x", hard.bootCxy()) + ", sealed once every CP0 answered or was left out)");
    }

    /**
     * @param core a CPi.
     * @param cxy  its cluster.
     */
    void awaitLocal(final Processor core, final int cxy)
    {
        await(core, cxy, 8, LOCAL ^ cxy, String.format("cluster 0x%02x's roster (sealed by its CP0 once every core " +
            "answered or was left out)", cxy));
    }

    private void await(final Processor core, final int cxy, final int offset, final long value, final String what)
    {
        final long deadline = System.nanoTime() + timeoutNanos;
        final IdleStrategy idle = SimulatedWait.policy(core, machineCores, machineCores, timeoutNanos)
            .newIdleStrategy();
        while (core.bus().read64(core, PhysicalAddress.of(cxy, sym("boot_roster") + offset)) != value)
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new CoreFault(core, String.format("waited %d ms for %s", TimeUnit.NANOSECONDS.toMillis(
                    timeoutNanos), what));
            }
            idle.idle();
        }
    }

    /**
     * @param core who reads the roster.
     * @param arch arch_info.
     * @return arch_info without the left-out cores: a cluster all of whose cores are out has none.
     */
    Platform usable(final Processor core, final Platform arch)
    {
        final List<Integer> out = new ArrayList<>();
        for (final Core c : arch.cores())
        {
            if (c.gid() >= 0 && c.gid() < GIDS && excluded(core, c.gid()))
            {
                out.add(c.gid());
            }
        }
        return without(arch, Set.copyOf(out));
    }

    /**
     * @param arch a platform.
     * @param gids cores to leave out.
     * @return the platform without them (clusters keep their place, with fewer or no cores).
     */
    static Platform without(final Platform arch, final Set<Integer> gids)
    {
        if (gids.isEmpty())
        {
            return arch;
        }
        final List<Cluster> clusters = new ArrayList<>();
        final List<Core> cores = new ArrayList<>();
        for (final Cluster c : arch.clusters())
        {
            final int first = cores.size();
            for (final Core core : arch.cores().subList(c.coreOffset(), c.coreOffset() + c.cores()))
            {
                if (!gids.contains(core.gid()))
                {
                    cores.add(core);
                }
            }
            clusters.add(new Cluster(c.cxy(), cores.size() - first, first, c.devices(), c.deviceOffset()));
        }
        return new Platform(arch.name(), arch.xSize(), arch.ySize(), arch.xWidth(), arch.yWidth(), arch.pWidth(),
            arch.ioCxy(), arch.bootCxy(), arch.irqsPerCore(), arch.cacheLine(), clusters, cores, arch.devices(),
            arch.irqs());
    }

    private int sym(final String name)
    {
        return images.bootSymbol(name);
    }

    private boolean bit(final Processor core, final String bitmap, final int gid)
    {
        return (core.remoteLw(hard.bootCxy(), sym(bitmap) + (gid >>> 5) * 4) & 1 << (gid & 31)) != 0;
    }

    private void setBit(final Processor core, final String bitmap, final int gid)
    {
        final int word = sym(bitmap) + (gid >>> 5) * 4;
        final int bit = 1 << (gid & 31);
        int seen;
        do
        {
            seen = core.remoteLw(hard.bootCxy(), word);
        }
        while (!core.remoteCas(hard.bootCxy(), word, seen, seen | bit));
    }
}
