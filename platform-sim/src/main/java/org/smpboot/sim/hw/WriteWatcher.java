package org.smpboot.sim.hw;

/** Told of every store into RAM before it happens; may refuse it by throwing (a {@link CoreFault}). */
@FunctionalInterface
public interface WriteWatcher
{
    /**
     * @param who   the initiator.
     * @param paddr first byte written.
     * @param len   bytes written.
     */
    void beforeWrite(Initiator who, long paddr, int len);
}
