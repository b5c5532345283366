package org.smpboot.sim.trace;

/** The types of boot events the trace records (its {@code cat} field in the Chrome trace). */
public enum EventKind
{
    /** A core leaves reset. */
    RESET("reset"),
    /** A phase or step begins or ends. */
    STEP("step"),
    /** A WTI mailbox written (an IPI, or the IOPIC forwarding an interrupt). */
    IPI_SENT("ipi"),
    /** A WTI mailbox read and acknowledged by the core it woke. */
    IPI_RECEIVED("ipi"),
    /** A participant arrives at a barrier. */
    BARRIER_ARRIVE("barrier"),
    /** A participant leaves a barrier. */
    BARRIER_RELEASE("barrier"),
    /** The election of the elected flavor. */
    ELECTION("election"),
    /** A stack drawn from or given back to a stack pool. */
    STACK("stack"),
    /** A core fault. */
    FAULT("fault"),
    /** A register of a hypervisor's address translation unit (HAT) or interrupt multiplexer written. */
    HAT("hat"),
    /** A block device command (a transfer started). */
    DISK("disk");

    private final String category;

    EventKind(final String category)
    {
        this.category = category;
    }

    /** @return the Chrome trace category. */
    public String category()
    {
        return category;
    }
}
