package org.smpboot.sim.hw;

/**
 * Whoever issues a bus access: a core, or a device that masters the bus (BDV, DMA, IOPIC). Bus errors name it and
 * its phase; its counts say where its accesses went.
 */
public interface Initiator
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
}
