package org.smpboot.sim.run;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.smpboot.sim.boot.BootOptions;
import org.smpboot.sim.boot.ElectionState;
import org.smpboot.sim.boot.Reconfiguration;
import org.smpboot.sim.fault.FaultPlan;
import org.smpboot.sim.hw.AccessMatrix;
import org.smpboot.sim.kernel.KernelEntry;
import org.smpboot.sim.kernel.KernelState;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.trace.BootPhase;
import org.smpboot.sim.trace.Trace;

/**
 * What a platform boot did.
 *
 * @param platform the platform.
 * @param options  how it ran.
 * @param fill     the reset fill, as given.
 * @param entries  the cores that entered kernel_init, in arrival order.
 * @param maps     the memory maps, by phase then cluster.
 * @param accesses the accesses made in each phase.
 * @param faults   one line per fault (a core's, or the boot's own timeout), empty when the boot completed.
 * @param txt0     what TXT0 printed.
 * @param millis   wall-clock duration.
 * @param kernel   what the kernels did, or null when the boot stopped at kernel_init.
 * @param phaseEnds when each boot phase ended (its last cluster), in microseconds from the machine's start.
 * @param trace    the typed events, or null when not traced.
 * @param election what the election did (elected flavor), or null (tsar flavor).
 * @param cycles   the cycles the accesses of each phase cost, per (requesting cluster, bank, kind) (virtual time).
 * @param phaseEndCycles when each boot phase ended in virtual time: the cycle of the core that recorded its last
 *                 cluster's memory map.
 * @param seed     the seed of a deterministic run (replay it with the same seed), or null for a parallel run.
 * @param reconfiguration the cores the boot left out of boot_info, and why.
 * @param injected the faults injected.
 * @param timing   where virtual time went: queue waits, steps, queues, barrier episodes, instruction caches.
 */
public record BootResult(Platform platform, BootOptions options, String fill, List<KernelEntry> entries,
    List<MemoryMap> maps, Map<BootPhase, AccessMatrix> accesses, List<String> faults, String txt0, long millis,
    KernelState kernel, Map<BootPhase, Long> phaseEnds, Trace trace, ElectionState election,
    Map<BootPhase, AccessMatrix> cycles, Map<BootPhase, Long> phaseEndCycles, Long seed,
    Reconfiguration reconfiguration, FaultPlan injected, BootTiming timing)
{
    /**
     * Copies the collections.
     *
     * @param platform        the platform.
     * @param options         how it ran.
     * @param fill            the reset fill, as given.
     * @param entries         the cores that entered kernel_init, in arrival order.
     * @param maps            the memory maps, by phase then cluster.
     * @param accesses        the accesses made in each phase.
     * @param faults          one line per fault (a core's, or the boot's own timeout), empty when the boot completed.
     * @param txt0            what TXT0 printed.
     * @param millis          wall-clock duration.
     * @param kernel          what the kernels did, or null when the boot stopped at kernel_init.
     * @param phaseEnds       when each boot phase ended (its last cluster), in microseconds from the machine's start.
     * @param trace           the typed events, or null when not traced.
     * @param election        what the election did (elected flavor), or null (tsar flavor).
     * @param cycles          the cycles the accesses of each phase cost, per (requesting cluster, bank, kind) (virtual time).
     * @param phaseEndCycles  when each boot phase ended in virtual time.
     * @param seed            the seed of a deterministic run (replay it with the same seed), or null for a parallel run.
     * @param reconfiguration the cores the boot left out of boot_info, and why.
     * @param injected        the faults injected.
     * @param timing          where virtual time went.
     */
    public BootResult
    {
        entries = List.copyOf(entries);
        maps = List.copyOf(maps);
        accesses = Map.copyOf(accesses);
        faults = List.copyOf(faults);
        phaseEnds = Map.copyOf(phaseEnds);
        cycles = Map.copyOf(cycles);
        phaseEndCycles = Map.copyOf(phaseEndCycles);
    }

    /**
     * @return true when nothing faulted, every core the boot did not leave out entered kernel_init and, when the
     * kernel ran, the boot completed (every such core ticked in its idle thread).
     */
    public boolean complete()
    {
        // what the boot left out may name cores the hardware lacks (an arch_info.bin that lists more): count the rest
        final Set<Integer> out = excluded();
        return faults.isEmpty() && entries.size() == platform.cores().stream().filter(c -> !out.contains(c.gid()))
            .count() && (kernel == null || kernel.completeMillis() >= 0);
    }

    /** @return the gids of the cores the boot left out of boot_info. */
    public Set<Integer> excluded()
    {
        return reconfiguration == null ? Set.of() : reconfiguration.excludedGids();
    }
}
