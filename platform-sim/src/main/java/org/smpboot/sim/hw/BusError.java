package org.smpboot.sim.hw;

/**
 * An access that nothing answers, or that its target refuses: names the initiator, the access, the address and
 * the initiator's phase, in one line.
 */
public final class BusError extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** The physical address refused. */
    private final long address;

    /**
     * @param who     the initiator.
     * @param access  what it did, such as {@code read32}.
     * @param address the physical address.
     * @param reason  why it failed.
     */
    public BusError(final Initiator who, final String access, final long address, final String reason)
    {
        super("bus error: " + who.name() + " " + access + " at " + PhysicalAddress.format(address) + " in phase '" +
            who.phase() + "': " + reason);
        this.address = address;
    }

    /** @return the physical address. */
    public long address()
    {
        return address;
    }
}
