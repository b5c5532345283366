package org.smpboot.sim.hyper;

import java.util.Locale;

/**
 * A misbehaving guest, for the isolation tests: on entering kernel_init, the guest's core 0 reads or writes one word
 * at a guest address of its choice before going on.
 *
 * @param write   a write (of {@link #VALUE}) rather than a read.
 * @param address the 40-bit guest address, 4-aligned.
 */
public record Rogue(boolean write, long address)
{
    /** What a rogue write stores. */
    public static final int VALUE = 0xBAD0_BAD0;

    /**
     * @param spec {@code read:ADDRESS} or {@code write:ADDRESS}, the address in hex (0x optional).
     * @return the rogue.
     * @throws IllegalArgumentException on another form.
     */
    public static Rogue parse(final String spec)
    {
        final String[] p = spec.trim().toLowerCase(Locale.ROOT).split(":", -1);
        if (p.length == 2 && (p[0].equals("read") || p[0].equals("write")))
        {
            try
            {
                final String hex = p[1].replace("_", "");
                final long a = Long.parseLong(hex.startsWith("0x") ? hex.substring(2) : hex, 16);
                if (a >= 0 && a < 1L << 40 && (a & 3) == 0)
                {
                    return new Rogue(p[0].equals("write"), a);
                }
            }
            catch (final NumberFormatException e)
            {
                // reported below
            }
        }
        throw new IllegalArgumentException("--rogue wants read:ADDRESS or write:ADDRESS (a 4-aligned 40-bit hex " +
            "address), got '" + spec + "'");
    }
}
