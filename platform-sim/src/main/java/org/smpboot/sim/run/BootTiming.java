package org.smpboot.sim.run;

import java.util.List;
import java.util.Map;

import org.smpboot.sim.trace.BootPhase;
import org.smpboot.sim.hw.AccessMatrix;
import org.smpboot.sim.hw.ServiceQueue;
import org.smpboot.sim.hw.StepTable;
import org.smpboot.sim.trace.BarrierLog;

/**
 * Where a boot's virtual time went (issue 20): per phase, the cycles requests waited in their targets' queues and the
 * words they moved, per (requesting cluster, target, kind); per phase and class of step (arch_info search, copies,
 * barrier waits, election...), requests, cycles and waits; every bank's and device's queue; every barrier episode; the
 * cores' L1 instruction caches.
 *
 * @param waits        cycles waited in queues, per phase, per (requesting cluster, target cluster, kind).
 * @param words        words moved, per phase, per (requesting cluster, target cluster, kind).
 * @param steps        per phase, per class of step ({@link org.smpboot.sim.boot.BootStepClasses}), of the devices and
 *                     the cores the boot kept.
 * @param leftOut      the same for the cores the boot left out (their waits until they were stopped or faulted are
 *                     not the boot's); empty when it kept every core.
 * @param queues       every bank's and device's queue over the whole boot, banks first.
 * @param episodes     every barrier episode, in virtual time.
 * @param icacheHits   lines found in the cores' L1 instruction caches.
 * @param icacheMisses lines refilled from memory.
 */
public record BootTiming(Map<BootPhase, AccessMatrix> waits, Map<BootPhase, AccessMatrix> words,
    Map<BootPhase, StepTable> steps, Map<BootPhase, StepTable> leftOut, List<ServiceQueue.Stats> queues,
    List<BarrierLog.Episode> episodes, long icacheHits, long icacheMisses)
{
    /**
     * Copies the collections.
     *
     * @param waits        cycles waited in queues, per phase, per (requesting cluster, target cluster, kind).
     * @param words        words moved, per phase, per (requesting cluster, target cluster, kind).
     * @param steps        per phase, per class of step ({@link org.smpboot.sim.boot.BootStepClasses}), of the devices
     *                     and the cores the boot kept.
     * @param leftOut      the same for the cores the boot left out; empty when it kept every core.
     * @param queues       every bank's and device's queue over the whole boot, banks first.
     * @param episodes     every barrier episode, in virtual time.
     * @param icacheHits   lines found in the cores' L1 instruction caches.
     * @param icacheMisses lines refilled from memory.
     */
    public BootTiming
    {
        waits = Map.copyOf(waits);
        words = Map.copyOf(words);
        steps = Map.copyOf(steps);
        leftOut = Map.copyOf(leftOut);
        queues = List.copyOf(queues);
        episodes = List.copyOf(episodes);
    }

    /**
     * @param barrier a barrier's name ({@code global_barrier}, {@code kernel global_barrier}...).
     * @return its episodes.
     */
    public List<BarrierLog.Episode> episodes(final String barrier)
    {
        return episodes.stream().filter(e -> e.barrier().equals(barrier)).toList();
    }
}
