package org.smpboot.runtime.barrier;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.AtomicBuffer;
import org.smpboot.runtime.region.Slot;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * Two-level barrier: a {@code local_barrier} per cluster and a {@code global_barrier} among one representative per
 * cluster, the pair ALMOS-MKH's {@code kernel_init} uses. Both levels are {@link CentralizedBarrier}s.
 *
 * <p>{@link #await(int)}: a participant arrives at its cluster's local barrier; the last local arriver of the episode is
 * the cluster's representative and runs the global barrier as participant {@code cluster}, then releases its cluster.
 * Hence nobody leaves before every participant of every cluster has arrived, and no core idles waiting for a designated
 * CP0 to show up. A barrier of one party is a no-op that still costs its words' cache lines, and the line moves between
 * cores whenever the one party is a different thread each episode (the last local arriver changes), so the whole skips
 * such a level: the participant of a cluster of one arrives directly at the global barrier as participant
 * {@code cluster}, and when there is a single cluster its local barrier is the whole episode. Every other piece advances
 * exactly one episode per episode of the whole; a skipped piece stays as {@link #initialize()} left it.
 *
 * <p>The pieces are usable on their own ({@link #globalBarrier()}, {@link #localBarrier(int)}) for a caller that
 * composes them itself, as kernel_init does ("CP0s meet at global_barrier, then each cluster at its local_barrier").
 * Use either the whole or the pieces on a given memory, not both: their episode counts would diverge.
 *
 * <p>Layout ({@link #footprint(ClusterTopology)} bytes from an offset aligned to {@link Slot#ALIGNMENT}): the global
 * barrier ({@code CentralizedBarrier.footprint(clusters)} bytes), then the local barrier of cluster 0, 1, ...
 * ({@code CentralizedBarrier.footprint(size(c))} bytes each). Every piece is present even when the whole skips it (a
 * cluster of one, or the global barrier of a single cluster), so that the layout depends on the topology only through
 * the sizes and the pieces stay usable on their own. A participant's arrival record is its local barrier's record, or
 * for a cluster of one the global barrier's record of its cluster. Memory ordering: that of {@link CentralizedBarrier},
 * chained (local arrival RMWs, then the global episode, then the local release store); a skipped level drops out of the
 * chain and leaves one centralized barrier's ordering.
 *
 * <p>Failure: a timeout anywhere names, in participant numbers of the whole, exactly the participants whose arrival
 * record is not the current episode, and marks every piece broken.
 */
public final class HierarchicalBarrier implements Barrier
{
    private final ClusterTopology topology;
    private final String name;
    private final WaitPolicy policy;
    private final int offset;
    private final int footprint;
    private final CentralizedBarrier global;
    private final CentralizedBarrier[] locals;

    /**
     * @param buffer   the shared memory.
     * @param offset   first byte, a multiple of {@link Slot#ALIGNMENT}.
     * @param topology which participants are in which cluster.
     * @param policy   how waiters idle, and the default bound of a wait.
     * @param name     name used in error messages; the pieces are {@code name/global_barrier} and
     *                 {@code name/local_barrier[c]}.
     */
    public HierarchicalBarrier(
        final AtomicBuffer buffer, final int offset, final ClusterTopology topology, final WaitPolicy policy,
        final String name)
    {
        this.footprint = footprint(topology);
        Slot.checkPlacement(name, offset, footprint, buffer.capacity());
        this.topology = topology;
        this.name = name;
        this.policy = policy.forContenders(topology.parties()); // every participant may wait, not one cluster
        this.offset = offset;
        int at = offset;
        this.global = new CentralizedBarrier(buffer, at, topology.clusters(), this.policy, name + "/global_barrier");
        at += global.footprint();
        this.locals = new CentralizedBarrier[topology.clusters()];
        for (int c = 0; c < locals.length; c++)
        {
            locals[c] = new CentralizedBarrier(
                buffer, at, topology.size(c), this.policy, name + "/local_barrier[" + c + "]");
            at += locals[c].footprint();
        }
    }

    /**
     * @param topology which participants are in which cluster.
     * @return bytes needed, a multiple of {@link Slot#LENGTH}.
     */
    public static int footprint(final ClusterTopology topology)
    {
        int bytes = CentralizedBarrier.footprint(topology.clusters());
        for (int c = 0; c < topology.clusters(); c++)
        {
            bytes = Math.addExact(bytes, CentralizedBarrier.footprint(topology.size(c)));
        }
        return bytes;
    }

    /** @return bytes this barrier occupies from its offset. */
    public int footprint()
    {
        return footprint;
    }

    /** @return first byte of the barrier in its buffer. */
    public int offset()
    {
        return offset;
    }

    /** @return the topology. */
    public ClusterTopology topology()
    {
        return topology;
    }

    /** @return the barrier among clusters (participant number = cluster number). */
    public CentralizedBarrier globalBarrier()
    {
        return global;
    }

    /**
     * @param cluster a cluster.
     * @return the barrier among that cluster's participants (participant number = local index).
     */
    public CentralizedBarrier localBarrier(final int cluster)
    {
        return locals[cluster];
    }

    @Override
    public int parties()
    {
        return topology.parties();
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public void await(final int participant)
    {
        awaitNanos(participant, policy.timeoutNs());
    }

    @Override
    public void await(final int participant, final long timeout, final TimeUnit unit)
    {
        awaitNanos(participant, unit.toNanos(timeout));
    }

    private void awaitNanos(final int participant, final long timeoutNs)
    {
        if (participant < 0 || participant >= topology.parties())
        {
            throw new IllegalArgumentException(stage() + ": participant " + participant + " out of range 0.." +
                (topology.parties() - 1));
        }
        final int cluster = topology.clusterOf(participant);
        final boolean alone = topology.size(cluster) == 1;
        // a cluster of one arrives at the global barrier directly: its local episode would be a no-op
        final CentralizedBarrier first = alone ? global : locals[cluster];
        final int firstIndex = alone ? cluster : topology.localIndex(participant);
        try
        {
            final long arrival = first.arrive(firstIndex);
            final int episode = (int)(arrival >>> 32);
            try
            {
                if ((arrival & 1) == 0)
                {
                    first.awaitRelease(firstIndex, episode, timeoutNs);
                }
                else if (alone || locals.length == 1)
                {
                    // the last arriver of the top level: the global barrier of a single cluster would be a no-op
                    first.release(episode);
                }
                else
                {
                    global.awaitNanos(cluster, timeoutNs);
                    first.release(episode);
                }
            }
            catch (final BarrierTimeoutException e)
            {
                breakAll(episode);
                throw new BarrierTimeoutException(stage() + " at " + e.stage(), name, e.word(), episode, participant,
                    missing(episode), topology.parties(), e.waitedNs());
            }
        }
        catch (final BarrierBrokenException e)
        {
            breakAll(e.brokenEpisode());
            final int breaker = e.breaker() < 0 || e.stage().equals(global.stage(-1)) ?
                -1 : topology.participant(cluster, e.breaker());
            throw new BarrierBrokenException(stage() + " at " + e.stage(), e.word(), e.brokenEpisode(), breaker,
                participant);
        }
    }

    private void breakAll(final int episode)
    {
        global.markBroken(-1, episode);
        for (final CentralizedBarrier local : locals)
        {
            local.markBroken(-1, episode);
        }
    }

    /** @return participants of the whole whose arrival record is not {@code episode}, ascending. */
    private int[] missing(final int episode)
    {
        int count = 0;
        final int[] scratch = new int[topology.parties()];
        for (int c = 0; c < locals.length; c++)
        {
            if (topology.size(c) == 1)
            {
                if (global.arrivedEpisode(c) != episode)
                {
                    scratch[count++] = topology.participant(c, 0);
                }
                continue;
            }
            for (final int local : locals[c].missing(episode))
            {
                scratch[count++] = topology.participant(c, local);
            }
        }
        final int[] missing = Arrays.copyOf(scratch, count);
        Arrays.sort(missing);
        return missing;
    }

    @Override
    public void initialize()
    {
        global.initialize();
        for (final CentralizedBarrier local : locals)
        {
            local.initialize();
        }
    }

    @Override
    public int arrivedEpisode(final int participant)
    {
        final int cluster = topology.clusterOf(participant);
        return topology.size(cluster) == 1 ?
            global.arrivedEpisode(cluster) : locals[cluster].arrivedEpisode(topology.localIndex(participant));
    }

    @Override
    public boolean isBroken()
    {
        if (global.isBroken())
        {
            return true;
        }
        for (final CentralizedBarrier local : locals)
        {
            if (local.isBroken())
            {
                return true;
            }
        }
        return false;
    }

    private String stage()
    {
        return "hierarchical barrier '" + name + "' (" + topology + ")";
    }

    @Override
    public String toString()
    {
        return stage() + " @" + offset + " (" + policy + ")";
    }
}
