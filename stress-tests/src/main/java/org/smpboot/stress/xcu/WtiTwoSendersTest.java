package org.smpboot.stress.xcu;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIIII_Result;
import org.smpboot.sim.hw.Xcu;

/**
 * Two senders at once on one {@link Xcu}: actor 1 writes {@value #VALUE0} into {@code WTI_REG[0]}, actor 2 writes
 * {@value #VALUE1} into {@code WTI_REG[1]}, both WTIs routed to core 0's first output. The two mailboxes are distinct
 * registers, but their activations share the XCU's one WTI word: raising WTI 0 and WTI 1 concurrently must not lose
 * either (a read-modify-write of that word without the lock would). Two writes into the same mailbox would only check
 * that one of two ints wins, which a single register store guarantees by itself; this checks the shared state.
 *
 * <p>Results, all from the arbiter after both sends: r1 = {@code WTI_ACTIVE} of output 0 (bit i: WTI i raised);
 * r2 = {@code WTI_REG[0]} (which also acknowledges WTI 0); r3 = {@code pending(0)} then, 1 or 0 (WTI 1 still
 * interrupts core 0); r4 = {@code WTI_REG[1]}; r5 = {@code pending(0)} after both acknowledges.
 */
@JCStressTest
@Description("Two WTI_REG writes to two mailboxes of one XCU: both raises survive, an acknowledge clears only its own.")
@Outcome(id = "3, 16, 1, 32, 0", expect = ACCEPTABLE,
    desc = "both WTIs raised with their values; acknowledging WTI 0 leaves WTI 1 pending, then nothing is")
@Outcome(id = "[012], -?\\d+, -?\\d+, -?\\d+, -?\\d+", expect = FORBIDDEN,
    desc = "LOST IPI: one send's raise was overwritten by the other's")
@Outcome(id = "3, -?\\d+, 0, -?\\d+, -?\\d+", expect = FORBIDDEN,
    desc = "acknowledging WTI 0 also dropped WTI 1")
@Outcome(id = "3, -?\\d+, 1, -?\\d+, 1", expect = FORBIDDEN,
    desc = "both acknowledged, yet core 0 is still interrupted")
@Outcome(expect = FORBIDDEN, desc = "a value lost or crossed between the mailboxes, or anything else")
@State
public class WtiTwoSendersTest
{
    /** WTI 0's payload. */
    static final int VALUE0 = 16;
    /** WTI 1's payload. */
    static final int VALUE1 = 32;

    private static final int CORE = 0;
    private static final int OUTPUT = LoneXcu.IRQS_PER_CORE * CORE;

    private final Xcu xcu = LoneXcu.build();

    public WtiTwoSendersTest()
    {
        LoneXcu.route(xcu, Requester.SETUP, CORE, 1 << 0 | 1 << 1);
    }

    @Actor
    public void sender0()
    {
        xcu.write32(Requester.ACTOR1, Xcu.offset(Xcu.WTI_REG, 0), VALUE0);
    }

    @Actor
    public void sender1()
    {
        xcu.write32(Requester.ACTOR2, Xcu.offset(Xcu.WTI_REG, 1), VALUE1);
    }

    @Arbiter
    public void after(final IIIII_Result r)
    {
        r.r1 = xcu.read32(Requester.ARBITER, Xcu.offset(Xcu.MSK_WTI_DISABLE, OUTPUT));
        r.r2 = xcu.read32(Requester.ARBITER, Xcu.offset(Xcu.WTI_REG, 0));
        r.r3 = xcu.pending(CORE) ? 1 : 0;
        r.r4 = xcu.read32(Requester.ARBITER, Xcu.offset(Xcu.WTI_REG, 1));
        r.r5 = xcu.pending(CORE) ? 1 : 0;
    }
}
