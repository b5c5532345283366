package org.smpboot.sim.hw;

import java.util.Map;

import org.smpboot.sim.trace.EventKind;
import org.smpboot.sim.trace.Timeline;

/**
 * Whoever issues a bus access: a core, or a device that masters the bus (BDV, DMA, IOPIC). Bus errors name it and
 * its phase; its counts say where its accesses went.
 */
public interface Initiator extends Timeline
{
    /** @return how errors name it, such as {@code core[0x01,2] gid 0x006} or {@code dma[0x00].1}. */
    String name();

    /** @return the cluster it sits in. */
    default int cxy()
    {
        return counts().cxy();
    }

    /** @return what it is doing, as set by the software it runs (the boot phase and step). */
    String phase();

    /** @return where its accesses are counted. */
    AccessCounts counts();

    /**
     * @return the address space its accesses are issued in (a hypervisor's HAT), or null for the machine's own: the
     * default, and every initiator's outside hypervisor mode.
     */
    default AddressSpace space()
    {
        return null;
    }

    /**
     * Records an instant event in the machine's trace, on this initiator's timeline, when the machine traces. Only
     * the initiator's own thread may call it.
     *
     * @param kind what happened.
     * @param name the mailbox, barrier or step concerned.
     * @param args details.
     */
    @Override
    default void trace(final EventKind kind, final String name, final Map<String, Object> args)
    {
    }
}
