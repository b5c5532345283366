package org.smpboot.sim.image;

import java.util.List;

import org.smpboot.sim.image.ArchInfo.Irq;

/**
 * One {@code boot_device_t} of a {@link BootInfo}: what the kernel learns about a device.
 *
 * @param base     40-bit physical base.
 * @param type     the device type.
 * @param channels channels.
 * @param param0   arch_info arg0.
 * @param param1   arch_info arg1.
 * @param param2   arch_info arg2.
 * @param param3   arch_info arg3.
 * @param irqs     its interrupt inputs (XCU HWI, PIC inputs), at most {@link BootInfo#MAX_IRQS}.
 */
public record BootDevice(long base, DevType type, int channels, int param0, int param1, int param2, int param3,
    List<Irq> irqs)
{
    /**
     * Copies the list.
     *
     * @param base     40-bit physical base.
     * @param type     the device type.
     * @param channels channels.
     * @param param0   arch_info arg0.
     * @param param1   arch_info arg1.
     * @param param2   arch_info arg2.
     * @param param3   arch_info arg3.
     * @param irqs     its interrupt inputs (XCU HWI, PIC inputs), at most {@link BootInfo#MAX_IRQS}.
     */
    public BootDevice
    {
        irqs = List.copyOf(irqs);
    }
}
