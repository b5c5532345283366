package org.smpboot.sim.race;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The chaos of a process race: in every round one CPU process, drawn at random, is killed by SIGKILL at a random
 * moment after the start gate opens, as a machine loses a processor mid-boot. Reproducible: the round's victim and
 * moment depend only on the seed and the round.
 *
 * @param seed       seed of the draws.
 * @param maxDelayMs the kill comes 0 to this many milliseconds after the gate, uniformly.
 */
public record Chaos(long seed, long maxDelayMs)
{
    /**
     * @throws IllegalArgumentException when the delay is negative.
     *
     * @param seed       seed of the draws.
     * @param maxDelayMs the kill comes 0 to this many milliseconds after the gate, uniformly.
     */
    public Chaos
    {
        if (maxDelayMs < 0)
        {
            throw new IllegalArgumentException("--chaos-max-delay-ms must not be negative, got " + maxDelayMs);
        }
    }

    /**
     * @param round     the round, from 1.
     * @param processes CPU processes in the round.
     * @return which process dies, and when after the gate.
     */
    public Plan plan(final int round, final int processes)
    {
        final SplittableRandom random = new SplittableRandom(seed * 0x9e3779b97f4a7c15L + round);
        return new Plan(random.nextInt(processes), random.nextLong(TimeUnit.MILLISECONDS.toNanos(maxDelayMs) + 1));
    }

    /**
     * One round's kill, as planned.
     *
     * @param process     the victim.
     * @param delayNanos  when, after the gate.
     */
    public record Plan(int process, long delayNanos)
    {
    }
}
