package org.smpboot.sim.boot;

import org.smpboot.sim.trace.BootPhase;

/** Told by the boot-loader when a cluster's memory holds what a phase leaves there. */
@FunctionalInterface
public interface MemoryMapRecorder
{
    /**
     * @param phase the phase just completed for that cluster.
     * @param cxy   the cluster, or -1 for every cluster with RAM (when only one core has run).
     */
    void record(BootPhase phase, int cxy);
}
