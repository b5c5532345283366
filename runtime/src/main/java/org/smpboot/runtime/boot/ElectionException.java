package org.smpboot.runtime.boot;

/**
 * The election could not complete, for a reason that no amount of waiting fixes. Thrown in bounded time, never a hang,
 * never a silent double leader.
 */
public final class ElectionException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Case
    {
        /** asm_magic_val holds MAGIC1 and no leader ever showed a heartbeat: MAGIC1 at reset (or a leader that died at once). */
        MAGIC1_WITHOUT_LEADER,
        /** asm_magic_val holds MAGIC2 but no leader published the block: MAGIC2 at reset. */
        MAGIC2_WITHOUT_LEADER,
        /** The leader's heartbeat stopped before it released the CPUs waiting on it. */
        LEADER_DEAD
    }

    private final Case reason;

    /**
     * @param reason  the case.
     * @param message one line naming the case, the stage and the words seen.
     */
    public ElectionException(final Case reason, final String message)
    {
        super(message);
        this.reason = reason;
    }

    /** @return the case. */
    public Case reason()
    {
        return reason;
    }
}
