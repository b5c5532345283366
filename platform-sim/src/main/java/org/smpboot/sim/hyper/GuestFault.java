package org.smpboot.sim.hyper;

import org.smpboot.sim.hw.CodeMap;

/**
 * A fault injected into one instance's software ({@code run --fault KIND:ARGS}): the kinds live with the simulator's
 * other fault kinds ({@code org.smpboot.sim.fault}), which hand the shell their parser through
 * {@link HyperSettings#faults()}.
 */
public interface GuestFault
{
    /** @return the fault as {@code --fault} writes it. */
    String spec();

    /**
     * Changes the instance's software once it is bound: wraps functions of its code map.
     *
     * @param code the instance's code map.
     */
    void install(CodeMap code);
}
