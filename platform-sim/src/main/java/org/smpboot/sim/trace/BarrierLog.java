package org.smpboot.sim.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The episodes of every barrier of a run, in virtual time: for each barrier (by name: each cluster's local barrier has
 * its own) and each episode, when its first and last participants arrived and when its last participant was released,
 * in the participants' own cycles. A participant's k-th arrival at a barrier belongs to its episode k.
 *
 * <p>An episode's {@link Episode#span()} (first arrival to last release) includes the participants' imbalance; its
 * {@link Episode#release()} (last arrival to last release) is what the barrier itself costs once everyone is there:
 * the arrivals' requests queued at the banks holding its words, the release travelling to every waiter.
 *
 * <p>Thread safety: synchronized (a barrier is rare next to the accesses it separates).
 */
public final class BarrierLog
{
    /**
     * One episode of one barrier.
     *
     * @param barrier      the barrier's name.
     * @param index        the episode, from 0.
     * @param parties      its participants.
     * @param arrivals     how many arrived.
     * @param firstArrival the cycle the first arrived.
     * @param lastArrival  the cycle the last arrived.
     * @param lastRelease  the cycle the last left (0 while nobody has).
     */
    public record Episode(String barrier, int index, int parties, int arrivals, long firstArrival, long lastArrival,
        long lastRelease)
    {
        /** @return cycles from the first arrival to the last release. */
        public long span()
        {
            return lastRelease - firstArrival;
        }

        /** @return cycles from the last arrival to the last release. */
        public long release()
        {
            return lastRelease - lastArrival;
        }
    }

    /** Per barrier: per episode {parties, arrivals, first arrival, last arrival, last release}. */
    private final Map<String, List<long[]>> episodes = new LinkedHashMap<>();
    /** Per barrier: per participant, its arrivals and its releases so far. */
    private final Map<String, Map<Integer, int[]>> seen = new HashMap<>();

    /**
     * @param barrier the barrier's name.
     * @param who     the participant (a core's gid).
     * @param parties the barrier's parties.
     * @param cycle   the participant's cycle as it arrives.
     */
    public synchronized void arrive(final String barrier, final int who, final int parties, final long cycle)
    {
        final int[] mine = seen.computeIfAbsent(barrier, k -> new HashMap<>()).computeIfAbsent(who, k -> new int[2]);
        final List<long[]> list = episodes.computeIfAbsent(barrier, k -> new ArrayList<>());
        final int e = mine[0]++;
        while (list.size() <= e)
        {
            list.add(new long[] {parties, 0, Long.MAX_VALUE, 0, 0});
        }
        final long[] ep = list.get(e);
        ep[1]++;
        ep[2] = Math.min(ep[2], cycle);
        ep[3] = Math.max(ep[3], cycle);
    }

    /**
     * @param barrier the barrier's name.
     * @param who     the participant.
     * @param cycle   the participant's cycle as it leaves.
     */
    public synchronized void release(final String barrier, final int who, final long cycle)
    {
        final int[] mine = seen.computeIfAbsent(barrier, k -> new HashMap<>()).computeIfAbsent(who, k -> new int[2]);
        final List<long[]> list = episodes.get(barrier);
        final int e = mine[1]++;
        if (list != null && e < list.size())
        {
            list.get(e)[4] = Math.max(list.get(e)[4], cycle);
        }
    }

    /** @return every episode, barrier by barrier in the order they were first used, then by index. */
    public synchronized List<Episode> episodes()
    {
        final List<Episode> out = new ArrayList<>();
        episodes.forEach((name, list) ->
        {
            for (int i = 0; i < list.size(); i++)
            {
                final long[] ep = list.get(i);
                out.add(new Episode(name, i, (int)ep[0], (int)ep[1], ep[2], ep[3], ep[4]));
            }
        });
        return out;
    }
}
