package org.smpboot.sim.hw;

import org.smpboot.sim.platform.Device;

/**
 * A device that arch_info describes and the simulator does not model (NIC, IOB, TIM, the IOC types other than BDV):
 * its address range is claimed, so an access is a bus error naming the device rather than "nothing there".
 */
public final class Unmodelled extends RegisterDevice
{
    /**
     * @param descriptor what arch_info says.
     */
    public Unmodelled(final Device descriptor)
    {
        super(descriptor, descriptor.type().functionName());
    }

    @Override
    public int read32(final Initiator who, final int offset)
    {
        throw new BusError(who, "read32", descriptor.base() + offset, name + " is not modelled by the simulator");
    }

    @Override
    public void write32(final Initiator who, final int offset, final int value)
    {
        throw new BusError(who, "write32", descriptor.base() + offset, name + " is not modelled by the simulator");
    }
}
