package org.smpboot.sim.hw;

import org.smpboot.sim.platform.Platform;

/** What a device model may use from the machine it is part of. */
public interface DeviceContext
{
    /** @return the platform description. */
    Platform platform();

    /** @return the set-up. */
    MachineConfig config();

    /** @return the bus, for devices that master it (BDV, DMA, IOPIC). */
    Bus bus();

    /** @return the cycle clock (XCU timers). */
    Clock clock();

    /** @return who runs when ({@link Schedule#PARALLEL} unless the machine runs deterministically). */
    default Schedule schedule()
    {
        return Schedule.PARALLEL;
    }

    /**
     * @param cxy a cluster.
     * @param lid a core index.
     * @return the core, or null when the cluster has no such core.
     */
    Processor processor(int cxy, int lid);

    /**
     * @param name how bus errors name the device as an initiator, such as {@code bdv[0x00]}.
     * @param cxy  its cluster.
     * @return an initiator whose accesses are counted with the machine's.
     */
    Initiator initiator(String name, int cxy);

    /** @return the accesses of every core and device so far (the MMC's instrumentation counters read it). */
    AccessMatrix accesses();
}
