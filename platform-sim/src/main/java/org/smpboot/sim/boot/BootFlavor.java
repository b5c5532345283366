package org.smpboot.sim.boot;

import java.util.Locale;

import org.smpboot.sim.trace.BootPhase;

/** Who boots the platform (DESIGN.md 3.7). */
public enum BootFlavor
{
    /** The seed-002 election on cluster 0's memory: whichever core wins becomes the bootstrap CPU. */
    ELECTED,
    /** The hardware designates core[0][0]; the others sleep in the preloader until an IPI. */
    TSAR;

    /**
     * @param phase a phase of the boot.
     * @return what the phase is in this flavor: phase 1 of the elected flavor is the election, not the preloader.
     */
    public String title(final BootPhase phase)
    {
        return phase == BootPhase.PRELOADER && this == ELECTED ? "election" : phase.title();
    }

    /** @return the name on the command line. */
    public String cliName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param name {@code elected} or {@code tsar}.
     * @return the flavor.
     * @throws IllegalArgumentException for another name.
     */
    public static BootFlavor of(final String name)
    {
        for (final BootFlavor f : values())
        {
            if (f.cliName().equals(name.toLowerCase(Locale.ROOT)))
            {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown flavor '" + name + "', expected elected or tsar");
    }
}
