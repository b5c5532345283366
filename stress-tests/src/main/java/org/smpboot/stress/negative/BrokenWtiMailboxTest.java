package org.smpboot.stress.negative;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IZI_Result;

/**
 * NEGATIVE CONTROL (must FAIL): the script and outcomes of {@code org.smpboot.stress.xcu.WtiMailboxTest} on
 * {@link BrokenWtiMailbox}, whose send and receive are two unlocked steps each. jcstress must see "42, true, 42"
 * (the receive slipped between the send's store and its raise: acknowledged yet pending) or "0, false, 42" (the send
 * slipped between the receive's load and its acknowledge: the IPI is lost). If this test ever passes, the XCU test
 * does not exercise the race and proves nothing.
 *
 * <p>Results: r1 = the value actor 2 read; r2 = pending afterwards (arbiter); r3 = the mailbox's value afterwards.
 */
@JCStressTest
@Description("Broken twin of WtiMailboxTest: store-then-raise and load-then-acknowledge without a lock.")
@Outcome(id = "0, true, 42", expect = ACCEPTABLE, desc = "read first: 0 (reset value), the write then raised WTI 0")
@Outcome(id = "42, false, 42", expect = ACCEPTABLE, desc = "write first: the read took the value and acknowledged it")
@Outcome(id = "42, true, 42", expect = FORBIDDEN,
    desc = "DOUBLE DELIVERY: the value was read and acknowledged, yet core 0 is still interrupted (caught)")
@Outcome(id = "0, false, 42", expect = FORBIDDEN,
    desc = "LOST IPI: the read missed the value and its acknowledge dropped the write's raise (caught)")
@Outcome(expect = FORBIDDEN, desc = "cannot happen")
@State
public class BrokenWtiMailboxTest
{
    private static final int VALUE = 42;
    private static final int WTI = 0;

    private final BrokenWtiMailbox mailbox = new BrokenWtiMailbox(1 << WTI);

    @Actor
    public void sender()
    {
        mailbox.write(WTI, VALUE);
    }

    @Actor
    public void receiver(final IZI_Result r)
    {
        r.r1 = mailbox.read(WTI);
    }

    @Arbiter
    public void after(final IZI_Result r)
    {
        r.r2 = mailbox.pending();
        r.r3 = mailbox.read(WTI);
    }
}
