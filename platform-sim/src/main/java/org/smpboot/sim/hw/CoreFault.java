package org.smpboot.sim.hw;

/** What stops a core: a jump to nowhere, a wait that timed out, a bus error, a broken protocol. */
public final class CoreFault extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** The faulting core's gid: whoever collects faults can tell a left-out core's from the boot's cause. */
    private final int gid;
    /**
     * Whether the fault names another core's as its cause (a core told that its leader gave the boot up): that other
     * fault is the boot's cause, even when this one is recorded first (the leader publishes that it gave up before its
     * own fault reaches the machine's list).
     */
    private final boolean consequence;

    /**
     * @param core   the core.
     * @param detail what happened.
     */
    public CoreFault(final Processor core, final String detail)
    {
        this(core, detail, false);
    }

    /**
     * @param core        the core.
     * @param detail      what happened.
     * @param consequence whether it happened because another core faulted, which says why.
     */
    public CoreFault(final Processor core, final String detail, final boolean consequence)
    {
        super(core.name() + " fault in phase '" + core.phase() + "': " + detail);
        this.gid = core.gid();
        this.consequence = consequence;
    }

    /**
     * @param core  the core.
     * @param cause the error that stopped it.
     */
    public CoreFault(final Processor core, final Throwable cause)
    {
        super(cause instanceof BusError ? cause.getMessage() :
            core.name() + " fault in phase '" + core.phase() + "': " + cause, cause);
        this.gid = core.gid();
        this.consequence = false;
    }

    /** @return the gid of the core that faulted. */
    public int gid()
    {
        return gid;
    }

    /** @return whether another core's fault caused this one and says why (it is never the boot's cause). */
    public boolean consequence()
    {
        return consequence;
    }
}
