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

/**
 * Two CPUs race for {@code asm_magic_val} that already holds a magic value at reset (r1 = 0 MAGIC1, 1 MAGIC2): nobody
 * may win, and the word must keep its value (the followers' bounded waits then report the case by name).
 */
@JCStressTest
@Description("Election over MAGIC1 or MAGIC2 found at reset: no leader, and the word is left untouched.")
@Outcome(id = "[01], 0, 0, 1", expect = ACCEPTABLE, desc = "nobody leads; the word still holds the magic it held")
@Outcome(id = "[01], 1, 0, .*", expect = FORBIDDEN, desc = "CPU 1 led over a magic value")
@Outcome(id = "[01], 0, 1, .*", expect = FORBIDDEN, desc = "CPU 2 led over a magic value")
@Outcome(id = "[01], 1, 1, .*", expect = FORBIDDEN, desc = "both led over a magic value")
@Outcome(expect = FORBIDDEN, desc = "nobody led, yet the word changed")
@State
public class ElectionOverMagicTest
{
    private static final long[] MAGICS = {Magic.MAGIC1, Magic.MAGIC2};
    private static final AtomicLong STATES = new AtomicLong();

    private final int magic;
    private final BootBlock block;

    public ElectionOverMagicTest()
    {
        magic = (int)(STATES.getAndIncrement() & 1);
        block = BootMemory.block(magic == 0 ? Magic.FILL_MAGIC1 : Magic.FILL_MAGIC2);
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
        r.r1 = magic;
        r.r4 = block.asmMagicVal() == MAGICS[magic] ? 1 : 0;
    }
}
