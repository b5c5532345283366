package org.smpboot.sim.kernel;

/** The physical page manager of a cluster has no free block large enough. */
public final class OutOfPagesException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message names the allocator, the size asked and what is left.
     */
    public OutOfPagesException(final String message)
    {
        super(message);
    }
}
