package org.smpboot.stress.negative;

import org.agrona.concurrent.AtomicBuffer;
import org.smpboot.stress.BootMemory;

/**
 * A WTI mailbox of {@code org.smpboot.sim.hw.Xcu} without its lock: every word access is atomic and ordered
 * (volatile), but a send stores the value and then raises the WTI bit, and a receive loads the value and then clears
 * the bit, each a separate step, the bit by a read-modify-write of the shared activation word. Between the two steps
 * of one side the other side runs whole, so a receive can take the value and acknowledge before the send raises
 * (double delivery), or load the old value and acknowledge the send's raise (lost IPI). The real XCU does each access
 * under its monitor, as the bus does each access whole.
 *
 * <p>Layout: {@link #LENGTH} bytes of a buffer from {@link BootMemory#heap} (so the schedule checker can run it):
 * {@code +0 int value} (one value slot shared by every mailbox; the tests use one), {@code +8 int active} (bit
 * {@code wti} raised). Every access is volatile, so the bug is the missing atomicity alone.
 */
final class BrokenWtiMailbox
{
    /** Bytes of the mailbox. */
    static final int LENGTH = 16;
    private static final int VALUE = 0;
    private static final int ACTIVE = 8;

    private final int mask;
    private final AtomicBuffer buffer = BootMemory.heap(LENGTH);

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
     * @param wti the mailbox.
     * @param v   the value.
     */
    void write(final int wti, final int v)
    {
        buffer.putIntVolatile(VALUE, v);
        buffer.putIntVolatile(ACTIVE, buffer.getIntVolatile(ACTIVE) | 1 << wti);
    }

    /**
     * {@code WTI_REG[wti]} read: loads the value, then acknowledges the WTI. The bug: two steps, no lock.
     *
     * @param wti the mailbox.
     * @return the value.
     */
    int read(final int wti)
    {
        final int v = buffer.getIntVolatile(VALUE);
        buffer.putIntVolatile(ACTIVE, buffer.getIntVolatile(ACTIVE) & ~(1 << wti));
        return v;
    }

    /** @return whether a raised WTI is routed to the watched core. */
    boolean pending()
    {
        return (buffer.getIntVolatile(ACTIVE) & mask) != 0;
    }
}
