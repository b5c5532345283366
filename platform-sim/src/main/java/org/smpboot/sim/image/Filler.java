package org.smpboot.sim.image;

/**
 * The bytes of the built-in images' code and initialised data: a fixed xorshift stream seeded by where they are linked,
 * so that a wrong or partial copy shows as different bytes rather than as zeros matching zeros.
 */
public final class Filler
{
    private Filler()
    {
    }

    /**
     * @param seed the link address (or any number that tells images apart).
     * @param size bytes, a multiple of 4.
     * @return the content.
     */
    public static byte[] bytes(final int seed, final int size)
    {
        final byte[] bytes = new byte[size];
        long x = 0x9E37_79B9_7F4A_7C15L ^ seed;
        for (int i = 0; i < size; i += 4)
        {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            bytes[i] = (byte)x;
            bytes[i + 1] = (byte)(x >>> 8);
            bytes[i + 2] = (byte)(x >>> 16);
            bytes[i + 3] = (byte)(x >>> 24);
        }
        return bytes;
    }
}
