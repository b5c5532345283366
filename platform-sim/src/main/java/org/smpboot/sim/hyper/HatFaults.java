package org.smpboot.sim.hyper;

import org.smpboot.sim.hw.Initiator;

/** Told of each access a HAT refuses, on the refused initiator's thread: it must record, not block. */
@FunctionalInterface
public interface HatFaults
{
    /**
     * @param hat    the HAT that refused.
     * @param who    the core or device.
     * @param access what it did.
     * @param paddr  the guest address.
     * @param length bytes.
     */
    void refused(Hat hat, Initiator who, String access, long paddr, int length);
}
