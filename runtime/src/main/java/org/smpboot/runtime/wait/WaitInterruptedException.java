package org.smpboot.runtime.wait;

/**
 * A wait ended because its thread was interrupted. The interrupt status is set again before this is thrown, so the
 * caller's caller still sees it; the shared word waited on is left as it was (a barrier a participant leaves this way
 * is not broken, and the others wait on until their own bound).
 */
public final class WaitInterruptedException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param policy the wait policy of the wait interrupted.
     */
    public WaitInterruptedException(final String policy)
    {
        super("interrupted while waiting (" + policy + ")");
    }
}
