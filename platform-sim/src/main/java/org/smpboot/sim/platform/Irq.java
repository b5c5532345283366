package org.smpboot.sim.platform;

/**
 * One interrupt input of an XCU or PIC: which device, channel and direction drives it.
 *
 * @param source  the driving device's type, or null when the input is unused ({@code valid = 0}).
 * @param channel its channel.
 * @param rx      true for a receive line (TTY, NIC).
 */
public record Irq(DeviceType source, int channel, boolean rx)
{
    /** An unused input. */
    public static final Irq NONE = new Irq(null, 0, false);

    /** @return whether something drives this input. */
    public boolean valid()
    {
        return source != null;
    }
}
