package org.smpboot.sim.hw;

import org.smpboot.sim.platform.Device;

/** Makes the model of each device arch_info describes (RAM is a {@link Bank}, not a device). */
final class DeviceFactory
{
    private DeviceFactory()
    {
    }

    /**
     * @param d   the descriptor.
     * @param ctx the machine.
     * @return its model.
     */
    static MappedDevice create(final Device d, final DeviceContext ctx)
    {
        return switch (d.type())
        {
            case ICU_XCU -> new Xcu(d, ctx);
            case PIC_TSR -> new Iopic(d, ctx);
            case TXT_TTY -> new Tty(d, ctx);
            case IOC_BDV -> new Bdv(d, ctx);
            case MMC_TSR -> new Mmc(d, ctx);
            case DMA_SCL -> new Dma(d, ctx);
            case FBF_SCL -> new Fbf(d);
            case ROM_SCL -> new Rom(d);
            default -> new Unmodelled(d);
        };
    }
}
