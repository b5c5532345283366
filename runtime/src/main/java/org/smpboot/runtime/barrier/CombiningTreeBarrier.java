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
 * may be smaller); the top level has one node. With one participant there is one leaf, which is the root.
 *
 * <p>Layout ({@link #footprint(int, int)} bytes from an offset aligned to {@link Slot#ALIGNMENT}): the frame of
 * {@link AbstractBarrier}, then one slot for the release word ({@code int}, the last completed episode, -1 after
 * initialize), then one slot per node, level by level from the leaves ({@code long} count of children still to arrive
 * in the current episode; initialize writes the child count).
 *
 * <p>Memory ordering: a node counter is decremented with {@code getAndAddLong} (a full fence). The last child to arrive
 * at a node (it read 1) resets the counter to the child count with a plain store, then climbs: the reset is ordered
 * before the root's release store, and the next episode's arrivals happen after they acquire that release, so they see
 * the reset. The root's last arriver publishes the episode with a release store; waiters read the release word with
 * volatile loads. The chain of read-modify-writes up the tree carries every participant's earlier writes to the root
 * arriver and from it, through the release, to every waiter.
 */
public final class CombiningTreeBarrier extends AbstractBarrier
{
    /** Header tag, ASCII "TREE". */
    static final int TAG = 0x54524545;

    private final int fanIn;
    private final int releaseOffset;
    /** First node index of each level; the last entry is the node count. */
    private final int[] levelStart;
    /** Children of each node. */
    private final int[] children;

    /**
     * @param buffer  the shared memory.
     * @param offset  first byte, a multiple of {@link Slot#ALIGNMENT}.
     * @param parties number of participants, at least 1.
     * @param fanIn   children per node, at least 2.
     * @param policy  how waiters idle, and the default bound of a wait.
     * @param name    name used in error messages.
     */
    public CombiningTreeBarrier(
        final AtomicBuffer buffer, final int offset, final int parties, final int fanIn, final WaitPolicy policy,
        final String name)
    {
        super(buffer, offset, parties, algorithmSlots(parties, fanIn), TAG, policy, name);
        this.fanIn = fanIn;
        this.releaseOffset = algorithmOffset;
        this.levelStart = levelStarts(parties, fanIn);
        final int nodes = levelStart[levelStart.length - 1];
        this.children = new int[nodes];
        int below = parties;
        for (int level = 0; level < levelStart.length - 1; level++)
        {
            for (int j = levelStart[level]; j < levelStart[level + 1]; j++)
            {
                final int first = (j - levelStart[level]) * fanIn;
                children[j] = Math.min(fanIn, below - first);
            }
            below = levelStart[level + 1] - levelStart[level];
        }
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
