package org.smpboot.sim.hw;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The platform's cycle counter, which drives the XCU timers (PTI). It advances only when told: by a test, one step
 * at a time, by {@link #pace(long)} in real time, or by a deterministic schedule in virtual time. Listeners see the
 * advances in order, one at a time.
 *
 * <p>Events, not ticks: a listener says when it next needs to hear of the clock ({@link Ticking#due()}, the cycle its
 * earliest timer expires at), and an advance that stays short of every listener's due cycle tells nobody. A
 * deterministic run advances the clock at almost every hand-off between cores; ticking 256 XCUs there cost more than
 * the cores' own work at 1024 cores. A listener that keeps its state lazily (catching up to {@link #cycles()} when
 * read, as the XCU does) sees exactly what it saw when every advance reached it. {@link #due(long)} lowers the
 * clock's next event when a listener arms a timer: a lock-free minimum, so that a listener may call it under its own
 * lock while the clock's advance holds the clock's and calls into the listener.
 */
public final class Clock implements AutoCloseable
{
    /** Something that counts cycles, such as an XCU's PTI timers. */
    @FunctionalInterface
    public interface Ticking
    {
        /**
         * @param now    the cycle count after the advance.
         * @param cycles how many cycles the advance added.
         */
        void tick(long now, long cycles);

        /**
         * @return the cycle at which this listener next needs a {@link #tick}, {@link Long#MAX_VALUE} for never; the
         * default, 0, hears of every advance.
         */
        default long due()
        {
            return 0;
        }
    }

    /** The pace a parallel run gives the clock ({@link #pace(long)}): cycles per millisecond of wall time. */
    public static final long CYCLES_PER_MS = 1000;

    private final AtomicLong cycles = new AtomicLong();
    private final CopyOnWriteArrayList<Ticking> listeners = new CopyOnWriteArrayList<>();
    /** The earliest {@link Ticking#due()} of the listeners: an advance short of it tells nobody. */
    private final AtomicLong next = new AtomicLong(Long.MAX_VALUE);
    private volatile Thread pacer;

    /** @return the cycles so far. */
    public long cycles()
    {
        return cycles.get();
    }

    /**
     * @return the earliest cycle at which a listener needs a tick (a timer expires), {@link Long#MAX_VALUE} for none:
     * where a deterministic schedule jumps the clock when every core waits.
     */
    public long nextDue()
    {
        return next.get();
    }

    /**
     * @param listener told of every advance.
     */
    public void listen(final Ticking listener)
    {
        listeners.add(listener);
        due(listener.due());
    }

    /**
     * A listener's next event moved earlier (it armed a timer): the advance that reaches {@code cycle} tells it.
     *
     * @param cycle the cycle at which a listener needs a tick.
     */
    public void due(final long cycle)
    {
        next.accumulateAndGet(cycle, Math::min);
    }

    /**
     * Advances the clock and tells every listener whose event it reaches, in registration order. Serialised, so
     * listeners never see two advances at once.
     *
     * @param n cycles, at least 0.
     */
    public synchronized void advance(final long n)
    {
        if (n < 0)
        {
            throw new IllegalArgumentException("cannot advance the clock by " + n);
        }
        final long now = cycles.addAndGet(n);
        if (now < next.get())
        {
            return;
        }
        // reset before asking: a listener that arms a timer meanwhile lowers it again, and is not lost
        next.set(Long.MAX_VALUE);
        for (final Ticking t : listeners)
        {
            if (t.due() <= now)
            {
                t.tick(now, n);
            }
            next.accumulateAndGet(t.due(), Math::min);
        }
    }

    /**
     * Starts a daemon thread that advances the clock by {@code cyclesPerMilli} every millisecond of wall time
     * (catching up after a late wake-up), until {@link #close()}.
     *
     * @param cyclesPerMilli simulated cycles per millisecond, at least 1.
     */
    public synchronized void pace(final long cyclesPerMilli)
    {
        if (pacer != null)
        {
            return;
        }
        final Thread t = new Thread(() ->
        {
            long last = System.nanoTime();
            while (!Thread.currentThread().isInterrupted())
            {
                try
                {
                    Thread.sleep(1);
                }
                catch (final InterruptedException e)
                {
                    return;
                }
                final long now = System.nanoTime();
                final long ms = (now - last) / 1_000_000L;
                if (ms > 0)
                {
                    last += ms * 1_000_000L;
                    advance(ms * cyclesPerMilli);
                }
            }
        }, "clock");
        t.setDaemon(true);
        pacer = t;
        t.start();
    }

    /** Stops the pacing thread, if any. */
    @Override
    public void close()
    {
        final Thread t = pacer;
        if (t != null)
        {
            t.interrupt();
        }
    }
}
