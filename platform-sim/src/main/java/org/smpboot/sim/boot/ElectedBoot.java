package org.smpboot.sim.boot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.IdleStrategy;
import org.smpboot.runtime.boot.BootBlock;
import org.smpboot.runtime.boot.BootHooks;
import org.smpboot.runtime.boot.BootOutcome;
import org.smpboot.runtime.boot.ElectionBoot;
import org.smpboot.runtime.boot.ElectionException;
import org.smpboot.runtime.boot.Magic;
import org.smpboot.runtime.boot.Role;
import org.smpboot.runtime.boot.StragglerPolicy;
import org.smpboot.runtime.region.BumpAllocator;
import org.smpboot.runtime.stack.StackHandle;
import org.smpboot.runtime.stack.StackPool;
import org.smpboot.runtime.wait.WaitTimeoutException;
import org.smpboot.sim.hw.CodeMap;
import org.smpboot.sim.hw.CoreFault;
import org.smpboot.sim.hw.Machine;
import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.hw.SimulatedWait;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.platform.Cluster;
import org.smpboot.sim.platform.Core;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.trace.EventKind;

/**
 * The {@code elected} flavor (DESIGN.md 3.7): the seed-002 election replaces the hardware's choice of core[0][0] and
 * the preloader's sleep, then joins the boot-loader's per-cluster phases and kernel_init.
 * <ol>
 * <li>{@code reset} (every core, in cluster 0's address space): runs the runtime's {@link ElectionBoot}, unchanged,
 * over a counted window of cluster 0's RAM at {@link #ZONE_BASE}, holding whatever the reset fill left there (the
 * boot block, then {@value #INIT_STACKS} arch_init stacks of {@value #STACK_SIZE} bytes whatever the number of
 * cores, then the allocator the start stacks come from). The leader is the bootstrap CPU: in its
 * {@code arch_init} globals step it loads boot.elf as the preloader would and runs phase 2's steps (TTY, IOC, FAT32,
 * arch_info.bin, kernel.elf, boot_info, global_barrier), whichever cluster it is in. The followers count
 * themselves, wait for {@code start_bar}, and on an arch_init stack look themselves up in arch_info (cluster 0),
 * point DATA at their cluster, mark themselves in {@code cpu_arrived}, increment {@code running_count} and
 * {@code terminateCall} into {@code start_stack_pool}. The count is sealed on the platform's core count or a
 * deadline; the leader then compares it with arch_info and names every core that never arrived (a boot fault).
 * LATE cores halt.</li>
 * <li>{@code start_stack_pool} is partitioned by cluster ({@link BootHooks#startStackPool}): each cluster with cores
 * has its own pool, its header at the bottom of the cluster's boot-stack zone ({@link BootLayout#stackBase()}),
 * written by the leader in arch_init before {@code start_bar} (so a follower that passes the bar finds it
 * initialised), and once the count is sealed the leader gives it one stack at the boot-stack address
 * (top - 4 KB x lid) of each counted core of that cluster. A core draws from its own cluster's pool and runs the
 * rest of its life on that stack ({@code cpuMain} never returns while the core lives), so every core's stack is in
 * its own cluster; which of the cluster's boot-stack addresses it gets is the pool's choice.</li>
 * <li>{@code boot_cp0_init}: a CP0 copies the boot-loader into its cluster, switches INSTRUCTION and jumps to the
 * copy.</li>
 * <li>{@code boot_cp0_local}: copies arch_info.bin and the kernel, builds boot_info, initialises its
 * {@code local_barrier}, publishes {@code cluster_ready}, meets the CP0s at {@code global_barrier} and its cores at
 * {@code local_barrier}, moves the kernel to 0x0 (almos-mk; in cluster 0 once every counted core has left the reset
 * code, which each core counts in {@code preloader_exits} as it jumps out), meets the CP0s again and enters
 * kernel_init after a last {@code local_barrier}.</li>
 * <li>{@code boot_cpi_init}: a CPi waits (bounded) until its cluster publishes {@code cluster_ready}, switches
 * INSTRUCTION and joins the tsar flavor's {@code boot_cpi_local}.</li>
 * </ol>
 * {@code cluster_ready} is the 64-bit word {@link #READY} XOR the cluster's cxy, so neither the reset fill (bar a
 * 2^-64 chance) nor cluster 0's copied value can pass for a cluster's.
 */
final class ElectedBoot
{
    /** Where the election lives in cluster 0: above every boot zone of both layouts (they end at 7 MiB). */
    static final int ZONE_BASE = 0x0080_0000;
    /** Stacks of arch_init_stack_pool, whatever the number of cores. */
    static final int INIT_STACKS = ElectionBoot.DEFAULT_INIT_STACKS;
    /** Bytes per election stack. */
    static final int STACK_SIZE = ElectionBoot.DEFAULT_STACK_SIZE;
    /** The cluster_ready word of a cluster is this XOR its cxy. */
    static final long READY = 0x434C_5553_5245_4459L;

    private final Machine machine;
    private final Platform hard;
    private final BootLayout layout;
    private final BootImages images;
    private final BootLoader loader;
    private final Preloader preloader;
    private final MemoryMapRecorder maps;
    private final ElectionState state;
    private final long timeoutNanos;
    private final int zoneLength;
    private final long deadlineMs;

    ElectedBoot(final Machine machine, final BootImages images, final BootOptions options,
        final MemoryMapRecorder maps, final BootLoader loader, final Preloader preloader, final ElectionState state)
    {
        this.machine = machine;
        this.hard = machine.platform();
        this.layout = options.layout();
        this.images = images;
        this.loader = loader;
        this.preloader = preloader;
        this.maps = maps;
        this.state = state;
        this.timeoutNanos = options.timeout().toNanos();
        this.zoneLength = ElectionBoot.regionLength(hard.cores().size(), INIT_STACKS, STACK_SIZE);
        // how long the leader waits for the platform's cores before sealing with fewer: the wake-up deadline
        this.deadlineMs = loader.roster().log().wakeDeadline().toMillis();
    }

    /**
     * @param code the machine's code map.
     */
    void bind(final CodeMap code)
    {
        code.bind("reset", this::reset);
        code.bind("boot_entry", core ->
        {
            throw new CoreFault(core, "boot_entry is the tsar flavor's wake-up target; nothing jumps there here");
        });
        code.bind("boot_cp0_init", this::cp0Init);
        code.bind("boot_cp0_local", this::cp0Local);
        code.bind("boot_cpi_init", this::cpiInit);
        code.bind("boot_cpi_local", loader::cpiOnStack);
    }

    private int sym(final String name)
    {
        return images.bootSymbol(name);
    }

    // ---------------------------------------------------------------------------------------------- the election

    private long reset(final Processor core)
    {
        BootLoader.enter(core, BootPhase.PRELOADER, "election");
        state.candidate();
        core.trace(EventKind.ELECTION, "candidate", Map.of());
        final Hooks hooks = new Hooks(core);
        final ElectionBoot.Builder builder =
            ElectionBoot.builder(core.window(hard.bootCxy(), ZONE_BASE, zoneLength), 0);
        if (core.schedule().deterministic())
        {
            // a deterministic run: heartbeats and the straggler policy follow the machine's virtual time, not the host's
            final org.agrona.concurrent.NanoClock time = core.time();
            builder.clocks(time, () -> time.nanoTime() / 1_000_000);
        }
        final ElectionBoot election = builder
            .stacks(INIT_STACKS, STACK_SIZE)
            .straggler(StragglerPolicy.expected(hard.cores().size(), deadlineMs, TimeUnit.MILLISECONDS))
            .livenessMs(Math.max(ElectionBoot.DEFAULT_LIVENESS_MS, TimeUnit.NANOSECONDS.toMillis(timeoutNanos) / 4))
            .waitPolicy(SimulatedWait.policy(core, hard.cores().size(), hard.cores().size(), timeoutNanos))
            .trackUsage(true)
            .hooks(hooks)
            .build();
        hooks.election = election;
        final BootOutcome out;
        try
        {
            out = election.run(core.gid());
        }
        catch (final ElectionException | WaitTimeoutException e)
        {
            if (hooks.inMain)
            {
                throw e; // the boot after the election failed: its own message says where
            }
            throw new CoreFault(core, "election: " + e.getMessage() + notInArchInit(core));
        }
        if (out.role() == Role.LATE)
        {
            state.late(core.gid());
            core.trace(EventKind.ELECTION, "late", Map.of("bs_cpuid", out.bsCpuid()));
        }
        // a counted core gets here only once its main, the rest of the boot, has halted
        return Processor.HALT;
    }

    /** A flyweight over cluster {@code cxy}'s start_stack_pool, as {@code core} sees it. */
    private StackPool startPool(final Processor core, final int cxy)
    {
        return new StackPool("start_stack_pool[0x" + Integer.toHexString(cxy) + "]",
            SimulatedWait.policy(core, hard.cores().size(), hard.cores().size(), timeoutNanos))
            .wrap(core.window(cxy, layout.stackBase(), BootLayout.STACK_ZONE_SIZE), 0);
    }

    /** The arch_init steps of one core; the leader's are the bootstrap CPU's. */
    private final class Hooks implements BootHooks
    {
        private final Processor core;
        private ElectionBoot election;
        /** Set once this core runs on its start stack: from then on a failure is the boot's, not the election's. */
        private boolean inMain;

        Hooks(final Processor core)
        {
            this.core = core;
        }

        @Override
        public void elected(final int leader, final long replaced)
        {
            state.elected(leader, replaced);
            core.trace(EventKind.ELECTION, "elected", Map.of("replaced", Magic.describe(replaced)));
        }

        @Override
        public void initCpu(final int cpu, final StackHandle stack)
        {
            if (stack == null)
            {
                return; // the leader: arch_info is not loaded yet, it finds itself after the sequential phase
            }
            core.trace(EventKind.STACK, "arch_init_stack_pool get", Map.of("stack", stack.base()));
            core.phase(BootPhase.PRELOADER.step("arch_init: find my cluster in arch_info"));
            final Core me = ArchInfoSearch.find(core, hard.bootCxy(), layout.archInfoBase());
            core.dataExt(me.cxy());
            arrived(core);
            core.phase(BootPhase.PRELOADER.step("election: arch_init done"));
        }

        @Override
        public void initGlobals(final int leader)
        {
            // the bootstrap CPU: what core[0][0] does in the preloader and in phase 2, in cluster 0's space
            core.phase(BootPhase.PRELOADER.step("bootstrap CPU: load boot.elf"));
            preloader.loadBootLoader(core);
            election.heartbeat(leader);
            loader.sequential(core, String.format("core gid 0x%03x, elected", core.gid()));
            election.heartbeat(leader);
            for (final int cxy : clustersWithCores())
            {
                // the self-test first: a cluster whose bank fails it gets no pool and is left out
                final String failed = cxy == hard.bootCxy() ? null : loader.selfTest(core, cxy);
                if (failed != null)
                {
                    loader.roster().excludeCluster(core, hard.clusters().stream().filter(c -> c.cxy() == cxy)
                        .findFirst().orElseThrow(), failed);
                    continue;
                }
                // empty, before start_bar: a follower draws from its cluster's pool as soon as it passes the bar
                startPool(core, cxy).initialize(null, true);
            }
            election.heartbeat(leader);
            arrived(core);
            BootLoader.enter(core, BootPhase.PRELOADER, "arch_init: wait for the count");
        }

        @Override
        public void provideStartStacks(final long cpus, final StackPool pool, final BumpAllocator heap,
            final int stackSize)
        {
            // the count against arch_info first: what is left out gets no stack (nor does an excluded leader need one
            // to seal the roster)
            checkCount();
            // each counted core's boot-stack address in its own cluster; counted cores marked cpu_arrived first
            final Map<Integer, StackPool> pools = new HashMap<>();
            int placed = 0;
            for (final Core c : hard.cores())
            {
                if (hasArrived(core, c.gid()) && !loader.roster().excluded(core, c.gid()))
                {
                    final int bottom = layout.stackPointer(c.lid()) - BootLayout.STACK_SIZE;
                    pools.computeIfAbsent(c.cxy(), cxy -> startPool(core, cxy))
                        .newStack(bottom - layout.stackBase(), BootLayout.STACK_SIZE);
                    placed++;
                }
            }
            state.pools(election.archInitStackPool().highWater(), INIT_STACKS, placed);
        }

        @Override
        public StackPool startStackPool(final int cpu, final StackPool startStackPool)
        {
            if (cpu == state.leader())
            {
                // the bootstrap CPU did not look itself up in arch_init: arch_info was not loaded yet
                core.dataExt(ArchInfoSearch.find(core, hard.bootCxy(), layout.archInfoBase()).cxy());
            }
            if (loader.roster().excluded(core, core.gid()))
            {
                // counted, but left out (its cluster failed the self-test; the leader too, once it sealed the roster):
                // no stack there to draw, the boot goes on without it
                throw new CoreFault(core, "left out of boot_info: its cluster failed the self-test");
            }
            return startPool(core, core.dataExt());
        }

        @Override
        public void cpuMain(final int cpu, final StackHandle stack)
        {
            inMain = true;
            final int top = layout.stackBase() + stack.base() + stack.size(); // size counts the usable bytes above base
            core.trace(EventKind.STACK, "start_stack_pool get", Map.of("cluster", core.dataExt(), "sp", top));
            core.sp(top);
            core.trace(EventKind.ELECTION, cpu == state.leader() ? "leader" : "follower", Map.of());
            final int lid = core.gid() & ((1 << hard.pWidth()) - 1);
            core.runFrom(sym(lid == 0 ? "boot_cp0_init" : "boot_cpi_init"));
        }

        private void checkCount()
        {
            final long count = election.block().cpuCount();
            final List<Integer> absent = new ArrayList<>();
            for (final Core c : hard.cores())
            {
                if (!hasArrived(core, c.gid()))
                {
                    absent.add(c.gid());
                }
            }
            state.counted(count, hard.cores().size(), hard.cores().size(), absent);
            reconfigure(core, count, absent);
        }
    }

    /**
     * @param core a core whose election wait failed.
     * @return for the leader, the cores that never marked themselves in cpu_arrived (a counted core among them died
     * before its arch_init ended: reconfiguration cannot leave a counted core out); else nothing.
     */
    private String notInArchInit(final Processor core)
    {
        if (state.leader() != core.gid())
        {
            return "";
        }
        final String names = hard.cores().stream().filter(c -> !hasArrived(core, c.gid()))
            .map(c -> String.format("0x%03x", c.gid())).reduce((a, b) -> a + ", " + b).orElse("none");
        return " (not in cpu_arrived: gid " + names + ")";
    }

    /** Sets this core's bit of {@code cpu_arrived} in cluster 0: it reached arch_init. */
    private void arrived(final Processor core)
    {
        loader.roster().answer(core);
    }

    private List<Integer> clustersWithCores()
    {
        return hard.cores().stream().map(Core::cxy).distinct().toList();
    }

    private boolean hasArrived(final Processor core, final int gid)
    {
        return loader.roster().answered(core, gid);
    }

    /**
     * The leader's check of the sealed count against arch_info, then the roster. Cores that never arrived before the
     * count was sealed (at the deadline) are left out of boot_info, with every core of a cluster whose CP0 is among
     * them (nobody would copy that cluster's boot-loader). A count that the arrivals do not explain (cpu_arrived
     * marks fewer or more cores than cpu_count counted) is a boot fault naming both.
     *
     * @param core   the leader.
     * @param count  the sealed cpu_count.
     * @param absent arch_info's cores missing from cpu_arrived.
     */
    private void reconfigure(final Processor core, final long count, final List<Integer> absent)
    {
        final String names = absent.stream().map(g -> String.format("0x%03x", g)).reduce((a, b) -> a + ", " + b)
            .orElse("none");
        if (count != hard.cores().size() - absent.size())
        {
            loader.println(core, String.format("[BOOT] cpu_count %d does not match the %d cores marked in " +
                "cpu_arrived (arch_info: %d; never arrived: %s)", count, hard.cores().size() - absent.size(),
                hard.cores().size(), names));
            throw new CoreFault(core, String.format("cpu_count %d does not match the %d of arch_info's %d cores " +
                "that arrived (never arrived: gid %s)", count, hard.cores().size() - absent.size(),
                hard.cores().size(), names));
        }
        final BootRoster roster = loader.roster();
        for (final int gid : absent)
        {
            roster.exclude(core, gid, String.format("never arrived in the election (cpu_count sealed at %d after " +
                "the %d ms deadline)", count, deadlineMs));
        }
        final Platform arch = loader.parseArchInfo(core, hard.bootCxy());
        for (final Cluster c : arch.clusters())
        {
            if (c.cores() == 0)
            {
                continue;
            }
            final int cp0 = arch.cores().get(c.coreOffset()).gid();
            if (c.cxy() == hard.bootCxy() && absent.contains(cp0))
            {
                // the boot cluster's CP0 runs its per-cluster phases; its memory holds the roster and global_barrier
                throw new CoreFault(core, String.format("the boot cluster 0x%02x's CP0 gid 0x%03x never arrived in " +
                    "the election: the boot cluster cannot be left out (never arrived: %s)", c.cxy(), cp0, names));
            }
            final String failed = c.cxy() == hard.bootCxy() ? null : loader.selfTest(core, c.cxy());
            if (failed != null)
            {
                roster.excludeCluster(core, c, failed);
            }
            else if (absent.contains(cp0))
            {
                roster.excludeCluster(core, c, String.format("its CP0 gid 0x%03x never arrived in the election", cp0));
            }
        }
        if (absent.isEmpty())
        {
            loader.println(core, String.format("[BOOT] elected core gid 0x%03x counted %d cores, as arch_info " +
                "lists; count sealed at cycle %d", core.gid(), count, core.cycles()));
        }
        else
        {
            loader.println(core, String.format("[BOOT] elected core gid 0x%03x counted %d of arch_info's %d " +
                "cores; count sealed at cycle %d; never arrived: %s", core.gid(), count, hard.cores().size(),
                core.cycles(), names));
        }
        loader.sealRoster(core, arch);
    }

    /**
     * @param core a core that waited for the global roster.
     * @return true when it is left out (its cluster's CP0 never arrived) and must halt.
     */
    private boolean leftOut(final Processor core)
    {
        core.phase(BootPhase.PARTIAL.step("wait for the global roster"));
        loader.roster().awaitGlobal(core);
        return loader.leftOut(core);
    }

    // ---------------------------------------------------------------------------------------------- per cluster

    private long cp0Init(final Processor core)
    {
        BootLoader.enter(core, BootPhase.PARTIAL, "copy the boot-loader");
        loader.exitReset(core);
        if (leftOut(core))
        {
            return Processor.HALT;
        }
        core.phase(BootPhase.PARTIAL.step("copy the boot-loader"));
        final int cxy = core.dataExt();
        loader.pushFrame(core, 0); // on its start stack
        if (cxy != hard.bootCxy())
        {
            loader.copyBootLoader(core, cxy);
            core.instExt(cxy);
        }
        return sym("boot_cp0_local");
    }

    private long cp0Local(final Processor core)
    {
        final int cxy = core.dataExt();
        final int boot = hard.bootCxy();
        final BootInfo info = loader.cp0Copies(core, cxy);
        // read now: almos-mk moves kdata, and this boot_info with it, before the last barriers
        final int cores = info.coresNr();
        final int rank = info.rank(cxy);
        final List<Integer> clusters = info.clustersWithCoresList();
        loader.initLocalBarrier(core, cxy, cores);
        core.bus().write64(core, PhysicalAddress.of(cxy, sym("cluster_ready")), READY ^ cxy);
        if (cxy != boot)
        {
            loader.println(core, String.format("[BOOT] cluster 0x%02x: boot-loader, arch_info.bin and kernel " +
                "copied, boot_info built at cycle %d", cxy, core.cycles()));
        }
        maps.record(BootPhase.PARTIAL, cxy);
        core.phase(BootPhase.PARTIAL.step("global_barrier"));
        loader.awaitGlobal(core, clusters, rank);
        BootLoader.enter(core, BootPhase.PARALLEL, "local_barrier");
        if (cxy == boot)
        {
            machine.epoch(BootPhase.PARALLEL.ordinal());
            loader.println(core, String.format("[BOOT] phase 3 done at cycle %d: every CP0 has its cluster's copy",
                core.cycles()));
        }
        loader.awaitLocal(core, cxy, cores, 0);
        if (layout.kernelShift() != 0)
        {
            if (cxy == boot)
            {
                // the reset code is cluster 0's preloader zone: wait until every counted core has left it
                final long counted = new BootBlock().wrap(core.window(boot, ZONE_BASE, BootBlock.LENGTH), 0)
                    .cpuCount();
                loader.awaitPreloaderExits(core, (int)counted);
            }
            loader.moveKernel(core, cxy);
        }
        core.phase(BootPhase.PARALLEL.step("global_barrier"));
        loader.awaitGlobal(core, clusters, rank);
        maps.record(BootPhase.PARALLEL, cxy);
        if (cxy == boot)
        {
            loader.println(core, String.format("[BOOT] phase 4 done at cycle %d: every core leaves the boot-loader " +
                "for kernel_init", core.cycles()));
        }
        core.phase(BootPhase.PARALLEL.step("local_barrier"));
        loader.awaitLocal(core, cxy, cores, 0);
        return loader.enterKernel(core);
    }

    private long cpiInit(final Processor core)
    {
        BootLoader.enter(core, BootPhase.PARALLEL, "wait for my cluster's copy");
        loader.exitReset(core);
        if (leftOut(core))
        {
            return Processor.HALT;
        }
        core.phase(BootPhase.PARALLEL.step("wait for my cluster's copy"));
        final int cxy = core.dataExt();
        final long ready = READY ^ cxy;
        final long deadline = System.nanoTime() + timeoutNanos;
        // parked with backoff, as the runtime's waits: a cluster's CPi must not take the CPUs its CP0 copies with
        final IdleStrategy idle = SimulatedWait.policy(core, hard.cores().size(), hard.cores().size(), timeoutNanos)
            .newIdleStrategy();
        while (core.bus().read64(core, PhysicalAddress.of(cxy, sym("cluster_ready"))) != ready)
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new CoreFault(core, String.format("waited %d ms for cluster 0x%02x's cluster_ready (its CP0 " +
                    "copies the boot-loader, arch_info and the kernel)", TimeUnit.NANOSECONDS.toMillis(timeoutNanos),
                    cxy));
            }
            idle.idle();
        }
        core.instExt(cxy);
        return sym("boot_cpi_local");
    }
}
