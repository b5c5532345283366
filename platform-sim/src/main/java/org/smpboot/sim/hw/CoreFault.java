package org.smpboot.sim.hw;

/** What stops a core: a jump to nowhere, a wait that timed out, a bus error, a broken protocol. */
public final class CoreFault extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** The faulting core's gid: whoever collects faults can tell a left-out core's from the boot's cause. */
    private final int gid;

    /**
     * @param core   the core.
     * @param detail what happened.
     */
    public CoreFault(final Processor core, final String detail)
    {
        super(core.name() + " fault in phase '" + core.phase() + "': " + detail);
        this.gid = core.gid();
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
    }

    /** @return the gid of the core that faulted. */
    public int gid()
    {
        return gid;
    }
}
