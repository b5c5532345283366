package org.smpboot.stress.seal;

import org.openjdk.jcstress.infra.results.JJJJJ_Result;
import org.smpboot.runtime.boot.BootBlock;
import org.smpboot.runtime.region.Fill;
import org.smpboot.stress.BootMemory;

/** The boot block at the moment the leader may seal, and the follower's side, shared by the seal test and its twin. */
public final class SealScenario
{
    private SealScenario()
    {
    }

    /** @return a block elected and published by CPU 0 over 0x5a garbage, with running_count = cpu_count = 1. */
    public static BootBlock leaderRunningAlone()
    {
        final BootBlock block = BootMemory.block(Fill.X5A);
        if (!(block.tryLead() != BootBlock.LOST))
        {
            throw new IllegalStateException("no leader over 0x5a fill");
        }
        block.publish(0);
        block.initRunningCount();
        block.cpuStartOther();
        return block;
    }

    /**
     * A follower arriving, as ElectionBoot's follower does: count itself, or record itself LATE.
     *
     * @param block the follower's flyweight.
     * @return its count position, or -1 when LATE.
     */
    public static long arrive(final BootBlock block)
    {
        final long position = block.countMe();
        if (position < 0)
        {
            block.incrementLate();
        }
        return position;
    }

    /**
     * @param block the block after both CPUs acted.
     * @param r     r3 cpu_count, r4 sealed (1/0), r5 late_count.
     */
    public static void record(final BootBlock block, final JJJJJ_Result r)
    {
        r.r3 = block.cpuCount();
        r.r4 = block.isSealed() ? 1 : 0;
        r.r5 = block.lateCount();
    }
}
