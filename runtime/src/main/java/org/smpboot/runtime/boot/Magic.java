package org.smpboot.runtime.boot;

import org.smpboot.runtime.region.Fill;

/**
 * The two values of {@code asm_magic_val}. MAGIC1 marks "a leader is elected and initialising", MAGIC2 "the boot block
 * is published". Both are 64-bit, neither 0, all ones nor a repeated byte, because simulators fill memory with 0x00,
 * 0x5a or 0xa5 patterns and such a word must never read as a magic by accident. In a hex dump they spell "SMPBOOT1"
 * and "SMPBOOT2" (big-endian reading).
 */
public final class Magic
{
    /** Written by the CAS that elects the leader. */
    public static final long MAGIC1 = 0x534d50424f4f5431L;
    /** Written last by the leader, with release semantics, to publish the boot block. */
    public static final long MAGIC2 = 0x534d50424f4f5432L;

    /** Memory filled with MAGIC1: nobody can be elected; must end in bounded time with an error naming the case. */
    public static final Fill FILL_MAGIC1 = Fill.word(MAGIC1, "magic1");
    /** Memory filled with MAGIC2: everybody believes the election is over; must be detected, not trusted. */
    public static final Fill FILL_MAGIC2 = Fill.word(MAGIC2, "magic2");

    private Magic()
    {
    }

    /**
     * {@link Fill#parse} plus {@code magic1} and {@code magic2}.
     *
     * @param spec        the text.
     * @param seedIfUnset seed of a bare {@code random}.
     * @return the fill.
     */
    public static Fill parseFill(final String spec, final long seedIfUnset)
    {
        switch (spec.trim().toLowerCase(java.util.Locale.ROOT))
        {
            case "magic1":
                return FILL_MAGIC1;
            case "magic2":
                return FILL_MAGIC2;
            default:
                return Fill.parse(spec, seedIfUnset);
        }
    }

    /**
     * @param value a word.
     * @return "MAGIC1", "MAGIC2" or the value in hex.
     */
    public static String describe(final long value)
    {
        if (value == MAGIC1)
        {
            return "MAGIC1";
        }
        if (value == MAGIC2)
        {
            return "MAGIC2";
        }
        return String.format("0x%016x", value);
    }
}
