package org.smpboot.sim.platform;

/**
 * One device. Its interrupt inputs (XCU, PIC) are the slice {@code irqOffset .. irqOffset + irqs} of
 * {@link Platform#irqs()}; entry {@code irqOffset + port} says what drives input {@code port}.
 *
 * @param base      40-bit physical base address, {@code cxy << 32 | local}.
 * @param size      bytes.
 * @param type      what it is.
 * @param channels  channels (TTY lines, NIC channels, XCU outputs, PIC inputs).
 * @param arg0      type-specific (XCU: HWI count; FBF: width).
 * @param arg1      type-specific (XCU: PTI count; FBF: height).
 * @param arg2      type-specific (XCU: WTI count).
 * @param arg3      type-specific (XCU: outputs).
 * @param irqs      interrupt inputs described.
 * @param irqOffset index of the first in {@link Platform#irqs()}.
 */
public record Device(long base, long size, DeviceType type, int channels, int arg0, int arg1, int arg2, int arg3,
    int irqs, int irqOffset)
{
    /** @return the cluster holding the device, bits 39..32 of its base. */
    public int cxy()
    {
        return (int)(base >>> 32);
    }
}
