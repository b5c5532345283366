package org.smpboot.sim.hw;

/**
 * The Java behaviour bound to a function symbol of a loaded image: what a core does when it jumps there.
 */
@FunctionalInterface
public interface CodeEntry
{
    /**
     * @param core the core that jumped here.
     * @return the 32-bit address to jump to next (resolved with the core's INSTRUCTION extension register), or
     * {@link Processor#HALT} to stop the core.
     */
    long run(Processor core);
}
