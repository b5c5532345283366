package org.smpboot.sim.hw;

import org.agrona.concurrent.IdleStrategy;

/**
 * How a simulated core idles in the runtime's wait loops (barriers, the election, stack pools): some spins and
 * yields, as Agrona's backoff does ({@link SimulatedWait} asks for none and two), then parks on its {@link WaitCue}:
 * until a word it read in the loop's last round is written, or the park bound passes. The bound only matters when a wake-up cannot come (the word changed by a bulk
 * store): correctness never depends on it, since every wait loop re-reads its condition.
 */
final class CueIdleStrategy implements IdleStrategy
{
    private final WaitCue cue;
    private final long maxSpins;
    private final long maxYields;
    private final long maxParkNanos;
    private long spins;
    private long yields;

    CueIdleStrategy(final WaitCue cue, final long maxSpins, final long maxYields, final long maxParkNanos)
    {
        this.cue = cue;
        this.maxSpins = maxSpins;
        this.maxYields = maxYields;
        this.maxParkNanos = maxParkNanos;
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            reset();
        }
        else
        {
            idle();
        }
    }

    @Override
    public void idle()
    {
        if (spins < maxSpins)
        {
            spins++;
            cue.clear();
            Thread.onSpinWait();
        }
        else if (yields < maxYields)
        {
            yields++;
            cue.clear();
            Thread.yield();
        }
        else
        {
            cue.idle(maxParkNanos);
        }
    }

    @Override
    public void reset()
    {
        spins = 0;
        yields = 0;
        cue.clear();
    }

    @Override
    public String alias()
    {
        return "simulated-core";
    }
}
