package org.smpboot.runtime.boot;

import java.util.ArrayList;
import java.util.List;

/**
 * The counted CPUs that have not finished arch_init, as a leader waiting for {@code running_count == cpu_count} reads
 * them: running_count, then cpu_count, then each CPU's heartbeat in the {@link ArrivalRoll}, then running_count again.
 *
 * <p>Why that order: a follower writes its ARRIVED heartbeat before the CAS that counts it, and its RUNNING heartbeat
 * after the atomic add to running_count. So every CPU that cpu_count holds and the first read of running_count lacks
 * shows ARRIVED and not RUNNING in the roll read after both (a CPU between its add and its RUNNING heartbeat shows as
 * not running: the leader errs on waiting). A CPU that added itself while the roll was read would make the snapshot
 * mix two moments, so {@link #lacking} is 0 when running_count moved: no verdict is taken from it.
 * {@code org.smpboot.stress.roll.RollSnapshotTest} checks this with jcstress and the schedule checker.
 *
 * @param count   cpu_count (without the seal bit), leader included.
 * @param running running_count, read first.
 * @param lacking {@code count - running}, or 0 when running_count moved while the roll was read.
 * @param dead    CPUs that arrived, are not running, and whose heartbeat is older than the liveness timeout.
 * @param slow    CPUs that arrived, are not running, and whose heartbeat is fresh.
 */
public record Stragglers(long count, long running, long lacking, List<Integer> dead, List<Integer> slow)
{
    /**
     * Copies the lists.
     *
     * @param count   cpu_count (without the seal bit), leader included.
     * @param running running_count, read first.
     * @param lacking {@code count - running}, or 0 when running_count moved.
     * @param dead    arrived, not running, heartbeat past the liveness timeout.
     * @param slow    arrived, not running, heartbeat fresh.
     */
    public Stragglers
    {
        dead = List.copyOf(dead);
        slow = List.copyOf(slow);
    }

    /**
     * Reads the snapshot.
     *
     * @param block      the boot block.
     * @param roll       its arrival roll.
     * @param leader     the leader's id (never a straggler).
     * @param nowMs      epoch milliseconds of the reading.
     * @param livenessMs age past which a heartbeat is stale (either way: a heartbeat from the future is not fresh).
     * @return what the leader knows of the counted CPUs not running.
     */
    public static Stragglers read(final BootBlock block, final ArrivalRoll roll, final int leader, final long nowMs,
        final long livenessMs)
    {
        final long running = block.runningCount();
        final long count = block.cpuCount();
        final List<Integer> dead = new ArrayList<>();
        final List<Integer> slow = new ArrayList<>();
        for (int id = 0; id < roll.cpus(); id++)
        {
            final long beat = roll.heartbeat(id);
            if (id == leader || (beat & ArrivalRoll.ARRIVED) == 0 || (beat & ArrivalRoll.RUNNING) != 0)
            {
                continue;
            }
            // arrived, perhaps counted, not running: alive or dead by its heartbeat
            final long age = nowMs - ArrivalRoll.millis(beat);
            (age <= livenessMs && age >= -livenessMs ? slow : dead).add(id);
        }
        final long lacking = block.runningCount() != running ? 0 : count - running;
        return new Stragglers(count, running, lacking, dead, slow);
    }

    /**
     * @return true when the dead alone explain why running_count can never reach cpu_count: some counted CPU is dead
     *     and fewer CPUs are alive and not running than running_count lacks.
     */
    public boolean provesDeath()
    {
        return !dead.isEmpty() && lacking > slow.size();
    }
}
