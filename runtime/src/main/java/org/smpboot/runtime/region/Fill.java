package org.smpboot.runtime.region;

import java.util.Locale;
import java.util.SplittableRandom;

import org.agrona.concurrent.AtomicBuffer;

/**
 * A reset pattern written over a region before a boot, because boot code may assume nothing about initial memory.
 *
 * <p>Patterns: {@code zero}, {@code 5a} (SoCLib's fill), {@code a5}, {@code random[:seed]} (seeded, reproducible), and
 * {@code word:0x...}: a repeated 64-bit little-endian word (the magic fills are built on it, see the boot package).
 * {@link #KEEP} leaves the content as found.
 */
public final class Fill
{
    /** Leaves memory as found: a mapped file keeps what an earlier (perhaps crashed) run wrote. */
    public static final Fill KEEP = new Fill("keep", Kind.KEEP, 0);
    /** All bytes 0x00. */
    public static final Fill ZERO = new Fill("zero", Kind.WORD, 0);
    /** All bytes 0x5a, as SoCLib fills its RAMs. */
    public static final Fill X5A = new Fill("5a", Kind.WORD, 0x5a5a5a5a5a5a5a5aL);
    /** All bytes 0xa5. */
    public static final Fill XA5 = new Fill("a5", Kind.WORD, 0xa5a5a5a5a5a5a5a5L);

    private enum Kind
    {
        KEEP, WORD, RANDOM
    }

    private final String name;
    private final Kind kind;
    private final long value;

    private Fill(final String name, final Kind kind, final long value)
    {
        this.name = name;
        this.kind = kind;
        this.value = value;
    }

    /**
     * @param seed seed of the generator; the same seed gives the same bytes.
     * @return a pseudo-random fill.
     */
    public static Fill random(final long seed)
    {
        return new Fill("random:" + seed, Kind.RANDOM, seed);
    }

    /**
     * @param word the 64-bit word repeated over the region (little-endian).
     * @param name how the fill is shown.
     * @return a repeated-word fill.
     */
    public static Fill word(final long word, final String name)
    {
        return new Fill(name, Kind.WORD, word);
    }

    /**
     * Parses {@code keep}, {@code zero}, {@code 5a}, {@code a5}, {@code random}, {@code random:SEED} or
     * {@code word:0xHEX}.
     *
     * @param spec the text.
     * @param seedIfUnset seed used by a bare {@code random}.
     * @return the fill.
     * @throws IllegalArgumentException with the accepted forms when the text is none of them.
     */
    public static Fill parse(final String spec, final long seedIfUnset)
    {
        final String s = spec.trim().toLowerCase(Locale.ROOT);
        try
        {
            switch (s)
            {
                case "keep":
                    return KEEP;
                case "zero":
                case "0":
                case "00":
                    return ZERO;
                case "5a":
                case "0x5a":
                    return X5A;
                case "a5":
                case "0xa5":
                    return XA5;
                case "random":
                    return random(seedIfUnset);
                default:
                    if (s.startsWith("random:"))
                    {
                        return random(Long.decode(s.substring(7)));
                    }
                    if (s.startsWith("word:"))
                    {
                        return word(Long.parseUnsignedLong(s.substring(5).replaceFirst("^0x", ""), 16), s);
                    }
            }
        }
        catch (final NumberFormatException e)
        {
            // fall through to the one-line error below
        }
        throw new IllegalArgumentException("unknown fill '" + spec +
            "': expected keep, zero, 5a, a5, random, random:SEED, word:0xHEX, magic1 or magic2");
    }

    /**
     * Writes the pattern over {@code length} bytes from {@code offset}.
     *
     * @param buffer where.
     * @param offset first byte.
     * @param length bytes.
     */
    public void apply(final AtomicBuffer buffer, final int offset, final int length)
    {
        switch (kind)
        {
            case KEEP:
                return;
            case WORD:
                fillWord(buffer, offset, length, value);
                return;
            default:
                final SplittableRandom random = new SplittableRandom(value);
                int i = offset;
                final int end = offset + length;
                for (; i + Long.BYTES <= end; i += Long.BYTES)
                {
                    buffer.putLong(i, random.nextLong());
                }
                for (; i < end; i++)
                {
                    buffer.putByte(i, (byte)random.nextInt());
                }
        }
    }

    private static void fillWord(final AtomicBuffer buffer, final int offset, final int length, final long word)
    {
        final byte b = (byte)word;
        if (word == (b & 0xffL) * 0x0101010101010101L)
        {
            buffer.setMemory(offset, length, b);
            return;
        }
        int i = offset;
        final int end = offset + length;
        for (; i + Long.BYTES <= end; i += Long.BYTES)
        {
            buffer.putLong(i, word, java.nio.ByteOrder.LITTLE_ENDIAN);
        }
        for (int k = 0; i < end; i++, k++)
        {
            buffer.putByte(i, (byte)(word >>> (8 * k)));
        }
    }

    /**
     * A fill for one part of a larger space (a page of a simulated bank): a random fill gets a seed mixed with
     * {@code salt}, so pages differ from each other yet stay reproducible; a word fill is the same everywhere.
     *
     * @param salt what tells this part from the others, such as its address.
     * @return the fill to apply to that part.
     */
    public Fill derive(final long salt)
    {
        if (kind != Kind.RANDOM)
        {
            return this;
        }
        long z = value + 0x9E37_79B9_7F4A_7C15L * (salt + 1);
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return new Fill(name, Kind.RANDOM, z ^ (z >>> 31));
    }

    /** @return true for {@link #KEEP}. */
    public boolean keepsContent()
    {
        return kind == Kind.KEEP;
    }

    @Override
    public String toString()
    {
        return name;
    }
}
