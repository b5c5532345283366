package org.smpboot.sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** What explore and soak show while they run: done/total, rate and ETA, as lines or as a bar. */
class ProgressTest
{
    @Test
    void aLineSaysDoneTotalRateAndTimeLeft()
    {
        try (Progress p = new Progress("seeds", 100, l -> { }, false, 60_000))
        {
            assertEquals("40/100 seeds (40%), 2.00 seeds/s, ETA 30 s, 20 s elapsed",
                p.line(40, TimeUnit.SECONDS.toNanos(20)));
            assertEquals("0/100 seeds (0%), 0.00 seeds/s, ETA unknown, 0 s elapsed", p.line(0, 1000));
            assertEquals("100/100 seeds (100%), 50 seeds/s, done, 2 s elapsed", p.line(100,
                TimeUnit.SECONDS.toNanos(2)));
            assertEquals("1/100 seeds (1%), 0.01 seeds/s, ETA 2 h 45 min, 1 min 40 s elapsed", p.line(1,
                TimeUnit.SECONDS.toNanos(100)));
        }
        assertEquals("3 min 5 s", Progress.duration(185));
    }

    @Test
    void linesComeEveryPeriodUntilClosed() throws Exception
    {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final CountDownLatch two = new CountDownLatch(2);
        final Progress p = new Progress("boots", 10, l ->
        {
            lines.add(l);
            two.countDown();
        }, false, 5);
        try (p)
        {
            p.done(3);
            assertTrue(two.await(30, TimeUnit.SECONDS), "two lines within 30 s");
        }
        assertFalse(p.drawing(), "no line once closed: the thread has ended");
        assertTrue(lines.get(1).startsWith("3/10 boots (30%), "), lines.toString());
    }

    @Test
    void aBarIsRedrawnInPlaceAndEndsItsLineWhenClosed() throws Exception
    {
        final List<String> draws = new CopyOnWriteArrayList<>();
        final CountDownLatch one = new CountDownLatch(1);
        final Progress p = new Progress("seeds", 8, l ->
        {
            draws.add(l);
            one.countDown();
        }, true, 5);
        try (p)
        {
            p.done(4);
            assertTrue(one.await(30, TimeUnit.SECONDS));
            p.above(() -> draws.add("a result line"));
        }
        assertTrue(draws.get(0).startsWith("\r[############............] 4/8 seeds (50%), "), draws.get(0));
        final int result = draws.indexOf("a result line");
        assertTrue(draws.get(result - 1).matches("\r +\r"), "the bar is wiped before a result line: " + draws);
        assertTrue(draws.get(draws.size() - 1).endsWith(System.lineSeparator()), "the bar ends its line");
    }
}
