package org.smpboot.sim.hw;

/** One interrupt wire, driven by a device output, into an XCU HWI or an IOPIC input. */
@FunctionalInterface
public interface IrqLine
{
    /** A wire to nothing. */
    IrqLine NONE = level -> { };

    /**
     * @param level true while the source asserts the interrupt (level-triggered, as TSAR's lines are).
     */
    void set(boolean level);
}
