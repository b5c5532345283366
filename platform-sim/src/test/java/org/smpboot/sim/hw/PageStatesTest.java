package org.smpboot.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PageStatesTest
{
    @Test
    void eachPageKeepsItsOwnStateBesideItsNeighbours()
    {
        final PageStates s = new PageStates(40); // 3 ints, the last one partly used
        assertEquals(40, s.length());
        for (int p = 0; p < 40; p++)
        {
            assertEquals(0, s.get(p));
        }
        for (int p = 0; p < 40; p++)
        {
            s.set(p, p % 4);
        }
        for (int p = 0; p < 40; p++)
        {
            assertEquals(p % 4, s.get(p), "page " + p);
        }
        assertTrue(s.compareAndSet(17, 1, 2));
        assertFalse(s.compareAndSet(17, 1, 3), "no longer 1");
        assertEquals(2, s.get(17));
        assertEquals(0, s.get(16));
        assertEquals(2, s.get(18));
        s.set(15, 0); // the last page of the first int, beside the first of the second
        assertEquals(0, s.get(15));
        assertEquals(0, s.get(16));
        assertEquals(2, s.get(14));
    }

    @Test
    void changesToPagesOfOneIntAtOnceAreNeverLost() throws InterruptedException
    {
        // two threads flip pages that share ints: every CAS that says it won must show, none may undo the other's
        final PageStates s = new PageStates(32);
        final int rounds = 20_000;
        final int[] wins = new int[2];
        StartTogether.run(2, 30, me ->
        {
            for (int r = 0; r < rounds; r++)
            {
                for (int p = me; p < 32; p += 2) // even pages to thread 0, odd to thread 1
                {
                    final int from = r % 3;
                    if (s.compareAndSet(p, from, from + 1 == 3 ? 0 : from + 1))
                    {
                        wins[me]++;
                    }
                }
            }
        });
        // each page went 0 -> 1 -> 2 -> 0 once per 3 rounds, every CAS its owner's alone: all won
        assertEquals(rounds * 16, wins[0]);
        assertEquals(rounds * 16, wins[1]);
        for (int p = 0; p < 32; p++)
        {
            assertEquals(rounds % 3, s.get(p), "page " + p);
        }
    }
}
