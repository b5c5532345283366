package org.smpboot.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The hex helper prints what {@code String.format} printed in the names and addresses it replaced. */
class PhysicalAddressTest
{
    @Test
    void hexPrintsWhatStringFormatPrints()
    {
        final SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++)
        {
            final long v = switch (i % 4)
            {
                case 0 -> i; // small: zero-padded
                case 1 -> r.nextLong(1L << 40); // a 40-bit physical address
                case 2 -> r.nextLong(); // wider than the digits, negative too
                default -> r.nextInt() & 0xFFFF_FFFFL; // an unsigned 32-bit word
            };
            for (final int digits : new int[] {2, 3, 8, 10})
            {
                assertEquals(String.format("0x%0" + digits + "x", v), PhysicalAddress.hex(v, digits), "value " + v);
            }
        }
        assertEquals(String.format("0x%010x", 0x1_2345_6789L), PhysicalAddress.format(0x1_2345_6789L));
    }
}
