package org.smpboot.stress.xcu;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IZI_Result;
import org.smpboot.sim.hw.Xcu;

/**
 * A WTI mailbox of the simulated {@link Xcu} under a send racing a receive: actor 1 (the sender, a core sending an
 * IPI) writes {@value #VALUE} into {@code WTI_REG[0]}, which raises WTI 0, routed to core 0's first output; actor 2
 * (core 0, the receiver) reads {@code WTI_REG[0]}, which returns the value and acknowledges WTI 0. The mailbox starts
 * at its reset value 0, so a read of 0 means the read came first. A write is one bus access (value stored and WTI
 * raised together) and so is a read (value returned and WTI acknowledged together): the two orders are the only
 * outcomes.
 *
 * <p>Results: r1 = the value actor 2 read; r2 = {@code pending(0)} afterwards, in the arbiter (is core 0 still
 * interrupted?); r3 = the mailbox's value afterwards, read by the arbiter (the write is never lost from the
 * register).
 */
@JCStressTest
@Description("WTI_REG write (store + raise) races a WTI_REG read (load + acknowledge) on one XCU mailbox.")
@Outcome(id = "0, true, 42", expect = ACCEPTABLE, desc = "read first: 0 (reset value), the write then raised WTI 0")
@Outcome(id = "42, false, 42", expect = ACCEPTABLE, desc = "write first: the read took the value and acknowledged it")
@Outcome(id = "42, true, 42", expect = FORBIDDEN,
    desc = "DOUBLE DELIVERY: the value was read and acknowledged, yet core 0 is still interrupted")
@Outcome(id = "0, false, 42", expect = FORBIDDEN,
    desc = "LOST IPI: the read missed the value and its acknowledge dropped the write's raise")
@Outcome(id = "-?\\d+, (true|false), -?\\d+", expect = FORBIDDEN,
    desc = "a value nobody wrote, or the mailbox lost the write")
@Outcome(expect = FORBIDDEN, desc = "cannot happen")
@State
public class WtiMailboxTest
{
    /** The IPI's payload: anything but the reset value 0. */
    static final int VALUE = 42;

    private static final int WTI = 0;
    private static final int CORE = 0;
    private static final int REG = Xcu.offset(Xcu.WTI_REG, WTI);

    private final Xcu xcu = LoneXcu.build();

    public WtiMailboxTest()
    {
        LoneXcu.route(xcu, Requester.SETUP, CORE, 1 << WTI);
    }

    @Actor
    public void sender()
    {
        xcu.write32(Requester.ACTOR1, REG, VALUE);
    }

    @Actor
    public void receiver(final IZI_Result r)
    {
        r.r1 = xcu.read32(Requester.ACTOR2, REG);
    }

    @Arbiter
    public void after(final IZI_Result r)
    {
        r.r2 = xcu.pending(CORE);
        r.r3 = xcu.read32(Requester.ARBITER, REG);
    }
}
