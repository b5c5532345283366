package org.smpboot.stress.schedule;

import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;

/**
 * The time of a checked execution: it stands still while threads run, and jumps only when every live thread waits
 * (then no step can happen but a timeout), so that each bounded wait either ends by what another thread wrote or times
 * out, whatever the host's speed, and a schedule replays exactly. The nano and epoch views are one time.
 */
public final class VirtualClock implements NanoClock, EpochClock
{
    /** Where nano time starts (any value; not 0, so a "never" stamp of 0 is long ago). */
    public static final long NANO_START = TimeUnit.SECONDS.toNanos(1000);
    /** Where epoch time starts: 2026-01-01T00:00:00Z. */
    public static final long EPOCH_START_MS = 1_767_225_600_000L;

    private long elapsedNs;

    /** @return elapsed virtual nanoseconds since the execution started. */
    public long elapsedNs()
    {
        return elapsedNs;
    }

    /**
     * Moves time on.
     *
     * @param ns how far.
     */
    public void advance(final long ns)
    {
        if (ns < 0)
        {
            throw new IllegalArgumentException("time does not go back: " + ns + " ns");
        }
        elapsedNs += ns;
    }

    @Override
    public long nanoTime()
    {
        return NANO_START + elapsedNs;
    }

    @Override
    public long time()
    {
        return EPOCH_START_MS + TimeUnit.NANOSECONDS.toMillis(elapsedNs);
    }
}
