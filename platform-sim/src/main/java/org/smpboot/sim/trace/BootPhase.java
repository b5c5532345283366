package org.smpboot.sim.trace;

/**
 * The four phases of the TSAR boot-loader (seeds 001 and 003 part B) and the kernel they hand over to: the label every
 * access count, trace event and memory map of a boot carries. The ordinal is the access-counting epoch of the phase
 * (each core counts its accesses in the phase it is in). It lives with the events because both the boot-loader and
 * the kernel tag their work with it, and neither knows the other.
 */
public enum BootPhase
{
    /** Phase 1: every core runs the preloader; core[0][0] loads boot.elf, the others arm their WTI and sleep. */
    PRELOADER("phase 1", "preloader"),
    /** Phase 2: core[0][0] alone: TTY, IOC, FAT32, arch_info.bin, kernel.elf, boot_info, wakes the CP0s. */
    SEQUENTIAL("phase 2", "sequential"),
    /** Phase 3: every CP0: finds its cluster, copies boot-loader, arch_info and kernel, builds boot_info. */
    PARTIAL("phase 3", "partially parallel"),
    /** Phase 4: every core: CPi leave the preloader, the kernel reaches its final place, the last rendezvous. */
    PARALLEL("phase 4", "fully parallel"),
    /** kernel_init(boot_info), on every core. */
    KERNEL("kernel", "kernel_init");

    private final String label;
    private final String title;

    BootPhase(final String label, final String title)
    {
        this.label = label;
        this.title = title;
    }

    /** @return {@code phase N}, or {@code kernel}. */
    public String label()
    {
        return label;
    }

    /** @return what the seeds call it. */
    public String title()
    {
        return title;
    }

    /**
     * @param step what the core does in the phase.
     * @return {@code phase N: step}, as bus errors and the watchdog name a core's phase.
     */
    public String step(final String step)
    {
        return label + ": " + step;
    }
}
