package org.smpboot.sim.boot;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.agrona.concurrent.NanoClock;
import org.smpboot.runtime.barrier.Barrier;
import org.smpboot.runtime.boot.ArrivalRoll;
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
import org.smpboot.sim.driver.CallFrames;
import org.smpboot.sim.driver.CoreWaits;
import org.smpboot.sim.driver.Poll;
import org.smpboot.sim.hw.CodeMap;
import org.smpboot.sim.hw.CoreFault;
import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.hw.StackRegister;
import org.smpboot.sim.image.ArchInfo;
import org.smpboot.sim.image.BootInfo;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.trace.BootPhase;
import org.smpboot.sim.trace.EventKind;

/**
 * The {@code elected} flavor's entry points (DESIGN.md 3.7): the seed-002 election replaces the hardware's choice of
 * core[0][0] and the preloader's sleep, then joins the boot-loader's per-cluster phases and kernel_init. Not to be
 * confused with the runtime's {@link ElectionBoot}, the protocol it runs unchanged.
 * <ol>
 * <li>{@code reset} (every core, in cluster 0's address space): runs the runtime's {@link ElectionBoot} over a
 * counted window of cluster 0's RAM at {@link #ZONE_BASE}, holding whatever the reset fill left there: the boot
 * block, then {@link #INIT_STACKS} arch_init stacks of {@link #STACK_SIZE} bytes whatever the number of cores
 * ({@link #ZONE_LENGTH} bytes in all). The leader is the bootstrap CPU: in its {@code arch_init} globals step it loads
 * boot.elf as the preloader would and runs phase 2's sequential steps, whichever cluster it is in. The followers count
 * themselves, wait for {@code start_bar}, and on an arch_init stack mark themselves in {@code cpu_arrived}, look
 * themselves up in arch_info (cluster 0), point DATA at their cluster, increment {@code running_count} and
 * {@code terminateCall} into {@code start_stack_pool}. Each candidate keeps its heartbeat in the election's arrival
 * roll, past the zone ({@link #ROLL_BASE}: a mark and a heartbeat per gid, {@link #ROLL_CPUS} of them), so that the
 * leader, waiting for {@code running_count == cpu_count}, names a counted core that dies before it ran
 * ({@code CPU_DEAD}).</li>
 * <li>The count is not known in advance. The leader seals {@code cpu_count} by {@link CountSeal}: by default once
 * {@code running_count == cpu_count} has held for a quiet period of the machine clock; only then does it compare the
 * sealed count with the cores of the arch_info.bin it loaded into memory: a core arch_info lists that never arrived is
 * named and left out (with its cluster when it is the CP0), a counted core arch_info lacks is named and halts, and a
 * count the arrivals do not explain is a boot fault. A core that arrives after the seal is LATE: it marks itself in
 * {@code cpu_late}, names itself on TXT0 and halts, with no stack, outside boot_info and every barrier.</li>
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
 * INSTRUCTION and joins {@code boot_cpi_local} on its start stack.</li>
 * <li>{@code boot_handoff} (every core of a hypervisor's guest, which never runs the preloader): the same election as
 * {@code reset}, in the guest's cluster 0 as its HATs map it, among the guest's own cores; the leader does not load
 * boot.elf (the hypervisor copied it) and checks the arch_info.bin the hypervisor left in its zone instead of reading
 * it from the disk.</li>
 * </ol>
 * {@code cluster_ready} is the 64-bit word {@link #READY} XOR the cluster's cxy, so neither the reset fill (bar a
 * 2^-64 chance) nor cluster 0's copied value can pass for a cluster's. The runtime's clocks (the heartbeat, the
 * liveness bound, the quiet period, every wait's bound) read the machine's time ({@link Processor#time()}).
 */
public final class ElectedFlavor
{
    /** Where the election lives in cluster 0: above every boot zone of both layouts (they end at 7 MiB). */
    public static final int ZONE_BASE = 0x0080_0000;
    /** Stacks of arch_init_stack_pool, whatever the number of cores. */
    public static final int INIT_STACKS = ElectionBoot.DEFAULT_INIT_STACKS;
    /** Bytes per election stack. */
    public static final int STACK_SIZE = ElectionBoot.DEFAULT_STACK_SIZE;
    /** Bytes of the election's zone: the boot block and the arch_init stacks, independent of the number of cores. */
    public static final int ZONE_LENGTH = ElectionBoot.footprintBeforeCount(INIT_STACKS, STACK_SIZE);
    /**
     * The ids the arrival roll holds: every gid TSAR's 12 bits can name (x_width + y_width at most 8, p_width at most
     * 4), as {@code cpu_late}'s bitmap: a constant of the hardware, not the number of cores that arrive.
     */
    public static final int ROLL_CPUS = 1 << 12;
    /**
     * Where the election's arrival roll lives ({@link ArrivalRoll}: a mark and a heartbeat per gid), right past the
     * boot block and the arch_init stacks.
     */
    public static final int ROLL_BASE = ZONE_BASE + ZONE_LENGTH;
    /** Bytes of the arrival roll. */
    public static final int ROLL_LENGTH = ArrivalRoll.length(ROLL_CPUS);
    /** The cluster_ready word of a cluster is this XOR its cxy. */
    static final long READY = 0x434C_5553_5245_4459L;

    private final BootSteps steps;
    private final Preloader preloader;
    private final ElectionState state;
    private final BootRoster roster;
    private final CountSeal seal;

    ElectedFlavor(final BootSteps steps, final Preloader preloader, final ElectionState state)
    {
        this.steps = steps;
        this.preloader = preloader;
        this.state = state;
        this.roster = steps.roster();
        this.seal = steps.options().seal();
    }

    /**
     * @param code the code map.
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
        code.bind("boot_cpi_local", steps::cpiOnStack);
        code.bind("boot_handoff", this::handoff);
    }

    private int sym(final String name)
    {
        return steps.sym(name);
    }

    // ---------------------------------------------------------------------------------------------- the election

    private long reset(final Processor core)
    {
        return elect(core, false);
    }

    /**
     * boot_handoff: a hypervisor started every core of its guest here (seed 000), boot.elf and arch_info.bin already
     * in their zones of the guest's cluster 0. The guest's cores run the same election as at reset, on its cluster 0's
     * memory as its HATs map it, among themselves: the leader checks arch_info.bin in place and reads only kernel.elf
     * from the disk.
     */
    private long handoff(final Processor core)
    {
        return elect(core, true);
    }

    /**
     * @param core       a candidate.
     * @param handedOver boot.elf and arch_info.bin are in place (a hypervisor copied them): the leader loads neither.
     */
    private long elect(final Processor core, final boolean handedOver)
    {
        BootSteps.enter(core, BootPhase.PRELOADER, "election");
        state.candidate();
        core.trace(EventKind.ELECTION, "candidate", Map.of());
        final Hooks hooks = new Hooks(core, handedOver);
        final long timeoutNanos = steps.timeoutNanos();
        final NanoClock time = core.time();
        final ElectionBoot election = ElectionBoot.builder(core.window(BootSteps.BOOT_CXY, ZONE_BASE, ZONE_LENGTH), 0)
            .clocks(time, () -> TimeUnit.NANOSECONDS.toMillis(time.nanoTime()))
            .stacks(INIT_STACKS, STACK_SIZE)
            .straggler(seal.rule() == CountSeal.Rule.QUIET ? StragglerPolicy.quietPeriod(seal.millis(),
                TimeUnit.MILLISECONDS) : StragglerPolicy.none())
            .livenessMs(Math.max(ElectionBoot.DEFAULT_LIVENESS_MS, TimeUnit.NANOSECONDS.toMillis(timeoutNanos) / 4))
            .waitPolicy(CoreWaits.policy(core, Integer.MAX_VALUE, timeoutNanos))
            .trackUsage(true)
            .stackListener(new StackSwitch(core, BootSteps.BOOT_CXY, ZONE_BASE, "arch_init_stack_pool"))
            .hooks(hooks)
            // which gids to expect the leader learns only from arch_info, after the election: the roll holds them all,
            // so that a counted core that dies before running_count counts it is named (CPU_DEAD)
            .arrivalRoll(core.window(BootSteps.BOOT_CXY, ROLL_BASE, ROLL_LENGTH), 0, ROLL_CPUS)
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
            throw new CoreFault(core, "election: " + e.getMessage() + hooks.notInArchInit(),
                e instanceof ElectionException ee && ee.reason() == ElectionException.Case.BOOT_ABANDONED);
        }
        if (out.role() == Role.LATE)
        {
            late(core);
        }
        // a counted core gets here only once its main, the rest of the boot, has halted
        return Processor.HALT;
    }

    /**
     * A core that arrived after the count was sealed: it marks itself in cpu_late, names itself on TXT0 and halts. It
     * holds no stack, and boot_info and the barriers, built from the sealed count, do not know it.
     */
    private void late(final Processor core)
    {
        core.trace(EventKind.ELECTION, "late", Map.of());
        core.phase(BootPhase.PRELOADER.step("LATE: halt"));
        Bitmaps.set(core, BootSteps.BOOT_CXY, sym("cpu_late"), core.gid());
        final long sealed = new BootBlock().wrap(core.window(BootSteps.BOOT_CXY, ZONE_BASE, BootBlock.LENGTH), 0)
            .cpuCount();
        steps.println(core, String.format("[BOOT] core gid 0x%03x arrived after cpu_count was sealed at %d: LATE, it " +
            "takes no stack and halts", core.gid(), sealed & 0xFFFF_FFFFL));
    }

    /** A flyweight over cluster {@code cxy}'s start_stack_pool, as {@code core} sees it. */
    private StackPool startPool(final Processor core, final int cxy)
    {
        final String name = "start_stack_pool[0x" + Integer.toHexString(cxy) + "]";
        final int zone = steps.options().layout().stackBase();
        return new StackPool(name, CoreWaits.policy(core, Integer.MAX_VALUE, steps.timeoutNanos()))
            .wrap(core.window(cxy, zone, BootLayout.STACK_ZONE_SIZE), 0)
            .listener(new StackSwitch(core, cxy, zone, name));
    }

    /** The arch_init steps of one core; the leader's are the bootstrap CPU's. */
    private final class Hooks implements BootHooks
    {
        private final Processor core;
        private ElectionBoot election;
        /** The leader's arch_info, as it read it from memory in its arch_init (its own stack's variable). */
        private ArchInfo arch;
        /** Set on the leader's core when it wins. */
        private boolean leads;
        /** Set once this core runs on its start stack: from then on a failure is the boot's, not the election's. */
        private boolean inMain;
        /** boot.elf and arch_info.bin are in place: a hypervisor copied them. */
        private final boolean handedOver;

        Hooks(final Processor core, final boolean handedOver)
        {
            this.core = core;
            this.handedOver = handedOver;
        }

        @Override
        public void elected(final int leader, final long replaced)
        {
            leads = true;
            state.elected(leader, replaced, core.cycles());
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
            // arch_init's frame stays until terminateCall gives the stack back; arch_cpu_init's is popped and checked
            // (the election's code: the preloader's at reset, boot.elf's after a hypervisor's hand-off)
            final CallFrames frames = handedOver ? steps.frames() : preloader.frames();
            frames.enter(core, "arch_init");
            final StackRegister.Frame cpuInit = frames.enter(core, "arch_cpu_init");
            core.phase(BootPhase.PRELOADER.step("arch_init: find my cluster in arch_info"));
            final ArchInfo.Core me = ArchInfoSearch.lookup(core, BootSteps.BOOT_CXY,
                steps.options().layout().archInfoBase());
            frames.leave(core, cpuInit);
            // marked once its arch_init is done: the leader names a counted core that is not (it died in arch_init),
            // and a counted one arch_info does not list
            roster.answer(core);
            if (me == null)
            {
                // it leaves itself out and still counts itself running, so that the leader seals and names it
                roster.exclude(core, core.gid(), core.gid() >>> steps.config(core, BootSteps.BOOT_CXY).pWidth(),
                    "counted, but arch_info.bin does not list it");
                steps.println(core, String.format("[BOOT] core gid 0x%03x is not in arch_info.bin: counted, it takes " +
                    "no stack and halts", core.gid()));
                return;
            }
            core.dataExt(me.cxy());
            core.phase(BootPhase.PRELOADER.step("election: arch_init done"));
        }

        @Override
        public void initGlobals(final int leader)
        {
            // the bootstrap CPU: what core[0][0] does in the preloader and in phase 2, in cluster 0's space (after a
            // hand-off, boot.elf is where the hypervisor copied it)
            if (!handedOver)
            {
                core.phase(BootPhase.PRELOADER.step("bootstrap CPU: load boot.elf"));
                preloader.loadBootLoader(core);
                election.heartbeat(leader);
            }
            // on a bootstrap stack of its own: the boot stacks of the boot cluster go to start_stack_pool while it still
            // runs (it held no stack until now: the election code uses none)
            arch = steps.sequential(core, String.format("core gid 0x%03x, elected", core.gid()), handedOver,
                BootSteps.BOOTSTRAP_SLOT);
            election.heartbeat(leader);
            for (final ArchInfo.Cluster c : arch.withCores())
            {
                // the self-test first: a cluster whose bank fails it gets no pool and is left out
                final String failed = c.cxy() == BootSteps.BOOT_CXY ? null : steps.selfTest(core, c.cxy());
                if (failed != null)
                {
                    roster.excludeCluster(core, arch, c, failed);
                    continue;
                }
                // empty, before start_bar: a follower draws from its cluster's pool as soon as it passes the bar
                startPool(core, c.cxy()).initialize(null, true);
            }
            election.heartbeat(leader);
            roster.answer(core);
            if (seal.rule() == CountSeal.Rule.EXPECTED)
            {
                awaitExpected(leader);
            }
            BootSteps.enter(core, BootPhase.PRELOADER, "arch_init: wait for the count");
        }

        /** {@code expected}: until cpu_count reaches arch_info's cores, or the deadline; the runtime then seals. */
        private void awaitExpected(final int leader)
        {
            core.phase(BootPhase.PRELOADER.step("arch_init: wait for arch_info's cores to count themselves"));
            final BootBlock block = election.block();
            final int expected = arch.cores().size();
            Poll.within(core, seal.nanos(), CoreWaits.idle(core, expected), () ->
            {
                election.heartbeat(leader);
                return block.cpuCount() >= expected;
            });
        }

        @Override
        public void provideStartStacks(final long cpus, final StackPool pool, final BumpAllocator heap,
            final int stackSize)
        {
            // the count against arch_info first: what is left out gets no stack (nor does an excluded leader need one
            // to seal the roster)
            checkCount(cpus);
            // each counted core's boot-stack address in its own cluster; counted cores marked cpu_arrived first
            final Map<Integer, StackPool> pools = new HashMap<>();
            int placed = 0;
            final BootLayout layout = steps.options().layout();
            for (final ArchInfo.Core c : arch.cores())
            {
                if (roster.answered(core, c.gid()) && !roster.excluded(core, c.gid()))
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
            if (leads)
            {
                // the bootstrap CPU did not look itself up in arch_init: arch_info was not loaded yet
                core.dataExt(ArchInfoSearch.find(core, BootSteps.BOOT_CXY, steps.options().layout().archInfoBase())
                    .cxy());
            }
            if (roster.excluded(core, core.gid()))
            {
                // counted, but left out (not in arch_info, its cluster failed the self-test; the leader too, once it
                // sealed the roster): no stack there to draw, the boot goes on without it (thrown here, still on its
                // arch_init stack, which the pool takes back)
                throw new CoreFault(core, "left out of boot_info: " + roster.log().reason(core.gid()));
            }
            return startPool(core, core.dataExt());
        }

        @Override
        public void cpuMain(final int cpu, final StackHandle stack)
        {
            inMain = true;
            // the pool's listener has pointed the stack pointer at the stack's top
            core.trace(EventKind.STACK, "start_stack_pool get", Map.of("cluster", core.dataExt(), "sp",
                core.stack().sp()));
            core.trace(EventKind.ELECTION, leads ? "leader" : "follower", Map.of());
            final int lid = steps.lid(core, BootSteps.BOOT_CXY);
            steps.pushFrame(core, lid);
            core.runFrom(sym(lid == 0 ? "boot_cp0_init" : "boot_cpi_init"));
        }

        /**
         * The leader's check of the sealed count against the arch_info.bin it loaded. Cores arch_info lists that never
         * arrived before the seal are left out of boot_info, with every core of a cluster whose CP0 is among them
         * (nobody would copy that cluster's boot-loader); counted cores arch_info does not list are named and left out
         * (they halt). A count the arrivals do not explain (cpu_arrived marks fewer or more cores than cpu_count
         * counted) is a boot fault naming both.
         */
        private void checkCount(final long count)
        {
            final Set<Integer> arrivedGids = roster.arrived(core);
            final Set<Integer> listed = arch.cores().stream().map(ArchInfo.Core::gid).collect(Collectors.toSet());
            final List<Integer> absent = arch.cores().stream().map(ArchInfo.Core::gid)
                .filter(g -> !arrivedGids.contains(g)).toList();
            final Set<Integer> foreign = new TreeSet<>(arrivedGids);
            foreign.removeAll(listed);
            final int arrived = arch.cores().size() - absent.size() + foreign.size();
            state.counted(count, seal, arch.cores().size(), absent, List.copyOf(foreign));
            final String never = names(absent);
            if (count != arrived)
            {
                steps.println(core, String.format("[BOOT] cpu_count %d does not match the %d cores marked in " +
                    "cpu_arrived (arch_info: %d; never arrived: %s)", count, arrived, arch.cores().size(), never));
                throw new CoreFault(core, String.format("cpu_count %d does not match the %d cores that arrived " +
                    "(arch_info lists %d; never arrived: gid %s)", count, arrived, arch.cores().size(), never));
            }
            final int pWidth = arch.pWidth();
            for (final int gid : foreign)
            {
                roster.exclude(core, gid, gid >>> pWidth, "counted, but arch_info.bin does not list it");
            }
            for (final ArchInfo.Core c : arch.cores())
            {
                if (absent.contains(c.gid()))
                {
                    roster.exclude(core, c.gid(), c.cxy(), String.format("never arrived in the election (cpu_count " +
                        "sealed at %d by %s)", count, seal));
                }
            }
            for (final ArchInfo.Cluster c : arch.withCores())
            {
                final int cp0 = arch.coresOf(c).get(0).gid();
                if (c.cxy() == BootSteps.BOOT_CXY && absent.contains(cp0))
                {
                    // the boot cluster's CP0 runs its per-cluster phases; its memory holds the roster and
                    // global_barrier
                    throw new CoreFault(core, String.format("the boot cluster 0x%02x's CP0 gid 0x%03x never arrived " +
                        "in the election: the boot cluster cannot be left out (never arrived: %s)", c.cxy(), cp0,
                        never));
                }
                final String failed = c.cxy() == BootSteps.BOOT_CXY ? null : steps.selfTest(core, c.cxy());
                if (failed != null)
                {
                    roster.excludeCluster(core, arch, c, failed);
                }
                else if (absent.contains(cp0))
                {
                    roster.excludeCluster(core, arch, c, String.format("its CP0 gid 0x%03x never arrived in the " +
                        "election", cp0));
                }
            }
            if (absent.isEmpty() && foreign.isEmpty())
            {
                steps.println(core, String.format("[BOOT] elected core gid 0x%03x counted %d cores, as arch_info " +
                    "lists; count sealed at cycle %d", core.gid(), count, core.cycles()));
            }
            else
            {
                steps.println(core, String.format("[BOOT] elected core gid 0x%03x counted %d of arch_info's %d " +
                    "cores; count sealed at cycle %d; never arrived: %s%s", core.gid(), count, arch.cores().size(),
                    core.cycles(), never, foreign.isEmpty() ? "" : "; counted but not in arch_info: " +
                    names(List.copyOf(foreign))));
            }
            steps.sealRoster(core, arch);
        }

        /**
         * @return for the leader, the cores of arch_info that never marked themselves in cpu_arrived (a counted core
         * among them died before its arch_init ended: reconfiguration cannot leave a counted core out); else nothing.
         */
        private String notInArchInit()
        {
            if (!leads || arch == null)
            {
                return "";
            }
            final Set<Integer> arrivedGids = roster.arrived(core);
            return " (not in cpu_arrived: gid " + names(arch.cores().stream().map(ArchInfo.Core::gid)
                .filter(g -> !arrivedGids.contains(g)).toList()) + ")";
        }
    }

    private static String names(final List<Integer> gids)
    {
        return gids.stream().map(g -> String.format("0x%03x", g)).reduce((a, b) -> a + ", " + b).orElse("none");
    }

    /**
     * @param core a core that waited for the global roster.
     * @return true when it is left out (its cluster's CP0 never arrived) and must halt.
     */
    private boolean leftOut(final Processor core)
    {
        core.phase(BootPhase.PARTIAL.step("wait for the global roster"));
        roster.awaitGlobal(core);
        return steps.leftOut(core);
    }

    // ---------------------------------------------------------------------------------------------- per cluster

    private long cp0Init(final Processor core)
    {
        BootSteps.enter(core, BootPhase.PARTIAL, "copy the boot-loader");
        steps.exitReset(core);
        if (leftOut(core))
        {
            return Processor.HALT;
        }
        core.phase(BootPhase.PARTIAL.step("copy the boot-loader"));
        final int cxy = core.dataExt();
        final StackRegister.Frame frame = steps.enter(core, "boot_cp0_init");
        if (cxy != BootSteps.BOOT_CXY)
        {
            steps.copyBootLoader(core, cxy);
        }
        steps.leave(core, frame);
        if (cxy != BootSteps.BOOT_CXY)
        {
            core.instExt(cxy);
        }
        return sym("boot_cp0_local");
    }

    private long cp0Local(final Processor core)
    {
        final int cxy = core.dataExt();
        final int boot = BootSteps.BOOT_CXY;
        final StackRegister.Frame frame = steps.enter(core, "boot_cp0_local");
        final BootInfo info = steps.cp0Copies(core, cxy);
        // read now: almos-mk moves kdata, and this boot_info with it, before the last barriers
        final int cores = info.coresNr();
        final int rank = info.rank(cxy);
        steps.initLocalBarrier(core, cxy, cores);
        core.bus().write64(core, PhysicalAddress.of(cxy, sym("cluster_ready")), READY ^ cxy);
        if (cxy != boot)
        {
            steps.println(core, String.format("[BOOT] cluster 0x%02x: boot-loader, arch_info.bin and kernel " +
                "copied, boot_info built at cycle %d", cxy, core.cycles()));
        }
        steps.maps().record(BootPhase.PARTIAL, cxy);
        core.phase(BootPhase.PARTIAL.step("global_barrier"));
        final Barrier global = steps.globalBarrier(core, info);
        steps.awaitGlobal(core, global, rank);
        BootSteps.enter(core, BootPhase.PARALLEL, "local_barrier");
        steps.endPhase3(core, cxy);
        steps.awaitLocal(core, cxy, cores, 0);
        if (steps.options().layout().kernelShift() != 0)
        {
            if (cxy == boot)
            {
                // the reset code is cluster 0's preloader zone: wait until every counted core has left it
                awaitPreloaderExits(core);
            }
            steps.moveKernel(core, cxy);
        }
        final long next = steps.lastRendezvous(core, cxy, global, rank, cores);
        steps.leave(core, frame);
        return next;
    }

    /**
     * Before almos-mk's kernel moves over cluster 0's reset code: every counted core (the sealed cpu_count, in the
     * boot block) has counted itself out of it in {@code preloader_exits}.
     */
    private void awaitPreloaderExits(final Processor core)
    {
        core.phase(BootPhase.PARALLEL.step("wait until every core has left the preloader"));
        final long counted = new BootBlock().wrap(core.window(BootSteps.BOOT_CXY, ZONE_BASE, BootBlock.LENGTH), 0)
            .cpuCount() & 0xFFFF_FFFFL;
        Poll.until(core, steps.timeoutNanos(), CoreWaits.idle(core, 1), () -> core.remoteLw(BootSteps.BOOT_CXY,
            sym("preloader_exits")) >= counted, () -> String.format("every core to leave the preloader: %d of %d " +
            "have (preloader_exits)", core.remoteLw(BootSteps.BOOT_CXY, sym("preloader_exits")), counted));
    }

    private long cpiInit(final Processor core)
    {
        BootSteps.enter(core, BootPhase.PARALLEL, "wait for my cluster's copy");
        steps.exitReset(core);
        if (leftOut(core))
        {
            return Processor.HALT;
        }
        core.phase(BootPhase.PARALLEL.step("wait for my cluster's copy"));
        final int cxy = core.dataExt();
        final StackRegister.Frame frame = steps.enter(core, "boot_cpi_init");
        final long ready = READY ^ cxy;
        // parked with backoff, as the runtime's waits: a cluster's CPi must not take the CPUs its CP0 copies with
        Poll.until(core, steps.timeoutNanos(), CoreWaits.idle(core, BootInfo.MAX_LOCAL_CORES), () ->
            core.bus().read64(core, PhysicalAddress.of(cxy, sym("cluster_ready"))) == ready, () ->
            String.format("cluster 0x%02x's cluster_ready (its CP0 copies the boot-loader, arch_info and the kernel)",
            cxy));
        steps.leave(core, frame);
        core.instExt(cxy);
        return sym("boot_cpi_local");
    }
}
