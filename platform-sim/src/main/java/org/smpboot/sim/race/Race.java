package org.smpboot.sim.race;

/** Runs rounds of the election boot, in threads or in processes. */
public interface Race extends AutoCloseable
{
    /**
     * Fills the memory, lets the CPUs go, and judges the round.
     *
     * @param round the round, from 1.
     * @return its verdict.
     */
    RoundVerdict round(int round);

    @Override
    void close();
}
