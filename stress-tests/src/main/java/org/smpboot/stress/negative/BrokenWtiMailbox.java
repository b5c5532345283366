package org.smpboot.stress.negative;

/**
 * A WTI mailbox of {@code org.smpboot.sim.hw.Xcu} without its lock: every field access is atomic and ordered
 * (volatile), but a send stores the value and then raises the WTI bit, and a receive loads the value and then clears
 * the bit, each a separate step, the bit by a read-modify-write of the shared activation word. Between the two steps
 * of one side the other side runs whole, so a receive can take the value and acknowledge before the send raises
 * (double delivery), or load the old value and acknowledge the send's raise (lost IPI). The real XCU does each access
 * under its monitor, as the bus does each access whole.
 */
final class BrokenWtiMailbox
{
    private final int mask;
    private volatile int value;
    private volatile int active;

    /**
     * @param mask the WTIs routed to the core watched by {@link #pending()}.
     */
    BrokenWtiMailbox(final int mask)
    {
        this.mask = mask;
    }

    /**
     * {@code WTI_REG[wti]} written: stores the value, then raises the WTI. The bug: two steps, no lock.
     *
     * @param wti the mailbox; all of them share one value slot here, the tests use one.
     * @param v   the value.
     */
    void write(final int wti, final int v)
    {
        value = v;
        active = active | 1 << wti;
    }

    /**
     * {@code WTI_REG[wti]} read: loads the value, then acknowledges the WTI. The bug: two steps, no lock.
     *
     * @param wti the mailbox.
     * @return the value.
     */
    int read(final int wti)
    {
        final int v = value;
        active = active & ~(1 << wti);
        return v;
    }

    /** @return whether a raised WTI is routed to the watched core. */
    boolean pending()
    {
        return (active & mask) != 0;
    }
}
