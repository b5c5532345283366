package org.smpboot.sim.platform;

/**
 * ALMOS-MKH device types: a 32-bit code whose 16 most significant bits are the function and 16 least significant
 * bits the implementation, {@code code = func << 16 | impl} (reference almos-mkh.md section 4.3).
 *
 * <p>Function codes: RAM 0, ROM 1, FBF 2, IOB 3, IOC 4, MMC 5, DMA 6, NIC 7, TIM 8, TXT 9, ICU 10, PIC 11.
 * Implementation codes count from 0 within a function; IOC keeps the ALMOS-MKH order BDV 0, HBA 1, SDC 2, SPI 3, RDK 4.
 */
public enum DeviceType
{
    /** RAM (SoCLib). */
    RAM_SCL(0, 0),
    /** Boot ROM (SoCLib). */
    ROM_SCL(1, 0),
    /** Frame buffer (SoCLib). */
    FBF_SCL(2, 0),
    /** I/O bridge (TSAR). */
    IOB_TSR(3, 0),
    /** Block device (BDV). */
    IOC_BDV(4, 0),
    /** AHCI disk controller (HBA). */
    IOC_HBA(4, 1),
    /** SD card controller (SDC). */
    IOC_SDC(4, 2),
    /** SPI SD card (SPI). */
    IOC_SPI(4, 3),
    /** RAM disk (RDK). */
    IOC_RDK(4, 4),
    /** Memory cache controller (TSAR). */
    MMC_TSR(5, 0),
    /** DMA engine (SoCLib). */
    DMA_SCL(6, 0),
    /** Network controller (chained buffers). */
    NIC_CBF(7, 0),
    /** Timer (SoCLib). */
    TIM_SCL(8, 0),
    /** Text terminal (TTY). */
    TXT_TTY(9, 0),
    /** Interrupt controller with timers and mailboxes (XCU). */
    ICU_XCU(10, 0),
    /** External interrupt controller (IOPIC, TSAR). */
    PIC_TSR(11, 0);

    private static final String[] FUNCTIONS = {"ram", "rom", "fbf", "iob", "ioc", "mmc", "dma", "nic", "tim", "txt",
        "icu", "pic"};

    private final int func;
    private final int impl;

    DeviceType(final int func, final int impl)
    {
        this.func = func;
        this.impl = impl;
    }

    /** @return the functional type, the 16 most significant bits of {@link #code()}. */
    public int func()
    {
        return func;
    }

    /** @return the implementation, the 16 least significant bits of {@link #code()}. */
    public int impl()
    {
        return impl;
    }

    /** @return {@code func << 16 | impl}, as stored in arch_info.bin. */
    public int code()
    {
        return func << 16 | impl;
    }

    /** @return the lower-case function name, e.g. {@code icu}: the DTB node name. */
    public String functionName()
    {
        return FUNCTIONS[func];
    }

    /**
     * @param code a stored type code.
     * @return the type, or null when no type has this code.
     */
    public static DeviceType ofCode(final int code)
    {
        for (final DeviceType t : values())
        {
            if (t.code() == code)
            {
                return t;
            }
        }
        return null;
    }
}
