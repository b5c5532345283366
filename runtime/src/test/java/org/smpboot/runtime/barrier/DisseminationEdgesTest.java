package org.smpboot.runtime.barrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.region.SharedRegion;
import org.smpboot.runtime.region.Slot;
import org.smpboot.runtime.wait.TestBounds;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * The dissemination barrier's edges that the episode tests do not reach: the footprint a bound flyweight claims and
 * checks, its name in messages, a participant that finds its flag already signalled, and a timeout in a later round
 * than the first (its message names that round and that round's signaller).
 */
class DisseminationEdgesTest
{
    @Test
    void aBoundFlyweightClaimsAndChecksItsWholeFootprint()
    {
        final int parties = 5; // 3 rounds: 15 flags
        final int footprint = DisseminationBarrier.footprint(parties);
        assertEquals((1 + parties + parties * 3) * Slot.LENGTH, footprint);
        try (SharedRegion region = SharedRegion.allocate(footprint))
        {
            final DisseminationBarrier barrier =
                new DisseminationBarrier(WaitPolicy.defaults(), "d").initialize(region.buffer(), 0, parties);
            assertEquals(footprint, barrier.footprint());
            assertEquals(footprint, new DisseminationBarrier(WaitPolicy.defaults(), "d2").wrap(region.buffer(), 0)
                .footprint());
        }
        try (SharedRegion region = SharedRegion.allocate(footprint - Slot.LENGTH)) // the last flag does not fit
        {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DisseminationBarrier(WaitPolicy.defaults(), "d").initialize(region.buffer(), 0, parties));
            assertTrue(e.getMessage().contains("needs " + footprint + " bytes"), e.getMessage());
        }
    }

    @Test
    void itsMessagesCallItADisseminationBarrier()
    {
        final DisseminationBarrier barrier = new DisseminationBarrier(WaitPolicy.defaults(), "d");
        assertEquals("dissemination barrier 'd' (not wrapped)", barrier.toString());
        final IllegalStateException notWrapped = assertThrows(IllegalStateException.class, () -> barrier.await(0));
        assertTrue(notWrapped.getMessage().startsWith("dissemination barrier 'd' is not wrapped"),
            notWrapped.getMessage());
        try (SharedRegion region = SharedRegion.allocate(DisseminationBarrier.footprint(2)).fill(Fill.ZERO))
        {
            final IllegalStateException none =
                assertThrows(IllegalStateException.class, () -> barrier.wrap(region.buffer(), 0));
            assertTrue(none.getMessage().startsWith("dissemination barrier 'd': no such barrier at offset 0"),
                none.getMessage());
        }
    }

    @Test
    void theLastToArriveFindsItsFlagSignalledAndNeverIdles()
    {
        try (SharedRegion region = SharedRegion.allocate(DisseminationBarrier.footprint(2)))
        {
            final DisseminationBarrier[] last = new DisseminationBarrier[1];
            // participant 0 waits first; at its first idle participant 1 arrives (on the same thread): its flag was
            // signalled by 0 already, so it passes without idling; only 0's one idle is counted
            final HookIdle idle = new HookIdle(() -> last[0].await(1));
            final DisseminationBarrier first =
                new DisseminationBarrier(idle.policy(), "d").initialize(region.buffer(), 0, 2);
            last[0] = new DisseminationBarrier(idle.policy(), "d").wrap(region.buffer(), 0);
            first.await(0);
            assertEquals(1, idle.idles.get(), "idles of both participants");
        }
    }

    @Test
    void aTimeoutInALaterRoundNamesThatRoundAndItsSignaller() throws InterruptedException
    {
        final int parties = 3; // 2 rounds: 0 hears from 2 in round 0, from 1 in round 1
        try (SharedRegion region = SharedRegion.allocate(DisseminationBarrier.footprint(parties)))
        {
            final AtomicReference<Throwable> second = new AtomicReference<>();
            final DisseminationBarrier[] two = new DisseminationBarrier[1];
            final Thread[] thread = new Thread[1];
            // participant 0 waits in round 0 first; then 2 arrives (its own thread) and signals it; 1 never comes
            final HookIdle idle = new HookIdle(() ->
            {
                thread[0] = new Thread(() ->
                {
                    try
                    {
                        two[0].await(2);
                    }
                    catch (final Throwable t)
                    {
                        second.set(t);
                    }
                });
                thread[0].setDaemon(true);
                thread[0].start();
            });
            final DisseminationBarrier zero =
                new DisseminationBarrier(idle.policy(), "d").initialize(region.buffer(), 0, parties);
            two[0] = new DisseminationBarrier(TestBounds.defaults(10, TimeUnit.SECONDS), "d")
                .wrap(region.buffer(), 0);
            final BarrierTimeoutException e = assertThrows(BarrierTimeoutException.class,
                () -> zero.await(0, 300, TimeUnit.MILLISECONDS));
            final int flag = (1 + parties + 0 * 2 + 1) * Slot.LENGTH; // flag (participant 0, round 1)
            assertTrue(e.getMessage().contains("dissemination barrier 'd' (2 rounds), round 1"), e.getMessage());
            assertTrue(e.getMessage().contains("flag of participant 0 round 1 (signalled by 1) @" + flag),
                e.getMessage());
            thread[0].join(TimeUnit.NANOSECONDS.toMillis(TestBounds.ns(10, TimeUnit.SECONDS)));
            assertTrue(!thread[0].isAlive(), "participant 2 still waiting on a broken barrier");
            assertInstanceOf(BarrierBrokenException.class, second.get(), String.valueOf(second.get()));
        }
    }
}
