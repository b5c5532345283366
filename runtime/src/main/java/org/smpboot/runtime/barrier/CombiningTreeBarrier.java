package org.smpboot.runtime.barrier;

import org.agrona.concurrent.AtomicBuffer;
import org.smpboot.runtime.region.Slot;
import org.smpboot.runtime.wait.BoundedWait;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * Combining tree barrier with a configurable fan-in whose wake-up is a tree too (Yew, Tzeng and Lawrie's combining
 * tree; the wake-up down the same tree, as in Mellor-Crummey and Scott's tree barrier): arrivals spread over
 * {@code ceil(N / fanIn)} leaves, the last arriver at a node climbs to its parent, and the release comes back down.
 * Each node is one word, its children's count and its episode. A participant that is not the last at a leaf, or at
 * a node of level 1, waits on its leaf's word; one that is not the last at a higher node waits on that node's word.
 * The last arriver at the root releases the root, then every node it climbed through, top down; a waiter released at
 * level {@code l} releases the nodes it climbed through below {@code l}, top down. Releasing a node of level 2 or more
 * is one store into its word; releasing a node of level 1 is a store into its word (which nobody polls: it re-arms it)
 * and one into each of its leaves' words, which wakes the leaves' waiters and the participants that stopped at that
 * node at once. So no word has more than {@code fanIn} readers (a leaf's: its waiters and its climber), and the
 * wake-up takes one step fewer than the tree has levels (one for a single leaf), where a central release word is
 * polled by all {@code N - 1} waiters (N polls in series wherever polls are served one at a time: an uncached bank,
 * the simulator's mesh). Up to two levels ({@code fanIn^2} participants) the root's last arriver wakes everyone
 * itself, as a central word would: no waiter waits for another waiter to be scheduled first, which matters when
 * threads outnumber cores, and the stores in series stay at one a level but the last.
 *
 * <p>Shape: participant {@code p} arrives at leaf {@code p / fanIn}; node {@code j} of level {@code l} has parent
 * {@code j / fanIn} on level {@code l + 1}, so its subtree holds participants {@code j fanIn^(l+1)} to
 * {@code (j + 1) fanIn^(l+1) - 1}; a node has as many children as its group holds (the last group of a level may be
 * smaller); the top level has one node. With one participant there is one leaf, which is the root. The fan-in is in
 * the header, so {@link #wrap} rebuilds the same tree.
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
 *   +128 * (1 + parties + s(l, j))  long  node j of level l: bits 63..32 the node's episode (its sense: the release
 *                                         advances it), bits 31..0 children arrived in that episode
 *   where s(l, j) = (j * fanIn + 1) * fanIn^l - 1
 * </pre>
 * {@code s(l, j)} is the last participant of the node's first child's subtree (a leaf's is its first participant):
 * distinct for every node (the largest power of {@code fanIn} dividing {@code s + 1} is {@code fanIn^l}), inside the
 * node's own subtree whenever that subtree is complete, and below {@code 2 * parties}. So a memory that places slot
 * {@code k} with participant {@code (k - 1) mod parties} (the simulator's interleaved {@code global_barrier}, one slot
 * per participant's cluster in turn) puts each participant's arrival record in its own cluster and each node's word in
 * the cluster of one of the participants under it; when the fan-in is the cores per cluster and participants are
 * numbered cluster by cluster, a leaf's word lies in the bank of the cluster whose cores wait on it. Algorithm slots
 * that are no node's are never read or written. {@link #initialize()} writes every node word 0 (episode 0, nobody
 * arrived) and every arrival record -1.
 *
 * <h2>Memory ordering</h2>
 * An arrival at a node is one {@code getAndAddLong} (a full fence); the participant's pre-arrival writes and its
 * release store of its arrival record come before its first one. The last child to arrive at a node (its count
 * reaches the node's children) has, through the chain of read-modify-writes on that node, every child's writes, and
 * climbs; so the last arriver at the root has everyone's. Every release is a release store of
 * {@code episode + 1, count 0} into a node's word: the root's by its last arriver, a leaf's by the releaser of its
 * parent, any other node's by the participant that climbed from it. It re-arms the node for the next episode at the
 * same time, and cannot lose an arrival: the node's children are all in, and nobody under the node arrives at the
 * next episode before it has read (or, being the releaser, made) a release that comes after this store, in program
 * order: that is why a node of level 1 is re-armed before its leaves are released. Waiters poll their word with volatile (acquire) loads until
 * its episode changes; a waiter released at a level writes the words below it only after its acquire, so the chain of
 * release/acquire pairs down the tree carries every participant's writes to every return. Each node's episode
 * advances once per barrier episode, like the arrival records, which is how an arrival that finds a node at another
 * episode detects a participant number used twice or a barrier not initialised. Episodes wrap after 2^32, which is
 * safe because a waiter only tests "the word's episode differs from mine" and nobody can be an episode ahead of a
 * waiter under the same node.
 */
public final class CombiningTreeBarrier extends AbstractBarrier
{
    /** Header tag, ASCII "TREE". */
    static final int TAG = 0x54524545;

    private int fanIn;
    /** First node index of each level; the last entry is the node count. */
    private int[] levelStart;
    /** Participants under one node of each level, {@code fanIn^(l+1)}, capped above any participant number. */
    private long[] span;
    /** Children of each node. */
    private int[] children;
    /** Algorithm slot of each node, {@code s(l, j)}. */
    private int[] slot;
    /** Byte offset of each node's word, from {@link #slot} once bound. */
    private int[] nodeOffset;

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
        final int levels = starts.length - 1;
        final int nodes = starts[levels];
        final int[] kids = new int[nodes];
        final int[] slots = new int[nodes];
        final long[] spans = new long[levels];
        long below = 1; // participants under one node of the level below: fanIn^l
        int width = parties;
        for (int level = 0; level < levels; level++)
        {
            spans[level] = Math.min(below * fanIn, 1L << 32); // any participant divided by 2^32 is 0, as by more
            for (int j = starts[level]; j < starts[level + 1]; j++)
            {
                final int index = j - starts[level];
                kids[j] = Math.min(fanIn, width - index * fanIn);
                slots[j] = slot(index, fanIn, below);
            }
            width = starts[level + 1] - starts[level];
            below = spans[level];
        }
        this.fanIn = fanIn;
        this.levelStart = starts;
        this.span = spans;
        this.children = kids;
        this.slot = slots;
        this.nodeOffset = new int[nodes];
        return algorithmSlots(slots);
    }

    /** @return {@code s(l, j) = (j fanIn + 1) fanIn^l - 1}, with {@code below = fanIn^l}. */
    private static int slot(final int index, final int fanIn, final long below)
    {
        return Math.toIntExact(((long)index * fanIn + 1) * below - 1);
    }

    private static int algorithmSlots(final int[] slots)
    {
        int max = 0;
        for (final int s : slots)
        {
            max = Math.max(max, s);
        }
        return max + 1;
    }

    @Override
    int shapeWord()
    {
        return fanIn;
    }

    @Override
    void bound()
    {
        for (int node = 0; node < slot.length; node++)
        {
            nodeOffset[node] = Slot.at(algorithmOffset, slot[node]);
        }
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
        final int[] starts = levelStarts(parties, fanIn);
        final int levels = starts.length - 1;
        // the largest slot is that of the last node of some level (slots grow with the index)
        int max = 0;
        long below = 1;
        for (int level = 0; level < levels; level++)
        {
            max = Math.max(max, slot(starts[level + 1] - starts[level] - 1, fanIn, below));
            below = Math.min(below * fanIn, 1L << 32);
        }
        return frameFootprint(parties, max + 1);
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

    /**
     * @param level a level, 0 for the leaves.
     * @param index a node of that level, from 0.
     * @return the byte offset of that node's word in the buffer.
     */
    int nodeWordOffset(final int level, final int index)
    {
        return nodeOffset[levelStart[level] + index];
    }

    @Override
    void initializeAlgorithm()
    {
        for (final int at : nodeOffset)
        {
            buffer.putLong(at, 0L);
        }
    }

    @Override
    void awaitNanos(final int participant, final long timeoutNs)
    {
        final int episode = recordArrival(participant);
        final long released = (long)(episode + 1) << 32;
        final int top = levelStart.length - 2;
        int level = 0;
        while (true)
        {
            final int node = node(participant, level);
            final long before = buffer.getAndAddLong(nodeOffset[node], 1);
            if ((int)(before >>> 32) != episode)
            {
                throw misuse(participant, episode, level, before);
            }
            if ((int)before + 1 != children[node])
            {
                awaitNode(participant, episode, level, waitOffset(participant, level), timeoutNs);
                break; // released: release the nodes climbed through, below this one
            }
            if (level == top)
            {
                if (top == 0)
                {
                    buffer.putLongRelease(nodeOffset[node], released); // a single leaf: its waiters poll it
                    return;
                }
                level++; // the root's last arriver: release the root and the nodes climbed through
                break;
            }
            level++;
        }
        for (int l = level - 1; l >= 1; l--)
        {
            final int node = node(participant, l);
            // above level 1 this wakes the participants that stopped here; at level 1 it only re-arms the node, and
            // comes before the leaves' release so that whoever a leaf releases finds the node re-armed
            buffer.putLongRelease(nodeOffset[node], released);
            if (l == 1)
            {
                final int first = levelStart[0] + (int)(participant / span[1]) * fanIn;
                for (int leaf = first + children[node] - 1; leaf >= first; leaf--)
                {
                    buffer.putLongRelease(nodeOffset[leaf], released);
                }
            }
        }
    }

    /** @return the word a participant that stops at {@code level} waits on: its leaf's up to level 1, else the node's. */
    private int waitOffset(final int participant, final int level)
    {
        return nodeOffset[node(participant, level <= 1 ? 0 : level)];
    }

    private int node(final int participant, final int level)
    {
        return levelStart[level] + (int)(participant / span[level]);
    }

    private IllegalStateException misuse(final int participant, final int episode, final int level, final long before)
    {
        // the node and the participant's own record disagree: a number used twice, or memory not initialised
        markBroken(participant, episode);
        return new IllegalStateException(stage(-1) + ": participant " + participant + " arrives at episode " +
            Integer.toUnsignedString(episode) + " but " + nodeWord(participant, level) + " is at episode " +
            Integer.toUnsignedString((int)(before >>> 32)) + " (participant number used twice, or initialize() not " +
            "run); barrier marked broken");
    }

    /** Waits until the node word at {@code at} leaves {@code episode}. */
    private void awaitNode(final int participant, final int episode, final int level, final int at,
        final long timeoutNs)
    {
        if ((int)(buffer.getLongVolatile(at) >>> 32) != episode)
        {
            return;
        }
        // no progress() on another child's arrival: the waiter's backoff keeps growing, so that when threads outnumber
        // cores a waiter parks and leaves the core to those still to arrive (the release is all it waits for)
        final BoundedWait wait = beginWait(participant, level, timeoutNs);
        while ((int)(buffer.getLongVolatile(at) >>> 32) == episode)
        {
            wait.idle();
        }
        wait.end();
    }

    @Override
    String stage(final int step)
    {
        final int levels = levels();
        final String tree = "combining tree barrier '" + name + "' (fan-in " + fanIn + ", " + levels +
            (levels == 1 ? " level)" : " levels)");
        return step < 0 ? tree : tree + ", waiting at level " + step;
    }

    /** A waiter at level {@code step} polls its leaf's word up to level 1, its node's own word above. */
    @Override
    String word(final int participant, final int step)
    {
        return nodeWord(participant, step <= 1 ? 0 : step);
    }

    private String nodeWord(final int participant, final int level)
    {
        final int node = node(participant, level);
        return "node word (level " + level + ", node " + (node - levelStart[level]) + ") @" + nodeOffset[node];
    }
}
