package org.smpboot.sim.hw;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The platform's cycle counter, which drives the XCU timers (PTI). It advances only when told: by a test, one step
 * at a time, or by {@link #pace(long)} in real time. Listeners see every advance in order, one at a time.
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
    }

    /** The pace a parallel run gives the clock ({@link #pace(long)}): cycles per millisecond of wall time. */
    public static final long CYCLES_PER_MS = 1000;

    private final AtomicLong cycles = new AtomicLong();
    private final CopyOnWriteArrayList<Ticking> listeners = new CopyOnWriteArrayList<>();
    private volatile Thread pacer;

    /** @return the cycles so far. */
    public long cycles()
    {
        return cycles.get();
    }

    /**
     * @param listener told of every advance.
     */
    public void listen(final Ticking listener)
    {
        listeners.add(listener);
    }

    /**
     * Advances the clock and tells every listener, in registration order. Serialised, so listeners never see two
     * advances at once.
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
        for (final Ticking t : listeners)
        {
            t.tick(now, n);
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
