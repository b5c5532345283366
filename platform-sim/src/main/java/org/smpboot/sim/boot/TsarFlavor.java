package org.smpboot.sim.boot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.smpboot.runtime.barrier.Barrier;
import org.smpboot.sim.driver.CoreWaits;
import org.smpboot.sim.driver.Poll;
import org.smpboot.sim.hw.CodeMap;
import org.smpboot.sim.hw.CoreFault;
import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.hw.StackRegister;
import org.smpboot.sim.hw.Xcu;
import org.smpboot.sim.image.ArchInfo;
import org.smpboot.sim.image.BootInfo;
import org.smpboot.sim.image.DevType;
import org.smpboot.sim.image.HardConfig;
import org.smpboot.sim.trace.BootPhase;

/**
 * The {@code tsar} flavor's entry points: the TSAR boot-loader's phases 2 to 4 as the hardware's choice of core[0][0]
 * orders them (seeds 001 and 003 part B; DESIGN.md 3.4). Each phase entry is a jump, so that a core running from a
 * cluster whose copy of the code is missing faults there:
 * <ul>
 * <li>{@code boot_entry} (every core): dispatches on the gid: core[0][0] to {@code boot_init}, a CP0 to
 * {@code boot_cp0_init}, a CPi to {@code boot_cpi_init}.</li>
 * <li>{@code boot_init}, phase 2 (core[0][0] alone): the sequential steps ({@link BootSteps#sequential}), then an IPI
 * (the address of {@code boot_entry} in WTI_REG[0]) to the CP0 of every other cluster with cores that passes its
 * self-test.</li>
 * <li>{@code boot_cp0_init}, phase 3 (each other CP0, code still in cluster 0): finds its cxy in arch_info (remote),
 * points DATA at its cluster, takes its stack, copies the boot-loader, switches INSTRUCTION and jumps to the copy.</li>
 * <li>{@code boot_cp0_local} (every CP0, local code): copies arch_info.bin and the kernel, builds its boot_info,
 * initialises its {@code local_barrier}, meets the other CP0s at {@code global_barrier}; then phase 4: wakes its
 * cores (WTI_REG[lid]), meets them at {@code local_barrier}, moves the kernel to 0x0 (almos-mk; in cluster 0 only
 * once every core has left the preloader), meets the CP0s at {@code global_barrier} and its cores at
 * {@code local_barrier}, and enters {@code kernel_init(boot_info)}.</li>
 * <li>{@code boot_cpi_init}, phase 4 (each CPi, code still in cluster 0): counts itself out of the preloader, finds
 * its (cxy, lid) in arch_info (remote), switches both extension registers and jumps to {@code boot_cpi_local}: its
 * stack at top - 4 KB x lid, checks boot_info, meets its CP0 at {@code local_barrier} twice, enters
 * {@code kernel_init(boot_info)}.</li>
 * </ul>
 * Reconfiguration (seed 001, "leave out what does not work"; {@link BootRoster}): core[0][0] self-tests each other
 * cluster's bank before waking its CP0 and gives each woken CP0 the wake-up deadline (on the machine's time) to
 * answer; each CP0 gives its cores the same. What fails is left out of boot_info and of every barrier count; a core
 * that answers late halts; with almos-mk, left-out cores still in the preloader are sent to {@code boot_park} before
 * the kernel moves over it.
 */
final class TsarFlavor
{
    private final BootSteps steps;
    private final BootRoster roster;

    /**
     * @param steps the steps both flavors share.
     */
    TsarFlavor(final BootSteps steps)
    {
        this.steps = steps;
        this.roster = steps.roster();
    }

    /**
     * Binds the boot-loader's functions.
     *
     * @param code the code map.
     */
    void bind(final CodeMap code)
    {
        code.bind("boot_entry", this::bootEntry);
        code.bind("boot_init", this::bootInit);
        code.bind("boot_cp0_init", this::cp0Init);
        code.bind("boot_cp0_local", this::cp0Local);
        code.bind("boot_cpi_init", this::cpiInit);
        code.bind("boot_cpi_local", this::cpiAwaitRoster);
        code.bind("boot_park", this::park);
        code.bind("boot_handoff", this::handoff);
    }

    private int sym(final String name)
    {
        return steps.sym(name);
    }

    private long bootEntry(final Processor core)
    {
        // a core leaving the preloader is in the phase that woke it: its fetches and reads count there
        final int lid = steps.lid(core, BootSteps.BOOT_CXY);
        if (core.gid() == 0)
        {
            // core[0][0]: lid 0 of the boot cluster, cluster 0
            core.counts().epoch(BootPhase.SEQUENTIAL.ordinal());
            return sym("boot_init");
        }
        core.counts().epoch((lid == 0 ? BootPhase.PARTIAL : BootPhase.PARALLEL).ordinal());
        return sym(lid == 0 ? "boot_cp0_init" : "boot_cpi_init");
    }

    // ---------------------------------------------------------------------------------------------- phase 2

    /**
     * boot_handoff: a hypervisor started every core of its guest here, arch_info.bin already in its zone (seed 000).
     * The boot core does phase 2 with it; every other core arms its WTI and sleeps until the boot-loader wakes it, as
     * in the preloader (whose code the guest never runs). p_width, the XCU and irqs per core come from boot_config.
     */
    private long handoff(final Processor core)
    {
        final HardConfig config = steps.config(core, BootSteps.BOOT_CXY);
        final int lid = core.gid() & ((1 << config.pWidth()) - 1);
        final int cxy = core.gid() >>> config.pWidth();
        if (core.gid() == BootSteps.BOOT_CXY << config.pWidth())
        {
            core.counts().epoch(BootPhase.SEQUENTIAL.ordinal());
            return bootInit(core, true);
        }
        final long xcu = PhysicalAddress.of(cxy, config.xcuBase());
        core.bus().write32(core, xcu + Xcu.offset(Xcu.MSK_WTI, config.irqsPerCore() * lid), 1 << lid);
        core.waitForInterrupt(steps.timeoutNanos(), "the boot-loader's wake-up IPI in WTI " + lid + " of xcu" +
            String.format("[0x%02x]", cxy));
        return core.bus().read32(core, xcu + Xcu.offset(Xcu.WTI_REG, lid)) & 0xFFFF_FFFFL;
    }

    private long bootInit(final Processor core)
    {
        return bootInit(core, false);
    }

    private long bootInit(final Processor core, final boolean handedOver)
    {
        final ArchInfo arch = steps.sequential(core, "core[0x%02x,0]".formatted(BootSteps.BOOT_CXY), handedOver);
        core.phase(BootPhase.SEQUENTIAL.step("self-test the clusters, wake the CP0s"));
        final List<Integer> woken = new ArrayList<>();
        final long since = core.time().nanoTime();
        for (final ArchInfo.Cluster c : arch.clusters())
        {
            if (c.cxy() == BootSteps.BOOT_CXY || c.cores() == 0)
            {
                continue;
            }
            final String failed = steps.selfTest(core, c.cxy());
            final ArchInfo.Device xcu = arch.device(c, DevType.ICU_XCU);
            if (failed != null || xcu == null)
            {
                roster.excludeCluster(core, arch, c, failed != null ? failed : "no XCU to wake its CP0 through");
                continue;
            }
            core.bus().write32(core, xcu.base() + Xcu.offset(Xcu.WTI_REG, 0), sym("boot_entry"));
            woken.add(arch.coresOf(c).get(0).gid());
        }
        steps.println(core, String.format("[BOOT] phase 2 done at cycle %d: %d CP0s activated", core.cycles(),
            woken.size()));
        core.phase(BootPhase.SEQUENTIAL.step("wait for the CP0s' answers"));
        for (final int gid : roster.awaitAnswers(core, woken, since))
        {
            final ArchInfo.Cluster c = arch.withCores().stream().filter(k -> arch.coresOf(k).get(0).gid() == gid)
                .findFirst().orElseThrow();
            roster.excludeCluster(core, arch, c, String.format("its CP0 gid 0x%03x did not answer its wake-up IPI " +
                "within %d ms", gid, roster.log().wakeDeadline().toMillis()));
        }
        steps.sealRoster(core, arch);
        // core[0][0] goes on as the CP0 of the boot cluster, whose code is already local
        return sym("boot_cp0_local");
    }

    // ---------------------------------------------------------------------------------------------- phase 3

    private long cp0Init(final Processor core)
    {
        final ArchInfo.Core me = leavePreloader(core, BootPhase.PARTIAL);
        steps.bootStack(core, me.cxy(), 0, 0);
        final StackRegister.Frame frame = steps.enter(core, "boot_cp0_init");
        steps.copyBootLoader(core, me.cxy());
        steps.leave(core, frame);
        core.instExt(me.cxy());
        return sym("boot_cp0_local");
    }

    /**
     * What a woken core does first: counts itself out of the preloader (cluster 0's reset code, which almos-mk's
     * kernel move may overwrite only once every core has left it), answers its wake-up in cpu_arrived, finds its (cxy,
     * lid) in arch_info, still in the boot cluster, and points DATA at its cluster.
     *
     * @param core  the core.
     * @param phase the phase that woke it.
     * @return its entry in arch_info.
     */
    private ArchInfo.Core leavePreloader(final Processor core, final BootPhase phase)
    {
        BootSteps.enter(core, phase, "leave the preloader");
        steps.exitReset(core);
        roster.answer(core); // at once: the search below contends on cluster 0 and must not count against the deadline
        core.phase(phase.step("find my cluster in arch_info"));
        final ArchInfo.Core me = ArchInfoSearch.find(core, BootSteps.BOOT_CXY, steps.options().layout().archInfoBase());
        core.dataExt(me.cxy());
        return me;
    }

    private long cp0Local(final Processor core)
    {
        final int cxy = core.dataExt();
        final int boot = BootSteps.BOOT_CXY;
        if (cxy != boot)
        {
            core.phase(BootPhase.PARTIAL.step("wait for the global roster"));
            roster.awaitGlobal(core);
            if (steps.leftOut(core))
            {
                return Processor.HALT;
            }
        }
        final StackRegister.Frame frame = steps.enter(core, "boot_cp0_local");
        final BootInfo info = steps.cp0Copies(core, cxy);
        int cores = info.coresNr();
        final int rank = info.rank(cxy);
        steps.initLocalBarrier(core, cxy, cores);
        if (cxy != boot)
        {
            steps.println(core, String.format("[BOOT] cluster 0x%02x: boot-loader, arch_info.bin and kernel copied, " +
                "boot_info built at cycle %d", cxy, core.cycles()));
        }
        steps.maps().record(BootPhase.PARTIAL, cxy);
        core.phase(BootPhase.PARTIAL.step("global_barrier"));
        // wrapped once, before almos-mk moves boot_info: its shape is read from memory
        final Barrier global = steps.globalBarrier(core, info);
        steps.awaitGlobal(core, global, rank);

        BootSteps.enter(core, BootPhase.PARALLEL, "wake the local cores");
        steps.endPhase3(core, cxy);
        final boolean moves = steps.options().layout().kernelShift() != 0;
        final boolean misorder = steps.options().misorder() && cxy == boot;
        if (moves && misorder)
        {
            steps.moveKernel(core, cxy); // the misordered variant: over the preloader its cores still execute
        }
        final long xcu = info.internalDevice(0).base();
        final List<Integer> woken = new ArrayList<>();
        final long since = core.time().nanoTime();
        for (int i = 1; i < cores; i++)
        {
            core.bus().write32(core, xcu + Xcu.offset(Xcu.WTI_REG, info.core(i).lid()), sym("boot_entry"));
            woken.add(info.core(i).gid());
        }
        core.phase(BootPhase.PARALLEL.step("wait for the local cores' answers"));
        final List<Integer> missing = roster.awaitAnswers(core, woken, since);
        if (!missing.isEmpty())
        {
            for (final int gid : missing)
            {
                roster.exclude(core, gid, cxy, String.format("no answer to its wake-up IPI within %d ms",
                    roster.log().wakeDeadline().toMillis()));
                steps.println(core, String.format("[BOOT] cluster 0x%02x: core gid 0x%03x did not answer its wake-up " +
                    "IPI within %d ms: left out of boot_info", cxy, gid, roster.log().wakeDeadline().toMillis()));
            }
            steps.buildBootInfo(core, roster.usable(core, steps.parseArchInfo(core, cxy)), cxy);
            cores = info.coresNr();
            steps.initLocalBarrier(core, cxy, cores);
        }
        roster.sealLocal(core, cxy);
        core.phase(BootPhase.PARALLEL.step("local_barrier"));
        steps.awaitLocal(core, cxy, cores, 0);
        if (moves && !misorder)
        {
            if (cxy == boot)
            {
                awaitLeftPreloader(core);
            }
            steps.moveKernel(core, cxy);
        }
        final long next = steps.lastRendezvous(core, cxy, global, rank, cores);
        steps.leave(core, frame);
        return next;
    }

    /**
     * Where the boot-loader sends a left-out core that may still sleep in the preloader, before almos-mk's kernel moves
     * over it: the core marks itself parked and halts, out of the code the move overwrites.
     */
    private long park(final Processor core)
    {
        core.phase(BootPhase.PARALLEL.step("left out: parked"));
        roster.park(core);
        return Processor.HALT;
    }

    /**
     * The wait before almos-mk's kernel moves over the preloader: every other core arch_info lists has answered its
     * wake-up (and so left the preloader), or has been left out and then parked: the boot-loader sends each left-out
     * core that never answered an IPI to {@code boot_park}. One that neither answers nor parks within the wake-up
     * deadline is presumed dead (a core that cannot hear an IPI cannot be told apart from one that is dead: if it is
     * only deaf and still sleeps in the preloader, the move over its code stops the boot, as the code guard reports).
     *
     * @param core the boot cluster's CP0.
     */
    private void awaitLeftPreloader(final Processor core)
    {
        core.phase(BootPhase.PARALLEL.step("wait until every usable core has left the preloader"));
        final ArchInfo arch = steps.parseArchInfo(core, BootSteps.BOOT_CXY);
        final List<ArchInfo.Core> waiting = new ArrayList<>(arch.cores());
        waiting.removeIf(c -> c.gid() == core.gid());
        final Map<Integer, Long> parkSent = new HashMap<>();
        final boolean left = Poll.within(core, steps.timeoutNanos(), CoreWaits.idle(core, waiting.size()), () ->
        {
            waiting.removeIf(c -> roster.answered(core, c.gid()) || roster.parked(core, c.gid()));
            for (final ArchInfo.Core c : waiting)
            {
                if (roster.excluded(core, c.gid()) && !parkSent.containsKey(c.gid()))
                {
                    sendPark(core, arch, c);
                    parkSent.put(c.gid(), core.time().nanoTime());
                }
            }
            waiting.removeIf(c -> parkSent.containsKey(c.gid()) &&
                core.time().nanoTime() - parkSent.get(c.gid()) > roster.wakeNanos() && presumedDead(core, c.gid()));
            return waiting.isEmpty();
        });
        if (!left)
        {
            throw new CoreFault(core, String.format("waited %d ms for every core to leave the preloader or be " +
                "left out: gid %s neither answered nor was left out", steps.options().timeout().toMillis(),
                String.join(", ", waiting.stream().map(c -> String.format("0x%03x", c.gid())).toList())));
        }
    }

    private void sendPark(final Processor core, final ArchInfo arch, final ArchInfo.Core c)
    {
        final ArchInfo.Device xcu = arch.device(arch.cluster(c.cxy()), DevType.ICU_XCU);
        if (xcu != null)
        {
            core.bus().write32(core, xcu.base() + Xcu.offset(Xcu.WTI_REG, c.lid()), sym("boot_park"));
        }
    }

    private boolean presumedDead(final Processor core, final int gid)
    {
        steps.println(core, String.format("[BOOT] left-out core gid 0x%03x neither answered nor parked within %d " +
            "ms: presumed dead, the kernel moves over the preloader", gid, roster.log().wakeDeadline().toMillis()));
        return true;
    }

    // ---------------------------------------------------------------------------------------------- phase 4, CPi

    private long cpiInit(final Processor core)
    {
        final ArchInfo.Core me = leavePreloader(core, BootPhase.PARALLEL);
        core.instExt(me.cxy());
        return sym("boot_cpi_local");
    }

    /** boot_cpi_local: the cluster's roster first, since a late core may have been left out; then its boot stack. */
    private long cpiAwaitRoster(final Processor core)
    {
        core.phase(BootPhase.PARALLEL.step("wait for my cluster's roster"));
        roster.awaitLocal(core, core.dataExt());
        if (steps.leftOut(core))
        {
            return Processor.HALT;
        }
        final int lid = steps.lid(core, core.dataExt());
        steps.bootStack(core, core.dataExt(), lid, lid);
        return steps.cpiOnStack(core);
    }
}
