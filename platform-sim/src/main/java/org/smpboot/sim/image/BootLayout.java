package org.smpboot.sim.image;

import java.util.Locale;

/**
 * The two memory-layout presets of DESIGN.md 3.4, the same in every cluster (local physical addresses):
 *
 * <table>
 * <caption>zones</caption>
 * <tr><th>zone</th><th>almos-mk (seed 001)</th><th>almos-mkh (seed 003, version 43)</th></tr>
 * <tr><td>preloader</td><td>0x0, 16 KB</td><td>0x0, 16 KB</td></tr>
 * <tr><td>kernel kcode + kdata</td><td>0x0 after phase 4 (staged at 0x4000)</td><td>0x4000, up to 2 MB</td></tr>
 * <tr><td>boot-loader code + data</td><td>0x100000, 1 MB</td><td>0x200000, 1 MB</td></tr>
 * <tr><td>arch_info.bin</td><td>0x200000, 2 MB</td><td>0x300000, 1 MB</td></tr>
 * <tr><td>kernel.elf file</td><td>0x400000, 1 MB</td><td>0x400000, 2 MB</td></tr>
 * <tr><td>boot stacks</td><td>0x500000, 1 MB</td><td>0x600000, 1 MB</td></tr>
 * </table>
 * The stack of core {@code lid} starts at the top of the stack zone minus {@link #STACK_SIZE} x lid. kernel.elf is
 * linked with kcode at {@link #KCODE_BASE} in both; almos-mk moves it to 0x0 in phase 4, so its code runs
 * {@link #kernelShift()} bytes below its link addresses.
 */
public enum BootLayout
{
    /** Seed 001 and the older table of seed 003: boot-loader code at 0x100000. */
    ALMOS_MK("almos-mk", 0x10_0000, 0x20_0000, 0x20_0000, 0x40_0000, 0x10_0000, 0x50_0000, 0x0),
    /** Seed 003, version 43: boot-loader code at 0x200000. */
    ALMOS_MKH("almos-mkh", 0x20_0000, 0x30_0000, 0x10_0000, 0x40_0000, 0x20_0000, 0x60_0000, 0x4000);

    /** Preloader zone base, in cluster 0 only. */
    public static final int PRELOADER_BASE = 0;
    /** Preloader zone size. */
    public static final int PRELOADER_SIZE = 0x4000;
    /** Boot stack of one core. */
    public static final int STACK_SIZE = 0x1000;
    /** Size of the boot stacks zone. */
    public static final int STACK_ZONE_SIZE = 0x10_0000;

    /** Where kernel.elf's kcode is linked: just above the 16 KB preloader zone. */
    public static final int KCODE_BASE = 0x4000;
    /** Size of the boot-loader zone. */
    public static final int BOOT_ZONE_SIZE = 0x10_0000;

    private final String cliName;
    private final int bootBase;
    private final int archInfoBase;
    private final int archInfoSize;
    private final int kernelElfBase;
    private final int kernelElfSize;
    private final int stackBase;
    private final int kernelBase;

    BootLayout(final String cliName, final int bootBase, final int archInfoBase, final int archInfoSize,
        final int kernelElfBase, final int kernelElfSize, final int stackBase, final int kernelBase)
    {
        this.cliName = cliName;
        this.bootBase = bootBase;
        this.archInfoBase = archInfoBase;
        this.archInfoSize = archInfoSize;
        this.kernelElfBase = kernelElfBase;
        this.kernelElfSize = kernelElfSize;
        this.stackBase = stackBase;
        this.kernelBase = kernelBase;
    }

    /** @return where arch_info.bin is loaded. */
    public int archInfoBase()
    {
        return archInfoBase;
    }

    /** @return the arch_info.bin zone's size. */
    public int archInfoSize()
    {
        return archInfoSize;
    }

    /** @return where the kernel.elf file is loaded. */
    public int kernelElfBase()
    {
        return kernelElfBase;
    }

    /** @return the kernel.elf zone's size. */
    public int kernelElfSize()
    {
        return kernelElfSize;
    }

    /** @return the base of the boot stacks zone. */
    public int stackBase()
    {
        return stackBase;
    }

    /** @return the top of the boot stacks zone, core 0's stack pointer. */
    public int stackTop()
    {
        return stackBase + STACK_ZONE_SIZE;
    }

    /**
     * The elected flavor's bootstrap stack, {@code stackPointer(BOOTSTRAP_SLOT)} (top - 64 KB): the leader's for the
     * sequential phase, below every lid's boot stack (which start_stack_pool lends to the counted cores while the
     * leader still runs there).
     */
    public static final int BOOTSTRAP_SLOT = 16;

    /**
     * @param lid a core's local index.
     * @return its boot stack pointer: top - 4 KB x lid.
     */
    public int stackPointer(final int lid)
    {
        return stackTop() - STACK_SIZE * lid;
    }

    /** @return where kcode finally sits: 0x0 (almos-mk) or 0x4000 (almos-mkh). */
    public int kernelBase()
    {
        return kernelBase;
    }

    /** @return the size of the final kernel zone: up to the boot-loader zone. */
    public int kernelZoneSize()
    {
        return bootBase - kernelBase;
    }

    /** @return how far below its link addresses the kernel runs: 0x4000 for almos-mk, 0 for almos-mkh. */
    public int kernelShift()
    {
        return KCODE_BASE - kernelBase;
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
