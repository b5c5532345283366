package org.smpboot.runtime.barrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.smpboot.runtime.region.Slot;
import org.smpboot.runtime.wait.TestBounds;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * The combining tree's wake-up is a tree: each node's word is written once per episode and polled only by participants
 * of its own subtree, in an episode a leaf's by at most {@code fanIn} of them (its waiters and its climber), a level 1
 * node's by none, a higher node's by at most {@code fanIn - 1} (a central release word would be polled by all
 * {@code N - 1} waiters); and the node words lie where the javadoc's offset table says.
 */
class CombiningTreeWakeUpTest
{
    private static final WaitPolicy POLICY = TestBounds.defaults(20, TimeUnit.SECONDS);

    /** Records, per episode and word, who polled it and how often it was released; the thread says who it is. */
    private static final class RecordingBuffer extends UnsafeBuffer
    {
        /** {participant, episode} of the calling thread, or null outside an await. */
        final ThreadLocal<int[]> who = new ThreadLocal<>();
        final Map<Long, Set<Integer>> pollers = new ConcurrentHashMap<>();
        final Map<Long, AtomicInteger> releases = new ConcurrentHashMap<>();

        RecordingBuffer(final int length)
        {
            super(ByteBuffer.allocateDirect(length));
        }

        private static long key(final int episode, final int offset)
        {
            return (long)episode << 32 | offset;
        }

        @Override
        public long getLongVolatile(final int index)
        {
            final int[] me = who.get();
            if (me != null)
            {
                pollers.computeIfAbsent(key(me[1], index), k -> ConcurrentHashMap.newKeySet()).add(me[0]);
            }
            return super.getLongVolatile(index);
        }

        @Override
        public void putLongRelease(final int index, final long value)
        {
            final int[] me = who.get();
            if (me != null)
            {
                releases.computeIfAbsent(key(me[1], index), k -> new AtomicInteger()).incrementAndGet();
            }
            super.putLongRelease(index, value);
        }
    }

    @ParameterizedTest(name = "{0} parties, fan-in {1}")
    @CsvSource({"16, 4", "64, 4", "13, 2", "27, 3"})
    void eachWordIsPolledByItsSubtreeOnlyAndReleasedOncePerEpisode(final int parties, final int fanIn)
        throws Exception
    {
        final int episodes = 30;
        final RecordingBuffer buffer = new RecordingBuffer(CombiningTreeBarrier.footprint(parties, fanIn));
        final CombiningTreeBarrier tree = new CombiningTreeBarrier(POLICY, "tree").initialize(buffer, 0, parties, fanIn);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < parties; p++)
        {
            final int participant = p;
            final CombiningTreeBarrier mine = new CombiningTreeBarrier(POLICY, "tree").wrap(buffer, 0);
            final Thread thread = new Thread(() ->
            {
                try
                {
                    for (int e = 0; e < episodes; e++)
                    {
                        buffer.who.set(new int[] {participant, e});
                        mine.await(participant);
                    }
                }
                catch (final Throwable t)
                {
                    failure.compareAndSet(null, t);
                }
                finally
                {
                    buffer.who.remove();
                }
            }, "party " + participant);
            thread.start();
            threads.add(thread);
        }
        for (final Thread t : threads)
        {
            t.join(TimeUnit.SECONDS.toMillis(60));
            assertFalse(t.isAlive(), "a participant is still inside the barrier");
        }
        assertEquals(null, failure.get());

        // which node each word is, and which participants are under it
        final Map<Integer, int[]> nodeAt = new java.util.HashMap<>(); // offset -> {level, first, last participant}
        long span = 1;
        for (int level = 0; level < tree.levels(); level++)
        {
            span *= fanIn;
            for (int j = 0; j * span < parties; j++)
            {
                nodeAt.put(tree.nodeWordOffset(level, j),
                    new int[] {level, (int)(j * span), (int)Math.min(parties - 1, (j + 1) * span - 1)});
            }
        }
        for (int e = 0; e < episodes; e++)
        {
            for (final Map.Entry<Integer, int[]> node : nodeAt.entrySet())
            {
                final long key = RecordingBuffer.key(e, node.getKey());
                final AtomicInteger released = buffer.releases.get(key);
                assertEquals(1, released == null ? 0 : released.get(), "episode " + e + ": releases of the word of " +
                    "node level " + node.getValue()[0] + " over participants " + node.getValue()[1] + ".." +
                    node.getValue()[2]);
            }
            for (final Map.Entry<Long, Set<Integer>> polled : buffer.pollers.entrySet())
            {
                if ((int)(polled.getKey() >>> 32) != e)
                {
                    continue;
                }
                final int offset = (int)(long)polled.getKey();
                final int[] node = nodeAt.get(offset);
                final Set<Integer> who = new TreeSet<>(polled.getValue());
                assertTrue(node != null, "episode " + e + ": participants " + who + " polled @" + offset +
                    ", which is no node's word");
                final int most = node[0] == 0 ? fanIn : node[0] == 1 ? 0 : fanIn - 1; // waiters (and a leaf's climber)
                assertTrue(who.size() <= most, "episode " + e + ": " + who.size() + " participants " + who +
                    " polled the word of level " + node[0] + " @" + offset + "; at most " + most);
                for (final int p : who)
                {
                    assertTrue(p >= node[1] && p <= node[2], "episode " + e + ": participant " + p + " polled the " +
                        "word of level " + node[0] + " over " + node[1] + ".." + node[2]);
                }
            }
        }
        assertEquals(nodeAt.keySet().size() * (long)episodes,
            buffer.releases.values().stream().mapToLong(AtomicInteger::get).sum(), "only node words are released");
        for (final int at : nodeAt.keySet())
        {
            assertEquals((long)episodes << 32, buffer.getLongVolatile(at), "node @" + at + ": episode " + episodes +
                ", nobody arrived in it");
        }
    }

    @Test
    void nodeWordsLieAtTheDocumentedSlotsAndInitializeTouchesNothingElse()
    {
        final int parties = 16;
        final int fanIn = 4;
        final int footprint = CombiningTreeBarrier.footprint(parties, fanIn);
        // header + 16 records + node slots: leaves 0 4 8 12, root (0 * 4 + 1) * 4 - 1 = 3
        assertEquals((1 + 16 + 13) * Slot.LENGTH, footprint);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[footprint]);
        buffer.setMemory(0, footprint, (byte)0x5a);
        final CombiningTreeBarrier tree = new CombiningTreeBarrier(POLICY, "t").initialize(buffer, 0, parties, fanIn);
        assertEquals(2, tree.levels());
        final int nodes = Slot.at(0, 1 + parties);
        for (int j = 0; j < 4; j++)
        {
            assertEquals(Slot.at(nodes, 4 * j), tree.nodeWordOffset(0, j), "leaf " + j);
            assertEquals(0L, buffer.getLong(Slot.at(nodes, 4 * j)), "leaf " + j + ": episode 0, count 0");
        }
        assertEquals(Slot.at(nodes, 3), tree.nodeWordOffset(1, 0), "root");
        assertEquals(0L, buffer.getLong(Slot.at(nodes, 3)));
        for (final int unused : new int[] {1, 2, 5, 6, 7, 9, 10, 11})
        {
            assertEquals(0x5a5a5a5a5a5a5a5aL, buffer.getLong(Slot.at(nodes, unused)), "slot " + unused + " is no node's");
        }
    }

    @ParameterizedTest(name = "{0} parties, fan-in {1}")
    @CsvSource({"256, 4", "1024, 4", "100, 4", "17, 4", "255, 2", "64, 2", "50, 7", "5, 4", "1, 4"})
    void eachNodeWordIsItsOwnSlotBelowTwiceThePartiesAndWithinItsSubtreeWhenComplete(final int parties,
        final int fanIn)
    {
        final int footprint = CombiningTreeBarrier.footprint(parties, fanIn);
        final CombiningTreeBarrier tree = new CombiningTreeBarrier(POLICY, "t")
            .initialize(new UnsafeBuffer(new byte[footprint]), 0, parties, fanIn);
        final Set<Integer> seen = new HashSet<>();
        int highest = 0;
        long span = 1;
        for (int level = 0; level < tree.levels(); level++)
        {
            span *= fanIn;
            for (int j = 0; j * span < parties; j++)
            {
                final int at = tree.nodeWordOffset(level, j);
                final int slot = (at - Slot.at(0, 1 + parties)) / Slot.LENGTH;
                highest = Math.max(highest, slot);
                assertTrue(seen.add(slot), "level " + level + " node " + j + " shares slot " + slot);
                assertTrue(slot >= 0 && slot < 2 * parties, "level " + level + " node " + j + ": slot " + slot);
                if ((j + 1) * span <= parties)
                {
                    // an interleave of one slot per participant's cluster puts slot 1 + parties + s with participant s
                    final int participant = slot % parties;
                    assertTrue(participant >= j * span && participant < (j + 1) * span, "level " + level + " node " +
                        j + " over " + j * span + ".." + ((j + 1) * span - 1) + " lies with participant " + participant);
                }
            }
        }
        assertEquals(Slot.at(0, 1 + parties + highest + 1), footprint, "the footprint ends at the last node's slot");
    }

    @Test
    void aNodeAtAnotherEpisodeIsMisuseAndBreaksTheBarrier()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CombiningTreeBarrier.footprint(2, 2)]);
        final CombiningTreeBarrier tree = new CombiningTreeBarrier(POLICY, "start").initialize(buffer, 0, 2, 2);
        buffer.putLong(tree.nodeWordOffset(0, 0), 7L << 32); // as if the word had not been initialised
        final IllegalStateException misuse = assertThrows(IllegalStateException.class, () -> tree.await(0));
        assertEquals("combining tree barrier 'start' (fan-in 2, 1 level): participant 0 arrives at episode 0 but " +
            "node word (level 0, node 0) @384 is at episode 7 (participant number used twice, or initialize() not " +
            "run); barrier marked broken", misuse.getMessage());
        assertTrue(tree.isBroken());
    }
}
