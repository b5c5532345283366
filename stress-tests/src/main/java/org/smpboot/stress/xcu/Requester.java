package org.smpboot.stress.xcu;

import org.smpboot.sim.hw.AccessCounts;
import org.smpboot.sim.hw.Initiator;

/**
 * The initiator a jcstress role presents to the XCU, in place of a core. The XCU only names it in bus errors and
 * traces through it (a no-op here); the counts are the bus's business, so they stay untouched. There is still one per
 * role, never shared between actors, because {@link AccessCounts} is single-writer per initiator.
 */
final class Requester implements Initiator
{
    /** Actor 1's. */
    static final Requester ACTOR1 = new Requester("jcstress.actor1");
    /** Actor 2's. */
    static final Requester ACTOR2 = new Requester("jcstress.actor2");
    /** The arbiter's. */
    static final Requester ARBITER = new Requester("jcstress.arbiter");
    /** The state constructor's (the mask set-up). */
    static final Requester SETUP = new Requester("jcstress.setup");

    private final String name;
    private final AccessCounts counts = new AccessCounts(0);

    private Requester(final String name)
    {
        this.name = name;
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public String phase()
    {
        return "jcstress";
    }

    @Override
    public AccessCounts counts()
    {
        return counts;
    }
}
