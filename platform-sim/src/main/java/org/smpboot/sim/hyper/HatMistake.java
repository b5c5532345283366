package org.smpboot.sim.hyper;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A mistake the hypervisor can be made to write into every instance's HATs: the negative controls of the isolation
 * explorer, which must catch what they let through, and of the tests that show a mistaken entry as the fault it causes.
 */
public enum HatMistake
{
    /** The HATs as they should be. */
    NONE("none"),
    /** One guest cluster past the instance's own maps to another instance's first cluster: isolation is broken. */
    LEAKY_MAP("leaky-hat"),
    /** The RAM range lets only the first 8 MiB through: the instance faults at its first access above. */
    SHORT_RAM("short-ram");

    private final String cliName;

    HatMistake(final String cliName)
    {
        this.cliName = cliName;
    }

    /** @return its name in {@code --variant}. */
    public String cliName()
    {
        return cliName;
    }

    /**
     * @param name a name.
     * @return the mistake.
     * @throws IllegalArgumentException naming the known ones.
     */
    public static HatMistake of(final String name)
    {
        for (final HatMistake m : values())
        {
            if (m.cliName.equals(name.toLowerCase(Locale.ROOT)))
            {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown variant '" + Clip.of(name) + "', expected one of " +
            Arrays.stream(values()).map(HatMistake::cliName).collect(Collectors.joining(", ")));
    }
}
