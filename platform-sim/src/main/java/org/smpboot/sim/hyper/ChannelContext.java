package org.smpboot.sim.hyper;

import java.util.Map;

import org.smpboot.sim.hw.AccessCounts;
import org.smpboot.sim.hw.AccessMatrix;
import org.smpboot.sim.hw.AddressSpace;
import org.smpboot.sim.hw.Bus;
import org.smpboot.sim.hw.Clock;
import org.smpboot.sim.hw.DeviceContext;
import org.smpboot.sim.hw.Initiator;
import org.smpboot.sim.hw.Machine;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.trace.EventKind;

/**
 * What the device models of an instance's channels see: the machine, with the channel's own set-up (its disk image,
 * its TTY log directory) and bus initiators behind the instance's I/O HAT, so that the block device's transfers and
 * the IOPIC's mailbox writes go to guest addresses.
 */
final class ChannelContext implements DeviceContext
{
    private final Machine machine;
    private final MachineConfig config;
    private final AddressSpace space;

    /**
     * @param machine the machine.
     * @param config  the channel's set-up.
     * @param space   the HAT the channel's initiators issue their accesses through.
     */
    ChannelContext(final Machine machine, final MachineConfig config, final AddressSpace space)
    {
        this.machine = machine;
        this.config = config;
        this.space = space;
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
    public Processor processor(final int cxy, final int lid)
    {
        return machine.processor(cxy, lid);
    }

    @Override
    public Initiator initiator(final String name, final int cxy)
    {
        final Initiator counted = machine.initiator(name, cxy);
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
