package org.smpboot.stress.schedule;

import org.agrona.collections.Long2LongHashMap;

/**
 * The states a search already explored, each with the fewest preemptions it was reached with: a prefix that reaches
 * one again with as many or more preemptions spent has nothing new ahead of it (the code is deterministic, and every
 * continuation the remaining budget allows was explored from there). This is what keeps three threads that each block
 * a few times from multiplying the free choices of who runs next: interleavings of independent steps meet in the same
 * state.
 *
 * <p>States are 64-bit hashes: two different states with one hash would prune a state never explored, with
 * probability about n^2 / 2^65 for n states (under 10^-6 for the largest search here).
 */
final class VisitedStates
{
    private final Long2LongHashMap seen = new Long2LongHashMap(Long.MAX_VALUE);

    /**
     * @param state       the state's hash.
     * @param preemptions preemptions spent to reach it.
     * @return true when it was reached before with at most as many (prune), false otherwise (it is recorded).
     */
    boolean seen(final long state, final int preemptions)
    {
        final long before = seen.get(state);
        if (before <= preemptions)
        {
            return true;
        }
        seen.put(state, preemptions);
        return false;
    }

    /** @return states recorded. */
    int size()
    {
        return seen.size();
    }

    /** A 64-bit mix of five values (SplitMix64 finalizer over a running sum). */
    static long mix(final long h, final long a, final long b, final long c, final long d)
    {
        long z = h * 0x9e3779b97f4a7c15L + a;
        z = (z ^ (z >>> 31)) * 0xbf58476d1ce4e5b9L + b;
        z = (z ^ (z >>> 29)) * 0x94d049bb133111ebL + c;
        z = (z ^ (z >>> 32)) * 0x9e3779b97f4a7c15L + d;
        return z ^ (z >>> 31);
    }
}
