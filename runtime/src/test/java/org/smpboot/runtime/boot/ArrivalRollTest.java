package org.smpboot.runtime.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.AtomicBuffer;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.region.SharedRegion;

/** The roll's marks and heartbeat words at the offsets its javadoc gives, their bits, and its refusals. */
class ArrivalRollTest
{
    private static final int AT = 16;

    @Test
    void itsLengthIsAWordOfMarksPer64CpusAndAWordPerCpu()
    {
        assertEquals(8 + 8, ArrivalRoll.length(1));
        assertEquals(8 + 64 * 8, ArrivalRoll.length(64));
        assertEquals(16 + 65 * 8, ArrivalRoll.length(65));
        assertEquals(16 + 128 * 8, ArrivalRoll.length(128));
    }

    @Test
    void marksAreBitsOfSharedWordsAndBeatsAreWordsAfterThem()
    {
        final AtomicBuffer b = SharedRegion.allocate(AT + ArrivalRoll.length(70) + 8).fill(Fill.X5A).buffer();
        final ArrivalRoll r = new ArrivalRoll().wrap(b, AT, 70);
        assertEquals(70, r.cpus());
        r.clear();
        for (int at = AT; at < AT + ArrivalRoll.length(70); at += 8)
        {
            assertEquals(0, b.getLong(at), "cleared @" + at);
        }
        assertEquals(0x5a5a5a5a5a5a5a5aL, b.getLong(AT - 8), "nothing before the roll");
        assertEquals(0x5a5a5a5a5a5a5a5aL, b.getLong(AT + ArrivalRoll.length(70)), "nothing after it");
        r.mark(0);
        r.mark(63);
        r.mark(64);
        r.mark(69);
        r.mark(69);
        assertEquals(1L | 1L << 63, b.getLong(AT), "word 0: cpus 0 and 63");
        assertEquals(1L | 1L << 5, b.getLong(AT + 8), "word 1: cpus 64 and 69");
        assertTrue(r.isMarked(0) && r.isMarked(63) && r.isMarked(64) && r.isMarked(69));
        assertFalse(r.isMarked(1));
        assertFalse(r.isMarked(65));
        assertFalse(r.isMarked(-1));
        assertFalse(r.isMarked(70), "outside: not marked, not an error");
        final int beats = AT + 16;
        r.arrive(3, 1000);
        assertEquals(ArrivalRoll.ARRIVED | 1000, b.getLong(beats + 3 * 8));
        assertEquals(ArrivalRoll.ARRIVED | 1000, r.heartbeat(3));
        r.beat(3, 1001);
        assertEquals(ArrivalRoll.ARRIVED | 1001, r.heartbeat(3), "a beat keeps it arrived, not running");
        r.running(3, 1002);
        assertEquals(ArrivalRoll.RUNNING | ArrivalRoll.ARRIVED | 1002, r.heartbeat(3));
        r.beat(3, 1003);
        assertEquals(ArrivalRoll.RUNNING | ArrivalRoll.ARRIVED | 1003, r.heartbeat(3), "a beat keeps RUNNING");
        assertEquals(1003, ArrivalRoll.millis(r.heartbeat(3)));
        r.arrive(69, -1);
        assertEquals(ArrivalRoll.ARRIVED | (ArrivalRoll.ARRIVED - 1), b.getLong(beats + 69 * 8),
            "only the time's low 62 bits");
        assertEquals(0, r.heartbeat(4));
        assertEquals(1L << 62, ArrivalRoll.ARRIVED);
        assertEquals(Long.MIN_VALUE, ArrivalRoll.RUNNING);
        r.clear();
        assertFalse(r.isMarked(69));
        assertEquals(0, r.heartbeat(3));
    }

    @Test
    void aRollThatDoesNotFitOrACpuOutsideItIsRefusedNamingIt()
    {
        final AtomicBuffer b = SharedRegion.allocate(256).buffer();
        new ArrivalRoll().wrap(b, 256 - ArrivalRoll.length(4), 4);
        for (final int[] bad : new int[][] {{0, 0}, {4, 4}, {-8, 4}, {256 - ArrivalRoll.length(4) + 8, 4}})
        {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ArrivalRoll().wrap(b, bad[0], bad[1]));
            assertEquals("arrival roll of " + bad[1] + " CPUs at " + bad[0] + " does not fit 256 bytes 8-aligned",
                e.getMessage());
        }
        final ArrivalRoll r = new ArrivalRoll().wrap(b, 0, 4);
        for (final int cpu : new int[] {-1, 4})
        {
            assertEquals("cpu " + cpu + " is outside the arrival roll's 0..3",
                assertThrows(IllegalArgumentException.class, () -> r.arrive(cpu, 1)).getMessage());
            assertThrows(IllegalArgumentException.class, () -> r.beat(cpu, 1));
            assertThrows(IllegalArgumentException.class, () -> r.running(cpu, 1));
            assertThrows(IllegalArgumentException.class, () -> r.heartbeat(cpu));
            assertThrows(IllegalArgumentException.class, () -> r.mark(cpu));
        }
        r.arrive(0, 1);
        r.arrive(3, 1);
    }
}
