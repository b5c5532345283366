package org.smpboot.runtime.stack;

/** A stack was handed to two holders at once, released by a CPU that does not hold it, or used after release. */
public final class StackOwnershipException extends IllegalStateException
{
    private static final long serialVersionUID = 1L;

    /** @param message what was detected, naming the stack offset and the CPUs. */
    public StackOwnershipException(final String message)
    {
        super(message);
    }
}
