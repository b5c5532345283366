package org.smpboot.sim.hw;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The code guard's quick test: merged function ranges, and a store overlaps one exactly when it touches its bytes. */
class CodeRangesTest
{
    @Test
    void aStoreOverlapsExactlyTheRangesItTouches()
    {
        final CodeRanges r = new CodeRanges();
        assertFalse(r.overlaps(0, 1 << 20), "no code registered");
        r.add(0x200, 0x300);
        r.add(0x100, 0x180);
        r.add(0x2F0, 0x340); // overlaps the first: merged into [0x200, 0x340)
        r.add(0x340, 0x350); // adjacent: merged too
        r.add(0x5000, 0x5000); // empty: ignored
        assertTrue(r.overlaps(0x17F, 0x180));
        assertFalse(r.overlaps(0x180, 0x200), "the gap between two functions");
        assertTrue(r.overlaps(0x1F0, 0x201));
        assertTrue(r.overlaps(0x34F, 0x400));
        assertFalse(r.overlaps(0x350, 0x400), "just past the last function");
        assertFalse(r.overlaps(0x5000, 0x5008), "an empty function holds no byte");
        assertTrue(r.overlaps(0, 1 << 20), "a store over everything");
    }
}
