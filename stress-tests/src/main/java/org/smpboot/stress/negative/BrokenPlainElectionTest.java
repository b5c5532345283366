package org.smpboot.stress.negative;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.agrona.concurrent.AtomicBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.smpboot.runtime.boot.BootBlock;
import org.smpboot.runtime.boot.Magic;
import org.smpboot.runtime.region.Fill;
import org.smpboot.stress.BootMemory;

/**
 * NEGATIVE CONTROL (must FAIL): the election of {@code ElectionTest} with the CAS replaced by a read, a check and a plain
 * write. Both CPUs can read the garbage before either writes MAGIC1, and both lead: jcstress must see "1, 1".
 */
@JCStressTest
@Description("Broken twin of ElectionTest: read-then-write instead of CAS elects two leaders.")
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "CPU 1 is the leader")
@Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "CPU 2 is the leader")
@Outcome(id = "1, 1, 1", expect = FORBIDDEN, desc = "two leaders: the control is caught")
@Outcome(expect = FORBIDDEN, desc = "no leader, or the word is not MAGIC1")
@State
public class BrokenPlainElectionTest
{
    private final BootBlock block = BootMemory.block(Fill.X5A);

    @Actor
    public void cpu1(final III_Result r)
    {
        r.r1 = plainLead() ? 1 : 0;
    }

    @Actor
    public void cpu2(final III_Result r)
    {
        r.r2 = plainLead() ? 1 : 0;
    }

    @Arbiter
    public void word(final III_Result r)
    {
        r.r3 = block.asmMagicVal() == Magic.MAGIC1 ? 1 : 0;
    }

    private boolean plainLead()
    {
        final AtomicBuffer buffer = block.buffer();
        final long seen = buffer.getLongVolatile(BootBlock.ASM_MAGIC_VAL);
        if (seen == Magic.MAGIC1 || seen == Magic.MAGIC2)
        {
            return false;
        }
        buffer.putLongVolatile(BootBlock.ASM_MAGIC_VAL, Magic.MAGIC1); // the bug: not conditional on `seen`
        return true;
    }
}
