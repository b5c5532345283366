package org.smpboot.runtime.barrier;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.AtomicBuffer;
import org.smpboot.runtime.internal.AgronaFlag;
import org.smpboot.runtime.region.Slot;
import org.smpboot.runtime.wait.Awaited;
import org.smpboot.runtime.wait.BoundedWait;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * The frame every slotted barrier shares: a header slot that holds the barrier's kind and shape, one arrival-record
 * slot per participant, then the algorithm's own slots. The Java object is a flyweight: it holds the wait policy and
 * the name, and, once wrapped, what it read from the header; all state lives in the buffer.
 *
 * <p>Layout from {@code offset} (a multiple of {@link Slot#ALIGNMENT}), one {@link Slot#LENGTH}-byte slot each:
 * <pre>
 *   slot 0                 header  +0   long  broken word
 *                                  +8   int   parties
 *                                  +12  int   algorithm tag (ASCII: "CENT", "TREE", "DISS")
 *                                  +16  int   shape: the combining tree's fan-in, 0 for the others
 *   slot 1 .. parties      arrival record of participant p: +0 int last episode p arrived at (-1 after initialize)
 *   slot parties + 1 ..    the algorithm's slots
 * </pre>
 * The broken word is 0 while intact, else bit 63 set | (breaker &amp; 0x7fffffff) &lt;&lt; 32 | episode. It is read
 * on every arrival: it is written only on failure, so it stays shared in every cache and costs no coherence traffic.
 * An arrival record is written only by its participant (release store, before the arrival is published) and read by
 * others only after a deadline passes, so its line stays in its writer's cache. Parties, tag and shape are written
 * once by {@code initialize} before its volatile store of the broken word, and read by {@code wrap} with plain loads:
 * the happens-before edge every participant needs from {@code initialize} (see {@link Barrier}) covers them.
 */
abstract class AbstractBarrier implements Barrier
{
    static final int HEADER_SLOTS = 1;
    static final int PARTIES = 8;
    static final int TAG = 12;
    static final int SHAPE = 16;
    static final long INTACT = 0L;
    static final long BROKEN_BIT = 1L << 63;
    static final int UNKNOWN_BREAKER = 0x7fffffff;

    final WaitPolicy basePolicy;
    final String name;
    private final int tag;
    AtomicBuffer buffer;
    int offset;
    int parties;
    WaitPolicy policy;
    int algorithmOffset;
    private int footprint;

    /** Every wait of this barrier: the broken word as liveness check, the arrival records in the error. */
    private final Awaited awaited = new Awaited()
    {
        @Override
        public void checkLiveness(final long context, final long waitedNs)
        {
            checkIntact((int)(context >>> 32));
        }

        @Override
        public RuntimeException timedOut(final long context, final long waitedNs)
        {
            final int participant = (int)(context >>> 32);
            // the waiter's own record holds the episode it arrived at (only it writes it)
            return timeout(participant, buffer.getInt(recordOffset(participant)), (int)context, waitedNs);
        }
    };

    AbstractBarrier(final int tag, final WaitPolicy policy, final String name)
    {
        this.tag = tag;
        this.basePolicy = policy;
        this.name = name;
    }

    static int frameFootprint(final int parties, final int algorithmSlots)
    {
        return Math.multiplyExact(HEADER_SLOTS + parties + algorithmSlots, Slot.LENGTH);
    }

    /**
     * Points the flyweight at a barrier whose header is already written, reading its parties and shape from it.
     *
     * @param buffer the shared memory.
     * @param offset first byte, a multiple of {@link Slot#ALIGNMENT}.
     * @throws IllegalStateException naming the offset and what the header holds when it is not a barrier of this
     *                               kind (memory never initialised, or the wrong offset).
     */
    final void wrapHeader(final AtomicBuffer buffer, final int offset)
    {
        AgronaFlag.ensure();
        Slot.checkPlacement(name, offset, Slot.LENGTH, buffer.capacity());
        final int seenTag = buffer.getInt(offset + TAG);
        final int seenParties = buffer.getInt(offset + PARTIES);
        final int shape = buffer.getInt(offset + SHAPE);
        if (seenTag != tag || seenParties < 1)
        {
            throw new IllegalStateException(kind() + " '" + name + "': no such barrier at offset " + offset +
                ": its header holds tag " + tagName(seenTag) + " and " + seenParties + " parties (expected tag " +
                tagName(tag) + "); initialize it there first");
        }
        bind(buffer, offset, seenParties, shape);
    }

    /** Binds the flyweight to {@code parties} participants of shape {@code shape}; checks the whole footprint fits. */
    final void bind(final AtomicBuffer buffer, final int offset, final int parties, final int shape)
    {
        AgronaFlag.ensure();
        if (parties < 1)
        {
            throw new IllegalArgumentException(name + ": parties must be at least 1, got " + parties);
        }
        this.buffer = null; // a failed bind leaves the flyweight unwrapped, not half-bound
        final int algorithmSlots = shape(parties, shape);
        final int footprint = frameFootprint(parties, algorithmSlots);
        Slot.checkPlacement(name, offset, footprint, buffer.capacity());
        this.buffer = buffer;
        this.offset = offset;
        this.parties = parties;
        this.footprint = footprint;
        this.policy = basePolicy.forContenders(parties); // a composite may already have given its own total
        this.algorithmOffset = Slot.at(offset, HEADER_SLOTS + parties);
        bound();
    }

    /** Computes the algorithm's offsets once the frame is placed. */
    void bound()
    {
    }

    /**
     * Takes the algorithm's shape for {@code parties} participants (derived fields that do not depend on the offset).
     *
     * @return the algorithm's slots.
     * @throws IllegalArgumentException for a shape the algorithm does not accept.
     */
    abstract int shape(int parties, int shape);

    /** @return the shape word the header records. */
    int shapeWord()
    {
        return 0;
    }

    /** @return the algorithm's name, in errors ("centralized barrier"). */
    abstract String kind();

    static String tagName(final int tag)
    {
        final char[] c = {(char)(tag >>> 24 & 0xff), (char)(tag >>> 16 & 0xff), (char)(tag >>> 8 & 0xff), (char)(tag & 0xff)};
        for (final char ch : c)
        {
            if (ch < 0x20 || ch > 0x7e)
            {
                return String.format("0x%08x", tag);
            }
        }
        return "\"" + new String(c) + "\"";
    }

    final void checkWrapped()
    {
        if (buffer == null)
        {
            throw new IllegalStateException(kind() + " '" + name + "' is not wrapped: call wrap or initialize first");
        }
    }

    /** @return bytes this barrier occupies from its offset. */
    public final int footprint()
    {
        return footprint;
    }

    /** @return first byte of the barrier in its buffer. */
    public final int offset()
    {
        return offset;
    }

    /** @return the buffer the barrier lives in (null before wrap). */
    public final AtomicBuffer buffer()
    {
        return buffer;
    }

    @Override
    public final int parties()
    {
        return parties;
    }

    @Override
    public final String name()
    {
        return name;
    }

    @Override
    public final void await(final int participant)
    {
        checkWrapped();
        awaitNanos(participant, policy.timeoutNs());
    }

    @Override
    public final void await(final int participant, final long timeout, final TimeUnit unit)
    {
        awaitNanos(participant, unit.toNanos(timeout));
    }

    abstract void awaitNanos(int participant, long timeoutNs);

    /** Writes the algorithm's slots; runs before the header is published. */
    abstract void initializeAlgorithm();

    /** @return the stage named in errors, for a wait at {@code step} (algorithm-specific: level, round...). */
    abstract String stage(int step);

    /** @return the word waited on at {@code step} for participant {@code participant}, with its offset. */
    abstract String word(int participant, int step);

    @Override
    public final void initialize()
    {
        checkWrapped();
        for (int p = 0; p < parties; p++)
        {
            buffer.putInt(recordOffset(p), -1);
        }
        initializeAlgorithm();
        buffer.putInt(offset + PARTIES, parties);
        buffer.putInt(offset + TAG, tag);
        buffer.putInt(offset + SHAPE, shapeWord());
        // volatile store last: whoever later reads the header with acquire sees the whole starting state
        buffer.putLongVolatile(offset, INTACT);
    }

    @Override
    public final int arrivedEpisode(final int participant)
    {
        checkParticipant(participant);
        return buffer.getIntVolatile(recordOffset(participant));
    }

    @Override
    public final boolean isBroken()
    {
        checkWrapped();
        return buffer.getLongAcquire(offset) != INTACT;
    }

    final int recordOffset(final int participant)
    {
        return Slot.at(offset, HEADER_SLOTS + participant);
    }

    final void checkParticipant(final int participant)
    {
        if (participant < 0 || participant >= parties)
        {
            checkWrapped();
            throw new IllegalArgumentException(
                stage(-1) + ": participant " + participant + " out of range 0.." + (parties - 1));
        }
    }

    /**
     * Checks the participant number and the broken word, then publishes the arrival record.
     *
     * @return the episode this participant is arriving at.
     */
    final int recordArrival(final int participant)
    {
        checkParticipant(participant);
        checkIntact(participant);
        final int recordOffset = recordOffset(participant);
        final int episode = buffer.getInt(recordOffset) + 1; // only this participant writes it
        buffer.putIntRelease(recordOffset, episode);
        return episode;
    }

    final void checkIntact(final int caller)
    {
        final long broken = buffer.getLongAcquire(offset);
        if (broken != INTACT)
        {
            throw brokenException(broken, caller);
        }
    }

    final BarrierBrokenException brokenException(final long broken, final int caller)
    {
        final int breaker = (int)(broken >>> 32) & 0x7fffffff;
        return new BarrierBrokenException(
            stage(-1), "broken word @" + offset, (int)broken, breaker == UNKNOWN_BREAKER ? -1 : breaker, caller);
    }

    /**
     * Marks the barrier broken unless it already is.
     *
     * @param breaker participant whose wait expired, or -1 when the cause lies elsewhere.
     * @param episode episode that did not complete.
     */
    final void markBroken(final int breaker, final int episode)
    {
        final long code = BROKEN_BIT | ((long)(breaker & UNKNOWN_BREAKER) << 32) | (episode & 0xffffffffL);
        buffer.compareAndSetLong(offset, INTACT, code);
    }

    /** @return participants whose arrival record is not {@code episode}, ascending. */
    final int[] missing(final int episode)
    {
        int count = 0;
        final int[] scratch = new int[parties];
        for (int p = 0; p < parties; p++)
        {
            if (buffer.getIntVolatile(recordOffset(p)) != episode)
            {
                scratch[count++] = p;
            }
        }
        return Arrays.copyOf(scratch, count);
    }

    /** Builds the timeout error from the arrival records, after marking the barrier broken. */
    final BarrierTimeoutException timeout(final int waiter, final int episode, final int step, final long waitedNs)
    {
        final int[] missing = missing(episode);
        markBroken(waiter, episode);
        return new BarrierTimeoutException(
            stage(step), name, word(waiter, step), episode, waiter, missing, parties, waitedNs);
    }

    /**
     * Starts the bounded wait of one await call, after its first miss: the thread's reused {@link BoundedWait}, whose
     * liveness check is the broken word and whose error names the missing participants (allocates nothing).
     *
     * @param participant the waiter.
     * @param step        the algorithm's step, for the error message (change it with {@link #step}).
     * @param timeoutNs   the bound.
     * @return the wait; the caller idles it until released, then ends it.
     */
    final BoundedWait beginWait(final int participant, final int step, final long timeoutNs)
    {
        return BoundedWait.begin(policy, timeoutNs, awaited, context(participant, step));
    }

    /** Moves a wait begun by {@link #beginWait} to another step of the algorithm. */
    static void step(final BoundedWait wait, final int participant, final int step)
    {
        wait.step(context(participant, step));
    }

    private static long context(final int participant, final int step)
    {
        return (long)participant << 32 | (step & 0xffffffffL);
    }

    @Override
    public String toString()
    {
        return buffer == null ? kind() + " '" + name + "' (not wrapped)" :
            stage(-1) + " @" + offset + " (" + parties + " parties, " + policy + ")";
    }
}
