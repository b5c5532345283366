package org.smpboot.sim.hw;

import org.smpboot.sim.platform.Device;

/** What every device model has: the arch_info descriptor it was built from, and the name errors and logs use. */
public abstract class RegisterDevice implements MappedDevice
{
    /** What arch_info says about the device. */
    protected final Device descriptor;
    /** How errors name it, such as {@code xcu[0x01]}. */
    protected final String name;

    /**
     * @param descriptor what arch_info says.
     * @param kind       the short name, such as {@code xcu}, suffixed with the cluster.
     */
    protected RegisterDevice(final Device descriptor, final String kind)
    {
        this.descriptor = descriptor;
        this.name = String.format("%s[0x%02x]", kind, descriptor.cxy());
    }

    @Override
    public final Device descriptor()
    {
        return descriptor;
    }

    @Override
    public final String name()
    {
        return name;
    }
}
