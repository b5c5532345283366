package org.smpboot.sim.hw;

import java.util.Map;

import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.trace.EventKind;

/**
 * What a device model behind a HAT sees: the machine, with the device's own set-up (a channel's disk image, its TTY
 * log directory) and bus initiators whose accesses go through the given address space, so that a block device's
 * transfers and an IOPIC's mailbox writes are issued in an instance's numbering.
 */
public final class HatContext implements DeviceContext
{
    private final Machine machine;
    private final MachineConfig config;
    private final AddressSpace space;
    private final String label;

    /**
     * @param machine the machine.
     * @param config  the device's set-up.
     * @param space   the HAT its initiators issue their accesses through.
     * @param label   added to its initiators' names, such as {@code IOC channel 3}: the hypervisor's channel
     *                devices all sit in one cluster.
     */
    public HatContext(final Machine machine, final MachineConfig config, final AddressSpace space, final String label)
    {
        this.machine = machine;
        this.config = config;
        this.space = space;
        this.label = label;
    }

    @Override
    public Platform platform()
    {
        return machine.platform();
    }

    @Override
    public MachineConfig config()
    {
        return config;
    }

    @Override
    public Bus bus()
    {
        return machine.bus();
    }

    @Override
    public Clock clock()
    {
        return machine.clock();
    }

    @Override
    public Schedule schedule()
    {
        return machine.schedule();
    }

    @Override
    public Processor processor(final int cxy, final int lid)
    {
        return machine.processor(cxy, lid);
    }

    @Override
    public Initiator initiator(final String name, final int cxy)
    {
        final Initiator counted = machine.initiator(name + " (" + label + ")", cxy);
        return new Initiator()
        {
            @Override
            public String name()
            {
                return counted.name();
            }

            @Override
            public String phase()
            {
                return counted.phase();
            }

            @Override
            public AccessCounts counts()
            {
                return counted.counts();
            }

            @Override
            public AddressSpace space()
            {
                return space;
            }

            @Override
            public void trace(final EventKind kind, final String what, final Map<String, Object> args)
            {
                counted.trace(kind, what, args);
            }
        };
    }

    @Override
    public AccessMatrix accesses()
    {
        return machine.accesses();
    }
}
