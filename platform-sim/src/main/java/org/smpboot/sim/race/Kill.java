package org.smpboot.sim.race;

import java.util.List;

/**
 * What a chaos round's kill did.
 *
 * @param process    the process killed.
 * @param cpus       its CPUs.
 * @param delayNanos how long after the gate the kill came.
 * @param killNanos  {@link System#nanoTime()} of the kill (CLOCK_MONOTONIC: comparable across this machine's
 *                   processes).
 * @param wasAlive   false when the process had already exited (the kill changed nothing).
 */
public record Kill(int process, List<Integer> cpus, long delayNanos, long killNanos, boolean wasAlive)
{
    /** @return the CPUs the kill took away: none when the process had already exited. */
    public List<Integer> victims()
    {
        return wasAlive ? cpus : List.of();
    }
}
