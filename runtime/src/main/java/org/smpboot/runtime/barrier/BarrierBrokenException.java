package org.smpboot.runtime.barrier;

import org.smpboot.runtime.wait.WaitTimeoutException;

/**
 * An await failed fast because an earlier wait on the same barrier timed out and marked it broken in shared memory. It
 * is a {@link WaitTimeoutException} because a timeout (elsewhere) is its cause: one catch covers both. The message names
 * the barrier, the episode it broke in, the participant whose timeout broke it, and the failed caller.
 *
 * <p>Not in shared memory: an immutable heap object built from a snapshot of the barrier's words (no layout or
 * ordering of its own).
 */
public class BarrierBrokenException extends WaitTimeoutException
{
    private static final long serialVersionUID = 1L;

    /** The episode in which the barrier broke. */
    private final int brokenEpisode;
    /** The participant whose wait expired, or -1. */
    private final int breaker;

    /**
     * @param stage         barrier and algorithm, e.g. "centralized barrier 'start'".
     * @param word          the broken word, with its offset.
     * @param brokenEpisode the episode in which the barrier broke.
     * @param breaker       the participant whose wait expired, in the numbering of the barrier the stage names; -1
     *                      when the barrier was broken on behalf of another part of a composite barrier.
     * @param caller        the participant whose await failed.
     */
    public BarrierBrokenException(
        final String stage, final String word, final int brokenEpisode, final int breaker, final int caller)
    {
        super(stage, word, stage + ": broken by " +
            (breaker < 0 ? "a timeout in another part of the barrier" : "participant " + breaker + "'s timeout") +
            " in episode " +
            Integer.toUnsignedString(brokenEpisode) + "; await of participant " + caller +
            " fails fast until initialize() (" + word + ")");
        this.brokenEpisode = brokenEpisode;
        this.breaker = breaker;
    }

    /** @return the episode in which the barrier broke. */
    public int brokenEpisode()
    {
        return brokenEpisode;
    }

    /** @return the participant whose wait expired and broke the barrier, or -1 (see the constructor). */
    public int breaker()
    {
        return breaker;
    }
}
