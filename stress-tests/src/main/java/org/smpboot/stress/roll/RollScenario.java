package org.smpboot.stress.roll;

import org.agrona.concurrent.AtomicBuffer;
import org.openjdk.jcstress.infra.results.JJJJJ_Result;
import org.smpboot.runtime.boot.ArrivalRoll;
import org.smpboot.runtime.boot.BootBlock;
import org.smpboot.runtime.boot.Stragglers;
import org.smpboot.runtime.region.Fill;
import org.smpboot.stress.BootMemory;

/**
 * A boot block past start_bar with its arrival roll, CPU 0 leading and running, CPU 1 about to arrive: the state of the
 * roll tests. Each CPU builds its own flyweights over the one buffer, as processes do.
 */
public final class RollScenario
{
    /** The time of every heartbeat and of the leader's reading: CPU 1's heartbeat is fresh. */
    public static final long NOW_MS = 1_767_225_600_000L;
    /** The liveness timeout of the reading. */
    public static final long LIVENESS_MS = 2000;

    private final AtomicBuffer buffer;

    /** Elects and publishes CPU 0 over 0x5a garbage, clears the roll and marks the leader, as the leader does. */
    public RollScenario()
    {
        buffer = BootMemory.direct(BootBlock.LENGTH + ArrivalRoll.length(2));
        Fill.X5A.apply(buffer, 0, buffer.capacity());
        final BootBlock block = block();
        if (block.tryLead() == BootBlock.LOST)
        {
            throw new IllegalStateException("no leader over 0x5a fill");
        }
        final ArrivalRoll roll = roll();
        roll.clear();
        roll.mark(0);
        block.publish(0);
        block.initRunningCount();
        block.cpuStartOther();
    }

    /** @return a fresh flyweight over the block. */
    public BootBlock block()
    {
        return new BootBlock().wrap(buffer, 0);
    }

    /** @return a fresh flyweight over the roll. */
    public ArrivalRoll roll()
    {
        return new ArrivalRoll().wrap(buffer, BootBlock.LENGTH, 2);
    }

    /**
     * The leader's reading, the runtime's own ({@link Stragglers#read}).
     *
     * @param block the leader's flyweight.
     * @param roll  the leader's flyweight.
     * @param r     r1 running_count, r2 cpu_count, r3 CPUs running_count lacks (0: no verdict), r4 CPUs named alive
     *              and not running, r5 CPUs named dead.
     */
    public static void read(final BootBlock block, final ArrivalRoll roll, final JJJJJ_Result r)
    {
        final Stragglers s = Stragglers.read(block, roll, 0, NOW_MS, LIVENESS_MS);
        r.r1 = s.running();
        r.r2 = s.count();
        r.r3 = s.lacking();
        r.r4 = s.slow().size();
        r.r5 = s.dead().size();
    }

    /**
     * CPU 1 from its arrival to the end of its arch_init, as ElectionBoot's follower writes the roll and the block:
     * heartbeat, count, mark, running_count, RUNNING heartbeat.
     *
     * @param block the follower's flyweight.
     * @param roll  the follower's flyweight.
     */
    public static void follow(final BootBlock block, final ArrivalRoll roll)
    {
        roll.arrive(1, NOW_MS);
        if (block.countMe() < 0)
        {
            block.incrementLate();
            return;
        }
        roll.mark(1);
        block.incrementRunning();
        roll.running(1, NOW_MS);
    }
}
