package org.smpboot.sim.hw;

/** A device that drives interrupt lines: one per channel and direction, wired as arch_info's irq table says. */
public interface IrqSource
{
    /**
     * @param channel the device channel.
     * @param rx      true for the receive line (TTY, NIC), false for transmit or the device's only line.
     * @param line    where the interrupt goes.
     */
    void connectIrq(int channel, boolean rx, IrqLine line);
}
