package org.smpboot.sim.boot;

import org.smpboot.sim.hw.Machine;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.platform.Platform;

/**
 * A negative control for {@code LayerTest} (test code, never on the boot's path): a boot step written the forbidden
 * ways, reading the host's description of the platform instead of arch_info.bin. {@code LayerRulesCatchTest} checks
 * that each rule the boot software is held to names it.
 */
final class HostPeekingStep
{
    private HostPeekingStep()
    {
    }

    /** The core count from the host's description: what the seed's count "not known in advance" forbids. */
    static int cores(final Platform hard)
    {
        return hard.cores().size();
    }

    /** The same, asked of the machine. */
    static int coresOf(final Machine machine)
    {
        return machine.processors().size();
    }

    /** The machine's configuration, a host object. */
    static boolean quiet(final MachineConfig config)
    {
        return config.console() == null;
    }
}
