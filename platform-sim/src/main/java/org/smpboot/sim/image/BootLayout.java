package org.smpboot.sim.image;

import java.util.Locale;

/**
 * The two memory-layout presets of DESIGN.md 3.4: where the boot-loader is linked. The kernel's kcode is staged at
 * {@link #KCODE_BASE} in both (almos-mk moves it to 0x0 in phase 4, which is the simulator's business, not the ELF's).
 */
public enum BootLayout
{
    /** Seed 001 and the older table of seed 003: boot-loader code at 0x100000. */
    ALMOS_MK("almos-mk", 0x10_0000),
    /** Seed 003, version 43: boot-loader code at 0x200000. */
    ALMOS_MKH("almos-mkh", 0x20_0000);

    /** Where kernel.elf's kcode is linked: just above the 16 KB preloader zone. */
    public static final int KCODE_BASE = 0x4000;
    /** Size of the boot-loader zone. */
    public static final int BOOT_ZONE_SIZE = 0x10_0000;

    private final String cliName;
    private final int bootBase;

    BootLayout(final String cliName, final int bootBase)
    {
        this.cliName = cliName;
        this.bootBase = bootBase;
    }

    /**
     * @return the name on the command line.
     */
    public String cliName()
    {
        return cliName;
    }

    /**
     * @return the address of the boot-loader code zone.
     */
    public int bootBase()
    {
        return bootBase;
    }

    /**
     * @param name {@code almos-mk} or {@code almos-mkh}.
     * @return the preset.
     * @throws IllegalArgumentException for any other name.
     */
    public static BootLayout of(final String name)
    {
        for (BootLayout l : values())
        {
            if (l.cliName.equals(name.toLowerCase(Locale.ROOT)))
            {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown layout '" + name + "', expected almos-mk or almos-mkh");
    }
}
