package org.smpboot.sim.hw;

/**
 * The address space an initiator's accesses are issued in, when it is not the machine's: what a hypervisor's HAT
 * (hardware address translation) makes of a core or a DMA. The {@link Bus} routes every access of an initiator whose
 * {@link Initiator#space()} is set through {@link #translate}, before it reaches a bank or a register; a core's jumps
 * resolve in {@link #code()} and its id register reads {@link #gid(int)}.
 *
 * <p>Implementations are called from the initiator's own thread on every access: they must be thread safe and must
 * not block.
 */
public interface AddressSpace
{
    /**
     * @param who    the initiator.
     * @param access what it does, such as {@code read32}, for the fault it may raise.
     * @param paddr  the 40-bit address it issued, in this space.
     * @param length bytes accessed from {@code paddr} (0 for a bulk access of nothing).
     * @return the machine address the access goes to; the whole range maps contiguously.
     * @throws BusError when the access leaves the space: nothing is read or written.
     */
    long translate(Initiator who, String access, long paddr, int length);

    /**
     * @param machineGid a core's hardware id.
     * @return what its id register reads in this space.
     */
    int gid(int machineGid);

    /** @return the functions a core of this space jumps to: its software's, bound to its own state. */
    CodeMap code();
}
