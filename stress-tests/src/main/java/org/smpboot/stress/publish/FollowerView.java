package org.smpboot.stress.publish;

import org.openjdk.jcstress.infra.results.JJJJJ_Result;
import org.smpboot.runtime.boot.BootBlock;
import org.smpboot.runtime.boot.Magic;

/** What a follower reads once it acquires asm_magic_val, in the order ElectionBoot's follower reads it. */
public final class FollowerView
{
    private FollowerView()
    {
    }

    /**
     * @param block the follower's flyweight.
     * @param r     (saw MAGIC2, start_bar, cpu_count, bs_cpuid, published check), all -1 but r1 when MAGIC2 is unseen.
     */
    public static void read(final BootBlock block, final JJJJJ_Result r)
    {
        if (block.asmMagicVal() != Magic.MAGIC2)
        {
            r.r1 = 0;
            r.r2 = r.r3 = r.r4 = r.r5 = -1;
            return;
        }
        r.r1 = 1;
        r.r5 = block.isPublished() ? 1 : 0;
        r.r4 = block.bsCpuid();
        r.r3 = block.cpuCount();
        r.r2 = block.startBar();
    }
}
