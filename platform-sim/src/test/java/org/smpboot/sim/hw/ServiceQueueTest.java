package org.smpboot.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** A target's queue in virtual time: one request at a time, first come first served, gaps filled, places given back. */
class ServiceQueueTest
{
    @Test
    void requestsInArrivalOrderAreServedFirstComeFirstServed()
    {
        final ServiceQueue q = new ServiceQueue("bank 0x00");
        assertEquals(100, q.serve(100, 4));
        assertEquals(104, q.serve(101, 4), "busy until 104");
        assertEquals(108, q.serve(104, 4));
        assertEquals(200, q.serve(200, 4), "free again");
        assertEquals(4, q.served());
        assertEquals(16, q.busy());
        assertEquals(3 + 4, q.waited());
        assertEquals(4, q.maxWait());
    }

    @Test
    void anEarlierArrivalPresentedLateTakesTheFirstGapThatFitsIt()
    {
        final ServiceQueue q = new ServiceQueue("bank 0x00");
        q.serve(100, 10); // [100, 110)
        q.serve(120, 10); // [120, 130)
        assertEquals(110, q.serve(105, 10), "the gap [110, 120) fits");
        assertEquals(130, q.serve(101, 4), "no gap left before 130");
        assertEquals(50, q.serve(50, 10), "before everything");
        assertEquals(60, q.serve(55, 40), "[60, 100) is free");
        assertEquals(134, q.horizon());
    }

    @Test
    void theTargetIsNeverBusyTwiceAtOnceWhateverTheOrder()
    {
        final SplittableRandom r = new SplittableRandom(7);
        final ServiceQueue q = new ServiceQueue("bank 0x00");
        final boolean[] busy = new boolean[200_000];
        long total = 0;
        for (int i = 0; i < 5000; i++)
        {
            final long arrival = r.nextInt(100_000);
            final int d = 1 + r.nextInt(20);
            final long s = q.serve(arrival, d);
            assertTrue(s >= arrival);
            for (long c = s; c < s + d; c++)
            {
                assertTrue(!busy[(int)c], "cycle " + c + " served twice");
                busy[(int)c] = true;
            }
            total += d;
        }
        assertEquals(total, q.busy());
    }

    @Test
    void threadsServingAtOnceNeverShareACycleNorLoseARequest() throws InterruptedException
    {
        // the parallel mode's case: the host's carriers place requests in one bank's queue at once; each thread keeps
        // its places, and no cycle may be handed out twice (the spin lock is what keeps the calendar whole)
        final ServiceQueue q = new ServiceQueue("bank 0x00");
        final int threads = 4;
        final int each = 20_000;
        final long[][] starts = new long[threads][each];
        StartTogether.run(threads, 60, t ->
        {
            final SplittableRandom r = new SplittableRandom(t);
            for (int i = 0; i < each; i++)
            {
                starts[t][i] = q.serve(r.nextInt(1_000), 3);
                if (i % 7 == 0)
                {
                    q.cancel(starts[t][i], 3, 0); // a failed poll given back: cancels interleave with serves too
                    starts[t][i] = -1;
                }
            }
        });
        final java.util.BitSet busy = new java.util.BitSet();
        long kept = 0;
        for (final long[] mine : starts)
        {
            for (final long s : mine)
            {
                if (s >= 0)
                {
                    for (long c = s; c < s + 3; c++)
                    {
                        assertTrue(!busy.get((int)c), "cycle " + c + " served twice");
                        busy.set((int)c);
                    }
                    kept++;
                }
            }
        }
        assertEquals(kept, q.served(), "requests served, less those given back");
        assertEquals(3 * kept, q.busy());
        assertEquals(0, q.unqueued(), "every request placed in the calendar");
    }

    @Test
    void aPlaceGivenBackIsFreeAgain()
    {
        final ServiceQueue q = new ServiceQueue("bank 0x00");
        q.serve(100, 4);
        final long s = q.serve(100, 4); // [104, 108)
        q.serve(100, 4); // [108, 112)
        q.cancel(s, 4, 4);
        assertEquals(104, q.serve(103, 4), "the middle of a merged interval was freed");
        q.cancel(112 - 4, 4, 8);
        assertEquals(108, q.serve(108, 2));
        assertEquals(3, q.served());
    }

    @Test
    void aFullCalendarSlidesWithinItsBoundedArraysAndStillNeverDoublesAService()
    {
        // requests mostly in order, a third of them late by up to 20,000 cycles (inside what the calendar remembers:
        // 4,096 intervals of about 40 cycles each), enough of them to fill the calendar, move it up and slide it back
        final SplittableRandom r = new SplittableRandom(11);
        final ServiceQueue q = new ServiceQueue("bank 0x00");
        final int requests = 6 * ServiceQueue.MAX_INTERVALS;
        final boolean[] busy = new boolean[requests * 40 + 100_000];
        long now = 50_000;
        for (int i = 0; i < requests; i++)
        {
            now += 10 + r.nextInt(50);
            final long arrival = i % 3 == 0 ? now - r.nextInt(20_000) : now;
            final int d = 1 + r.nextInt(8);
            final long s = q.serve(arrival, d);
            assertTrue(s >= arrival);
            for (long c = s; c < s + d; c++)
            {
                assertTrue(!busy[(int)c], "cycle " + c + " served twice, request " + i);
                busy[(int)c] = true;
            }
            assertTrue(q.capacity() <= ServiceQueue.MAX_LENGTH, "arrays of " + q.capacity());
        }
        assertEquals(0, q.unqueued(), "every late request was still remembered");
        assertEquals(ServiceQueue.MAX_LENGTH, q.capacity(), "full, not doubled past its bound");
    }

    @Test
    void pastItsMemoryAVeryLateRequestIsServedUnqueued()
    {
        final ServiceQueue q = new ServiceQueue("bank 0x00");
        for (int i = 0; i < ServiceQueue.MAX_INTERVALS + 10; i++)
        {
            q.serve(10L * i, 4); // disjoint: never merge
        }
        assertEquals(5, q.serve(5, 4), "forgotten time: served at once");
        assertEquals(1, q.unqueued());
    }
}
