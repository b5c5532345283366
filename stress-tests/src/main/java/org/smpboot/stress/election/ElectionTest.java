package org.smpboot.stress.election;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.atomic.AtomicLong;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.smpboot.runtime.boot.BootBlock;
import org.smpboot.runtime.boot.Magic;
import org.smpboot.stress.BootMemory;
import org.smpboot.runtime.region.Fill;

/**
 * Two CPUs race for {@code asm_magic_val} holding reset content that is not a magic value. Exactly one wins, and the
 * word then holds MAGIC1. Successive states cycle through the reset patterns a simulator or a previous run leaves:
 * r1 = 0 zero, 1 0x5a.., 2 0xa5.., 3 random garbage.
 */
@JCStressTest
@Description("Election from reset garbage: exactly one leader, and asm_magic_val ends at MAGIC1.")
@Outcome(id = "[0-3], 1, 0, 1", expect = ACCEPTABLE, desc = "CPU 1 is the leader")
@Outcome(id = "[0-3], 0, 1, 1", expect = ACCEPTABLE, desc = "CPU 2 is the leader")
@Outcome(id = "[0-3], 1, 1, .*", expect = FORBIDDEN, desc = "two leaders")
@Outcome(id = "[0-3], 0, 0, .*", expect = FORBIDDEN, desc = "no leader although the word held no magic")
@Outcome(expect = FORBIDDEN, desc = "a leader but asm_magic_val is not MAGIC1 afterwards")
@State
public class ElectionTest
{
    private static final Fill[] FILLS = {Fill.ZERO, Fill.X5A, Fill.XA5, null};
    private static final AtomicLong STATES = new AtomicLong();

    private final int fill;
    private final BootBlock block;

    public ElectionTest()
    {
        final long n = STATES.getAndIncrement();
        fill = (int)(n & 3);
        block = BootMemory.block(FILLS[fill] != null ? FILLS[fill] : Fill.random(n * 0x9e3779b97f4a7c15L));
    }

    @Actor
    public void cpu1(final IIII_Result r)
    {
        r.r2 = (block.tryLead() != BootBlock.LOST) ? 1 : 0;
    }

    @Actor
    public void cpu2(final IIII_Result r)
    {
        r.r3 = (block.tryLead() != BootBlock.LOST) ? 1 : 0;
    }

    @Arbiter
    public void word(final IIII_Result r)
    {
        r.r1 = fill;
        r.r4 = block.asmMagicVal() == Magic.MAGIC1 ? 1 : 0;
    }
}
