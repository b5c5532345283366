package org.smpboot.sim.hw;

/** The interrupt controller of a cluster as its cores see it: the output lines wired to each core. */
public interface CoreInterrupts
{
    /**
     * @param lid a core of the cluster.
     * @return whether any of the core's output lines is asserted now (what ends a {@code wait}).
     */
    boolean pending(int lid);
}
