package org.smpboot.runtime.barrier;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.AtomicBuffer;
import org.smpboot.runtime.internal.AgronaFlag;
import org.smpboot.runtime.region.Slot;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * Two-level barrier: a {@code local_barrier} per cluster and a {@code global_barrier} among one representative per
 * cluster, the pair ALMOS-MKH's {@code kernel_init} uses. Both levels are {@link CentralizedBarrier}s.
 *
 * <p>{@link #await(int)}: a participant arrives at its cluster's local barrier; the last local arriver of the episode
 * is the cluster's representative and runs the global barrier as participant {@code cluster}, then releases its cluster
 * (with {@link Release#WATCH_GLOBAL}, unless a waiter of the cluster that saw the global release did it first). Hence
 * nobody leaves before every participant of every cluster has arrived, and no core idles waiting for a designated CP0
 * to show up. A barrier of one party is a no-op that still costs its words' cache lines, and the line moves between
 * cores whenever the one party is a different thread each episode (the last local arriver changes), so the whole skips
 * such a level: the participant of a cluster of one arrives directly at the global barrier as participant
 * {@code cluster}, and when there is a single cluster its local barrier is the whole episode. Every other piece
 * advances exactly one episode per episode of the whole; a skipped piece stays as {@link #initialize()} left it.
 *
 * <p>The pieces are usable on their own ({@link #globalBarrier()}, {@link #localBarrier(int)}) for a caller that
 * composes them itself, as kernel_init does ("CP0s meet at global_barrier, then each cluster at its local_barrier").
 * Use either the whole or the pieces on a given memory, not both: their episode counts would diverge.
 *
 * <p>A flyweight, used as {@link CentralizedBarrier} is: {@link #initialize(AtomicBuffer, int, ClusterTopology)}
 * writes one, {@link #wrap(AtomicBuffer, int)} joins one, reading the topology from memory (the header and the table
 * of clusters), so that another process rebuilds the same barrier knowing only where it is.
 *
 * <h2>Layout ({@link #footprint(ClusterTopology)} bytes from an offset aligned to {@link Slot#ALIGNMENT})</h2>
 * <pre>
 *   offset                  type  word
 *   +0                      long  0 (the pieces hold the broken words)
 *   +8                      int   parties
 *   +12                     int   tag, ASCII "HIER"
 *   +16                     int   shape: clusters
 *   +20                     int   release: 0 {@link Release#REPRESENTATIVE}, 1 {@link Release#WATCH_GLOBAL}
 *   +128 + 4 * p            int   cluster of participant p (the table: align(4 * parties) bytes)
 *   G = +128 + table        the global barrier among clusters ({@code CentralizedBarrier.footprint(clusters)} bytes)
 *   G + global footprint    the local barrier of cluster 0, then 1, ... ({@code CentralizedBarrier.footprint(size(c))}
 *                           bytes each)
 * </pre>
 * Every piece is present even when the whole skips it (a cluster of one, or the global barrier of a single cluster), so
 * that the layout depends on the topology only through the sizes and the pieces stay usable on their own. A
 * participant's arrival record is its local barrier's record, or for a cluster of one the global barrier's record of
 * its cluster.
 *
 * <h2>Memory ordering</h2>
 * That of {@link CentralizedBarrier}, chained (local arrival RMWs, then the global episode, then the local release); a
 * skipped level drops out of the chain and leaves one centralized barrier's ordering. With
 * {@link Release#REPRESENTATIVE} the local release is the representative's release store. With
 * {@link Release#WATCH_GLOBAL}, when both levels run, a local waiter polls its local state word and, on the same round,
 * the global one (acquire loads): the levels' episodes run in step (each advances once per episode of the whole, from
 * 0), so a global episode past the waiter's own proves that every participant arrived, and the waiter ends its local
 * episode itself with a CAS from (episode, all arrived) before it returns; the representative's release is the same
 * CAS, so exactly one of them advances the word and nobody arrives at the next local episode before it has advanced.
 * The release is in the header, so that no flyweight releases with a store a barrier whose waiters release too. The
 * header and the table are written with plain stores before the pieces are initialised (each ends with a volatile
 * store), and read by {@code wrap} with plain loads under the happens-before edge every participant needs from
 * {@code initialize}.
 *
 * <p>Failure: a timeout anywhere names, in participant numbers of the whole, exactly the participants whose arrival
 * record is not the current episode, and marks every piece broken.
 */
public final class HierarchicalBarrier implements Barrier
{
    /** Header tag, ASCII "HIER". */
    static final int TAG = 0x48494552;
    private static final int PARTIES = 8;
    private static final int TAG_AT = 12;
    private static final int CLUSTERS = 16;
    private static final int RELEASE_AT = 20;

    /**
     * Who ends a cluster's episode once the global barrier has passed it; written in the header, so every flyweight of
     * one barrier does the same.
     */
    public enum Release
    {
        /**
         * The cluster's representative (its last arriver), when it comes back from the global barrier: a waiter polls
         * only its own cluster's word. What a machine whose polls cross a mesh uncached wants (the simulated TSAR,
         * kernel_init's CP0 releasing its cluster): every poll of the global word would be a remote access.
         */
        REPRESENTATIVE(0),
        /**
         * The representative or any waiter of the cluster that sees the global episode pass its own, whichever comes
         * first (a CAS from (episode, all arrived)): a waiter polls its cluster's word and the global one. What threads
         * that share processors want: no waiter waits for its representative to be scheduled again after the global
         * release (8 threads on 2 cores: 10 us an episode against 15; README, "Benchmarks").
         */
        WATCH_GLOBAL(1);

        final int code;

        Release(final int code)
        {
            this.code = code;
        }

        static Release of(final int code)
        {
            return code == 0 ? REPRESENTATIVE : code == 1 ? WATCH_GLOBAL : null;
        }
    }

    private final WaitPolicy basePolicy;
    private final String name;
    private ClusterTopology topology;
    private WaitPolicy policy;
    private AtomicBuffer buffer;
    private int offset;
    private int footprint;
    private CentralizedBarrier global;
    private CentralizedBarrier[] locals;
    private Release release = Release.WATCH_GLOBAL;

    /**
     * An unwrapped flyweight: {@link #initialize(AtomicBuffer, int, ClusterTopology)} writes a new barrier,
     * {@link #wrap} joins one.
     *
     * @param policy how waiters idle, and the default bound of a wait.
     * @param name   name used in error messages; the pieces are {@code name/global_barrier} and
     *               {@code name/local_barrier[c]}.
     */
    public HierarchicalBarrier(final WaitPolicy policy, final String name)
    {
        this.basePolicy = policy;
        this.name = name;
    }

    /**
     * Joins the barrier initialised at {@code offset}: reads its topology from its header and table and wraps the
     * pieces; writes nothing.
     *
     * @param buffer the shared memory.
     * @param offset first byte, a multiple of {@link Slot#ALIGNMENT}.
     * @return this.
     * @throws IllegalStateException when the memory there holds no hierarchical barrier, or pieces that do not match
     *                               its table.
     */
    public HierarchicalBarrier wrap(final AtomicBuffer buffer, final int offset)
    {
        AgronaFlag.ensure();
        Slot.checkPlacement(name, offset, Slot.LENGTH, buffer.capacity());
        final int tag = buffer.getInt(offset + TAG_AT);
        final int parties = buffer.getInt(offset + PARTIES);
        final int clusters = buffer.getInt(offset + CLUSTERS);
        if (tag != TAG || parties < 1 || clusters < 1 || clusters > parties ||
            (long)offset + Slot.LENGTH + 4L * parties > buffer.capacity())
        {
            throw new IllegalStateException("hierarchical barrier '" + name + "': no such barrier at offset " +
                offset + ": its header holds tag " + AbstractBarrier.tagName(tag) + ", " + parties + " parties and " +
                clusters + " clusters (expected tag " + AbstractBarrier.tagName(TAG) + "); initialize it there first");
        }
        final int[] clusterOf = new int[parties];
        for (int p = 0; p < parties; p++)
        {
            clusterOf[p] = buffer.getInt(offset + Slot.LENGTH + 4 * p);
        }
        final ClusterTopology read;
        try
        {
            read = ClusterTopology.ofClusterIds(clusterOf);
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalStateException("hierarchical barrier '" + name + "' at offset " + offset +
                ": its cluster table is corrupt: " + e.getMessage(), e);
        }
        if (read.clusters() != clusters)
        {
            throw new IllegalStateException("hierarchical barrier '" + name + "' at offset " + offset + ": header says " +
                clusters + " clusters, its cluster table " + read.clusters());
        }
        final int code = buffer.getInt(offset + RELEASE_AT);
        final Release mode = Release.of(code);
        if (mode == null)
        {
            throw new IllegalStateException("hierarchical barrier '" + name + "' at offset " + offset +
                ": its release word holds " + code + " (0 or 1 expected); initialize it there first");
        }
        bind(buffer, offset, read, false);
        this.release = mode;
        return this;
    }

    /**
     * Writes a new barrier for {@code topology} over whatever the memory held ({@link #initialize()}) and wraps it.
     * Must happen before any participant wraps or awaits it, with a happens-before edge to each (see {@link Barrier}).
     *
     * @param buffer   the shared memory.
     * @param offset   first byte, a multiple of {@link Slot#ALIGNMENT}.
     * @param topology which participants are in which cluster.
     * @return this, whose waiters watch the global barrier ({@link Release#WATCH_GLOBAL}).
     */
    public HierarchicalBarrier initialize(final AtomicBuffer buffer, final int offset, final ClusterTopology topology)
    {
        return initialize(buffer, offset, topology, Release.WATCH_GLOBAL);
    }

    /**
     * Writes a new barrier for {@code topology} over whatever the memory held ({@link #initialize()}) and wraps it,
     * with the given release. Must happen before any participant wraps or awaits it, with a happens-before edge to
     * each (see {@link Barrier}).
     *
     * @param buffer   the shared memory.
     * @param offset   first byte, a multiple of {@link Slot#ALIGNMENT}.
     * @param topology which participants are in which cluster.
     * @param release  who ends a cluster's episode after the global one.
     * @return this.
     */
    public HierarchicalBarrier initialize(
        final AtomicBuffer buffer, final int offset, final ClusterTopology topology, final Release release)
    {
        bind(buffer, offset, topology, true);
        this.release = Objects.requireNonNull(release, "release");
        initialize();
        return this;
    }

    /** @return who ends a cluster's episode after the global one (read from the header by {@link #wrap}). */
    public Release release()
    {
        return release;
    }

    private void bind(final AtomicBuffer buffer, final int offset, final ClusterTopology topology, final boolean fresh)
    {
        AgronaFlag.ensure();
        this.buffer = null; // a failed bind leaves the flyweight unwrapped, not half-bound
        final int footprint = footprint(topology);
        Slot.checkPlacement(name, offset, footprint, buffer.capacity());
        final WaitPolicy policy = basePolicy.forContenders(topology.parties()); // every participant may wait
        int at = offset + Slot.LENGTH + tableLength(topology.parties());
        final CentralizedBarrier global = new CentralizedBarrier(policy, name + "/global_barrier");
        final CentralizedBarrier[] locals = new CentralizedBarrier[topology.clusters()];
        for (int c = -1; c < locals.length; c++)
        {
            final CentralizedBarrier piece = c < 0 ? global :
                (locals[c] = new CentralizedBarrier(policy, name + "/local_barrier[" + c + "]"));
            final int parties = c < 0 ? topology.clusters() : topology.size(c);
            if (fresh)
            {
                piece.bind(buffer, at, parties, 0);
            }
            else
            {
                piece.wrap(buffer, at);
                if (piece.parties() != parties)
                {
                    throw new IllegalStateException("hierarchical barrier '" + name + "' at offset " + offset + ": " +
                        piece.name() + " has " + piece.parties() + " parties, the cluster table says " + parties);
                }
            }
            at += piece.footprint();
        }
        this.topology = topology;
        this.policy = policy;
        this.global = global;
        this.locals = locals;
        this.offset = offset;
        this.footprint = footprint;
        this.buffer = buffer;
    }

    private static int tableLength(final int parties)
    {
        return Slot.align(Math.multiplyExact(parties, Integer.BYTES));
    }

    /**
     * @param topology which participants are in which cluster.
     * @return bytes needed, a multiple of {@link Slot#LENGTH}.
     */
    public static int footprint(final ClusterTopology topology)
    {
        int bytes = Slot.LENGTH + tableLength(topology.parties()) + CentralizedBarrier.footprint(topology.clusters());
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
        return topology == null ? 0 : topology.parties();
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public void await(final int participant)
    {
        checkWrapped();
        awaitNanos(participant, policy.timeoutNs());
    }

    @Override
    public void await(final int participant, final long timeout, final TimeUnit unit)
    {
        awaitNanos(participant, unit.toNanos(timeout));
    }

    private void awaitNanos(final int participant, final long timeoutNs)
    {
        checkWrapped();
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
                    // with WATCH_GLOBAL a local waiter also watches the global barrier, whose episodes run in step with
                    // its cluster's when both levels run: its release ends the wait without the representative's
                    first.awaitRelease(firstIndex, episode, timeoutNs,
                        release == Release.WATCH_GLOBAL && !alone && locals.length > 1 ? global : null);
                }
                else if (alone || locals.length == 1)
                {
                    // the last arriver of the top level: the global barrier of a single cluster would be a no-op
                    first.release(episode);
                }
                else
                {
                    global.awaitNanos(cluster, timeoutNs);
                    if (release == Release.WATCH_GLOBAL)
                    {
                        first.releaseOnce(episode); // a waiter that saw the global release may have released it already
                    }
                    else
                    {
                        first.release(episode);
                    }
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
        checkWrapped();
        for (int p = 0; p < topology.parties(); p++)
        {
            buffer.putInt(offset + Slot.LENGTH + 4 * p, topology.clusterOf(p));
        }
        buffer.putLong(offset, 0L);
        buffer.putInt(offset + PARTIES, topology.parties());
        buffer.putInt(offset + TAG_AT, TAG);
        buffer.putInt(offset + CLUSTERS, topology.clusters());
        buffer.putInt(offset + RELEASE_AT, release.code);
        global.initialize(); // each piece ends with a volatile store, which publishes the header and table too
        for (final CentralizedBarrier local : locals)
        {
            local.initialize();
        }
    }

    private void checkWrapped()
    {
        if (buffer == null)
        {
            throw new IllegalStateException("hierarchical barrier '" + name + "' is not wrapped: call wrap or " +
                "initialize first");
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

    /** @return the buffer the barrier lives in (null before wrap). */
    public AtomicBuffer buffer()
    {
        return buffer;
    }

    @Override
    public String toString()
    {
        return buffer == null ? "hierarchical barrier '" + name + "' (not wrapped)" :
            stage() + " @" + offset + " (" + policy + ")";
    }
}
