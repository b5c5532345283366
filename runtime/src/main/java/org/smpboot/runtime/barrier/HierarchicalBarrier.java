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
 * CP0 to show up. Every piece advances exactly one episode per episode of the whole.
 *
 * <p>The pieces are usable on their own ({@link #globalBarrier()}, {@link #localBarrier(int)}) for a caller that
 * composes them itself, as kernel_init does ("CP0s meet at global_barrier, then each cluster at its local_barrier").
 * Use either the whole or the pieces on a given memory, not both: their episode counts would diverge.
 *
 * <p>Layout ({@link #footprint(ClusterTopology)} bytes from an offset aligned to {@link Slot#ALIGNMENT}): the global
 * barrier ({@code CentralizedBarrier.footprint(clusters)} bytes), then the local barrier of cluster 0, 1, ...
 * ({@code CentralizedBarrier.footprint(size(c))} bytes each). Memory ordering: that of {@link CentralizedBarrier}, chained
 * (local arrival RMWs, then the global episode, then the local release store).
 *
 * <p>Failure: a timeout anywhere names, in participant numbers of the whole, exactly the participants whose local
 * arrival record is not the current episode, and marks every piece broken.
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
        final CentralizedBarrier local = locals[cluster];
        try
        {
            final long arrival = local.arrive(topology.localIndex(participant));
            final int episode = (int)(arrival >>> 32);
            try
            {
                if ((arrival & 1) != 0)
                {
                    global.awaitNanos(cluster, timeoutNs);
                    local.release(episode);
                }
                else
                {
                    local.awaitRelease(topology.localIndex(participant), episode, timeoutNs);
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

    /** @return participants of the whole whose local arrival record is not {@code episode}, ascending. */
    private int[] missing(final int episode)
    {
        int count = 0;
        final int[] scratch = new int[topology.parties()];
        for (int c = 0; c < locals.length; c++)
        {
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
        return locals[topology.clusterOf(participant)].arrivedEpisode(topology.localIndex(participant));
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
