package org.smpboot.runtime.barrier;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.smpboot.runtime.wait.WaitTimeoutException;

/**
 * A barrier wait expired. The message names the stage (barrier, algorithm, step), the episode, the waiter, and exactly
 * the participants that had not arrived in that episode when the deadline passed (read from their arrival records).
 *
 * <p>Not in shared memory: an immutable heap object built from a snapshot of the barrier's words (no layout or
 * ordering of its own).
 */
public class BarrierTimeoutException extends WaitTimeoutException
{
    private static final long serialVersionUID = 1L;

    /** The barrier's name. */
    private final String barrier;
    /** The episode that timed out. */
    private final int episode;
    /** The participant whose wait expired. */
    private final int waiter;
    /** The participants that had not arrived. */
    private final int[] missing;
    /** How long the waiter waited, in nanoseconds. */
    private final long waitedNs;

    /**
     * @param stage    barrier, algorithm and step, e.g. "dissemination barrier 'start' round 2 of 3".
     * @param barrier  the barrier's name.
     * @param word     the word waited on, with its offset.
     * @param episode  the episode the waiter was in.
     * @param waiter   the participant that timed out.
     * @param missing  participants that had not arrived, ascending.
     * @param parties  number of participants.
     * @param waitedNs how long it waited.
     */
    public BarrierTimeoutException(
        final String stage, final String barrier, final String word, final int episode, final int waiter,
        final int[] missing, final int parties, final long waitedNs)
    {
        super(stage, word, stage + ": participant " + waiter + " timed out after " +
            TimeUnit.NANOSECONDS.toMillis(waitedNs) + " ms in episode " + Integer.toUnsignedString(episode) +
            " waiting on " + word + "; not arrived: " + Arrays.toString(missing) + " (" + missing.length + " of " +
            parties + ")");
        this.barrier = barrier;
        this.episode = episode;
        this.waiter = waiter;
        this.missing = missing.clone();
        this.waitedNs = waitedNs;
    }

    /** @return how long the waiter waited, in nanoseconds. */
    public long waitedNs()
    {
        return waitedNs;
    }

    /** @return the barrier's name. */
    public String barrier()
    {
        return barrier;
    }

    /** @return the episode that did not complete. */
    public int episode()
    {
        return episode;
    }

    /** @return the participant whose wait expired. */
    public int waiter()
    {
        return waiter;
    }

    /** @return participants that had not arrived, ascending. */
    public int[] missing()
    {
        return missing.clone();
    }
}
