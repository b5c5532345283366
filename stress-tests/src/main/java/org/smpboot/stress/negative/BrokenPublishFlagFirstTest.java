package org.smpboot.stress.negative;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.agrona.concurrent.AtomicBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJJJ_Result;
import org.smpboot.runtime.boot.BootBlock;
import org.smpboot.runtime.boot.Magic;
import org.smpboot.runtime.region.Fill;
import org.smpboot.stress.BootMemory;
import org.smpboot.stress.publish.FollowerView;

/**
 * NEGATIVE CONTROL (must FAIL): {@code PublicationTest} with a leader that stores MAGIC2 before the words it is meant to
 * publish. A plain store after the data would not do as a control on x86, whose stores are not reordered in hardware
 * and rarely by the JIT; writing the flag first is the reordering made certain, so the test must see a follower with
 * MAGIC2 and garbage words.
 */
@JCStressTest
@Description("Broken twin of PublicationTest: MAGIC2 stored before start_bar, cpu_count and bs_cpuid.")
@Outcome(id = "0, -1, -1, -1, -1", expect = ACCEPTABLE, desc = "MAGIC2 not seen yet")
@Outcome(id = "1, 0, 1, 7, 1", expect = ACCEPTABLE, desc = "MAGIC2 seen, with the leader's words")
@Outcome(expect = FORBIDDEN, desc = "MAGIC2 seen with stale words: the control is caught")
@State
public class BrokenPublishFlagFirstTest
{
    private static final long BOOT_CHECK_7 = bootCheckOf(7);

    private final BootBlock leader = BootMemory.block(Fill.X5A);
    private final BootBlock follower = new BootBlock().wrap(leader.buffer(), leader.offset());

    public BrokenPublishFlagFirstTest()
    {
        if (!(leader.tryLead() != BootBlock.LOST))
        {
            throw new IllegalStateException("no leader over 0x5a fill");
        }
    }

    @Actor
    public void leader()
    {
        final AtomicBuffer buffer = leader.buffer();
        buffer.putLongRelease(BootBlock.ASM_MAGIC_VAL, Magic.MAGIC2); // the bug: the flag before the data
        buffer.putLong(BootBlock.START_BAR, 0);
        buffer.putLong(BootBlock.CPU_COUNT, 1);
        buffer.putLong(BootBlock.BS_CPUID, 7);
        buffer.putLong(BootBlock.BOOT_CHECK, BOOT_CHECK_7);
    }

    @Actor
    public void follower(final JJJJJ_Result r)
    {
        FollowerView.read(follower, r);
    }

    /** BootBlock.bootCheck is package-private: read the value a correct publish writes for the same leader. */
    private static long bootCheckOf(final int cpu)
    {
        final BootBlock probe = BootMemory.block(Fill.ZERO);
        probe.publish(cpu);
        return probe.buffer().getLong(BootBlock.BOOT_CHECK);
    }
}
