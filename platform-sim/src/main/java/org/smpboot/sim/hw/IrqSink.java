package org.smpboot.sim.hw;

/** A device with interrupt inputs: the XCU's HWI inputs, the IOPIC's inputs. */
public interface IrqSink
{
    /**
     * @param port an input number.
     * @return the line that drives it.
     */
    IrqLine input(int port);
}
