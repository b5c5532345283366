package org.smpboot.runtime.barrier;

import org.agrona.concurrent.AtomicBuffer;
import org.smpboot.runtime.region.Slot;
import org.smpboot.runtime.wait.BoundedWait;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * Combining tree barrier with a configurable fan-in, and a central release word (the arrangement Mellor-Crummey and
 * Scott recommend for cache-coherent machines): arrivals spread over {@code ceil(N / fanIn)} leaf counters, the last
 * arriver at a node climbs to its parent, and the last arriver at the root releases everyone with one store.
 *
 * <p>Shape: participant {@code p} arrives at leaf {@code p / fanIn}; node {@code j} of level {@code l} has parent
 * {@code j / fanIn} on level {@code l + 1}; a node has as many children as its group holds (the last group of a level
 * may be smaller); the top level has one node. With one participant there is one leaf, which is the root. The fan-in is
 * in the header, so {@link #wrap} rebuilds the same tree.
 *
 * <p>A flyweight, used as {@link CentralizedBarrier} is: {@link #initialize(AtomicBuffer, int, int, int)} writes one,
 * {@link #wrap(AtomicBuffer, int)} joins one.
 *
 * <h2>Layout ({@link #footprint(int, int)} bytes from an offset aligned to {@link Slot#ALIGNMENT})</h2>
 * <pre>
 *   offset                          type  word
 *   +0                              long  broken word: 0, or bit 63 | breaker &lt;&lt; 32 | episode
 *   +8                              int   parties
 *   +12                             int   tag, ASCII "TREE"
 *   +16                             int   shape: the fan-in (at least 2)
 *   +128 * (1 + p)                  int   arrival record of participant p: last episode arrived at
 *   +128 * (1 + parties)            int   release word: the last completed episode (-1 after initialize)
 *   +128 * (2 + parties + n)        long  node n (levels from the leaves, node 0 first): children still to arrive in
 *                                         the current episode (initialize writes the child count)
 * </pre>
 *
 * <h2>Memory ordering</h2>
 * A node counter is decremented with {@code getAndAddLong} (a full fence). The last child to arrive at a node (it read
 * 1) resets the counter to the child count with a plain store, then climbs: the reset is ordered before the root's
 * release store, and the next episode's arrivals happen after they acquire that release, so they see the reset. The
 * root's last arriver publishes the episode with a release store; waiters read the release word with volatile loads.
 * The chain of read-modify-writes up the tree carries every participant's earlier writes to the root arriver and from
 * it, through the release, to every waiter.
 */
public final class CombiningTreeBarrier extends AbstractBarrier
{
    /** Header tag, ASCII "TREE". */
    static final int TAG = 0x54524545;

    private int fanIn;
    private int releaseOffset;
    /** First node index of each level; the last entry is the node count. */
    private int[] levelStart;
    /** Children of each node. */
    private int[] children;

    /**
     * An unwrapped flyweight: {@link #initialize(AtomicBuffer, int, int, int)} writes a new barrier, {@link #wrap}
     * joins one.
     *
     * @param policy how waiters idle, and the default bound of a wait.
     * @param name   name used in error messages.
     */
    public CombiningTreeBarrier(final WaitPolicy policy, final String name)
    {
        super(TAG, policy, name);
    }

    /**
     * Joins the barrier initialised at {@code offset}: reads its parties and fan-in from its header; writes nothing.
     *
     * @param buffer the shared memory.
     * @param offset first byte, a multiple of {@link Slot#ALIGNMENT}.
     * @return this.
     * @throws IllegalStateException when the memory there holds no combining tree barrier.
     */
    public CombiningTreeBarrier wrap(final AtomicBuffer buffer, final int offset)
    {
        wrapHeader(buffer, offset);
        return this;
    }

    /**
     * Writes a new barrier over whatever the memory held ({@link #initialize()}) and wraps it. Must happen before any
     * participant wraps or awaits it, with a happens-before edge to each (see {@link Barrier}).
     *
     * @param buffer  the shared memory.
     * @param offset  first byte, a multiple of {@link Slot#ALIGNMENT}.
     * @param parties number of participants, at least 1.
     * @param fanIn   children per node, at least 2.
     * @return this.
     */
    public CombiningTreeBarrier initialize(final AtomicBuffer buffer, final int offset, final int parties,
        final int fanIn)
    {
        bind(buffer, offset, parties, fanIn);
        initialize();
        return this;
    }

    @Override
    int shape(final int parties, final int fanIn)
    {
        final int[] starts = levelStarts(parties, fanIn);
        final int nodes = starts[starts.length - 1];
        final int[] kids = new int[nodes];
        int below = parties;
        for (int level = 0; level < starts.length - 1; level++)
        {
            for (int j = starts[level]; j < starts[level + 1]; j++)
            {
                final int first = (j - starts[level]) * fanIn;
                kids[j] = Math.min(fanIn, below - first);
            }
            below = starts[level + 1] - starts[level];
        }
        this.fanIn = fanIn;
        this.levelStart = starts;
        this.children = kids;
        return 1 + nodes;
    }

    @Override
    int shapeWord()
    {
        return fanIn;
    }

    @Override
    void bound()
    {
        releaseOffset = algorithmOffset;
    }

    @Override
    String kind()
    {
        return "combining tree barrier";
    }

    /**
     * @param parties number of participants.
     * @param fanIn   children per node, at least 2.
     * @return bytes needed, a multiple of {@link Slot#LENGTH}.
     */
    public static int footprint(final int parties, final int fanIn)
    {
        return frameFootprint(parties, algorithmSlots(parties, fanIn));
    }

    private static int algorithmSlots(final int parties, final int fanIn)
    {
        final int[] starts = levelStarts(parties, fanIn);
        return 1 + starts[starts.length - 1];
    }

    private static int[] levelStarts(final int parties, final int fanIn)
    {
        if (fanIn < 2)
        {
            throw new IllegalArgumentException("combining tree: fan-in must be at least 2, got " + fanIn);
        }
        if (parties < 1)
        {
            throw new IllegalArgumentException("combining tree: parties must be at least 1, got " + parties);
        }
        int levels = 0;
        int width = parties;
        do
        {
            width = (width + fanIn - 1) / fanIn;
            levels++;
        }
        while (width > 1);
        final int[] starts = new int[levels + 1];
        width = parties;
        for (int level = 0; level < levels; level++)
        {
            width = (width + fanIn - 1) / fanIn;
            starts[level + 1] = starts[level] + width;
        }
        return starts;
    }

    /** @return children per node. */
    public int fanIn()
    {
        return fanIn;
    }

    /** @return levels of the tree, 1 when a single node is both leaf and root. */
    public int levels()
    {
        return levelStart.length - 1;
    }

    private int nodeOffset(final int node)
    {
        return Slot.at(algorithmOffset, 1 + node);
    }

    @Override
    void initializeAlgorithm()
    {
        buffer.putInt(releaseOffset, -1);
        for (int node = 0; node < children.length; node++)
        {
            buffer.putLong(nodeOffset(node), children[node]);
        }
    }

    @Override
    void awaitNanos(final int participant, final long timeoutNs)
    {
        final int episode = recordArrival(participant);
        final int top = levelStart.length - 2;
        int index = participant / fanIn;
        for (int level = 0; ; level++)
        {
            final int node = levelStart[level] + index;
            final int nodeOffset = nodeOffset(node);
            if (buffer.getAndAddLong(nodeOffset, -1) != 1)
            {
                awaitRelease(participant, episode, level, timeoutNs);
                return;
            }
            buffer.putLong(nodeOffset, children[node]); // re-arm for the next episode before climbing
            if (level == top)
            {
                buffer.putIntRelease(releaseOffset, episode);
                return;
            }
            index /= fanIn;
        }
    }

    private void awaitRelease(final int participant, final int episode, final int level, final long timeoutNs)
    {
        if (buffer.getIntVolatile(releaseOffset) == episode)
        {
            return;
        }
        final BoundedWait wait = beginWait(participant, level, timeoutNs);
        while (buffer.getIntVolatile(releaseOffset) != episode)
        {
            wait.idle();
        }
        wait.end();
    }

    @Override
    String stage(final int step)
    {
        final String tree = "combining tree barrier '" + name + "' (fan-in " + fanIn + ", " + levels() + " levels)";
        return step < 0 ? tree : tree + ", waiting after level " + step;
    }

    @Override
    String word(final int participant, final int step)
    {
        return "release word @" + releaseOffset;
    }
}
