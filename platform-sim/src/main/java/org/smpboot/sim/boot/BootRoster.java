package org.smpboot.sim.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.smpboot.sim.driver.CoreWaits;
import org.smpboot.sim.driver.Poll;
import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.image.ArchInfo;
import org.smpboot.sim.image.ElfImage;

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

    private final ElfImage boot;
    private final long timeoutNanos;
    private final long wakeNanos;
    private final Reconfiguration log;

    /**
     * @param boot          boot.elf, whose data holds the roster.
     * @param timeoutNanos the bound of a wait for a seal, on the machine's time.
     * @param wakeNanos    the wake-up deadline, on the machine's time.
     * @param log          the observer's record.
     */
    BootRoster(final ElfImage boot, final long timeoutNanos, final long wakeNanos, final Reconfiguration log)
    {
        this.boot = boot;
        this.timeoutNanos = timeoutNanos;
        this.wakeNanos = wakeNanos;
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
        final int at = BootSteps.BOOT_CXY;
        core.bus().set(core, PhysicalAddress.of(at, sym("cpu_arrived")), GIDS / 8, (byte)0);
        core.bus().set(core, PhysicalAddress.of(at, sym("boot_excluded")), GIDS / 8, (byte)0);
        core.bus().set(core, PhysicalAddress.of(at, sym("boot_parked")), GIDS / 8, (byte)0);
        core.bus().write64(core, PhysicalAddress.of(at, sym("boot_roster")), 0);
        core.bus().write64(core, PhysicalAddress.of(at, sym("boot_roster") + 8), 0);
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

    /**
     * @param core who reads.
     * @return every gid marked in cpu_arrived (one read per word of the bitmap).
     */
    Set<Integer> arrived(final Processor core)
    {
        return Bitmaps.all(core, BootSteps.BOOT_CXY, sym("cpu_arrived"), GIDS);
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
     * @param cxy    its cluster.
     * @param reason why.
     */
    void exclude(final Processor core, final int gid, final int cxy, final String reason)
    {
        setBit(core, "boot_excluded", gid);
        log.exclude(gid, cxy, reason);
    }

    /**
     * Leaves out every core arch_info lists in a cluster.
     *
     * @param core    who decides.
     * @param arch    arch_info.
     * @param cluster the cluster.
     * @param reason  why.
     */
    void excludeCluster(final Processor core, final ArchInfo arch, final ArchInfo.Cluster cluster,
        final String reason)
    {
        for (final ArchInfo.Core c : arch.coresOf(cluster))
        {
            exclude(core, c.gid(), c.cxy(), reason);
        }
    }

    /** @return the wake-up deadline, in nanoseconds of the machine's time. */
    long wakeNanos()
    {
        return wakeNanos;
    }

    /**
     * Waits until every given core has answered, at most the wake-up deadline from {@code since}.
     *
     * @param core  who waits.
     * @param gids  the cores awaited.
     * @param since the machine's time when they were woken ({@link Processor#time()}).
     * @return those that did not answer in time.
     */
    List<Integer> awaitAnswers(final Processor core, final List<Integer> gids, final long since)
    {
        final List<Integer> missing = new ArrayList<>(gids);
        final long left = wakeNanos - (core.time().nanoTime() - since);
        Poll.within(core, Math.max(1, left), CoreWaits.idle(core, gids.size() + 1), () ->
        {
            missing.removeIf(g -> answered(core, g));
            return missing.isEmpty();
        });
        return missing;
    }

    /**
     * Publishes the global seal: the cluster-level exclusions are final.
     *
     * @param core the sealing core.
     */
    void sealGlobal(final Processor core)
    {
        core.bus().write64(core, PhysicalAddress.of(BootSteps.BOOT_CXY, sym("boot_roster")),
            GLOBAL ^ BootSteps.BOOT_CXY);
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
        await(core, BootSteps.BOOT_CXY, 0, GLOBAL ^ BootSteps.BOOT_CXY, "the global roster (boot_roster in cluster " +
            String.format("0x%02x", BootSteps.BOOT_CXY) + ", sealed once every CP0 answered or was left out)");
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
        Poll.until(core, timeoutNanos, CoreWaits.idle(core, GIDS), () ->
            core.bus().read64(core, PhysicalAddress.of(cxy, sym("boot_roster") + offset)) == value, () -> what);
    }

    /**
     * @param core who reads the roster.
     * @param arch arch_info.
     * @return arch_info without the left-out cores: a cluster all of whose cores are out has none.
     */
    ArchInfo usable(final Processor core, final ArchInfo arch)
    {
        // one read per word of boot_excluded, as the C loop would keep the word in a register: arch_info lists a
        // cluster's cores together, so its gids share a word (at 16x16x4 a CP0 read the bitmap 1,024 times, 32 words
        // 32 times each, 261,120 reads of cluster 0 in phase 3); the exclusions are final when it is read
        final List<Integer> out = new ArrayList<>();
        final int bitmap = sym("boot_excluded");
        int word = -1;
        int bits = 0;
        for (final ArchInfo.Core c : arch.cores())
        {
            final int gid = c.gid();
            if (gid < 0 || gid >= GIDS)
            {
                continue;
            }
            if (gid >>> 5 != word)
            {
                word = gid >>> 5;
                bits = core.remoteLw(BootSteps.BOOT_CXY, bitmap + word * 4);
            }
            if ((bits & 1 << (gid & 31)) != 0)
            {
                out.add(gid);
            }
        }
        return arch.without(Set.copyOf(out));
    }

    private int sym(final String name)
    {
        return boot.address(name);
    }

    private boolean bit(final Processor core, final String bitmap, final int gid)
    {
        return Bitmaps.test(core, BootSteps.BOOT_CXY, sym(bitmap), gid);
    }

    private void setBit(final Processor core, final String bitmap, final int gid)
    {
        Bitmaps.set(core, BootSteps.BOOT_CXY, sym(bitmap), gid);
    }
}
