package org.smpboot.runtime.stack;

/**
 * What a CPU's platform learns of the stacks it runs on: the seam through which a simulated core's stack-pointer
 * register follows the pool's draws and {@link StackHandle#terminateCall}. Every method defaults to nothing, and a pool
 * without a listener calls {@link #NONE}: one call to an empty method the JIT inlines away, so the pool's fast path
 * (draw, run, give back) costs what it did.
 *
 * <p>Both calls happen on the CPU's own thread: {@link #drawn} after the draw and before the pool's function runs on
 * the stack, {@link #terminated} after {@code terminateCall} gave the stack back and before the stackless function runs.
 * A stack given back when the function returns normally is not reported: the CPU returns to the caller's stack.
 */
public interface StackListener
{
    /** The listener of a pool nobody listens to. */
    StackListener NONE = new StackListener()
    {
    };

    /**
     * The CPU now runs on {@code stack}: its usable bytes are {@code [stack.base(), stack.base() + stack.size())} of
     * the pool's buffer, and its stack pointer starts at the top.
     *
     * @param cpu   the CPU.
     * @param stack the stack it drew.
     */
    default void drawn(final int cpu, final StackHandle stack)
    {
    }

    /**
     * The CPU gave its stack back by {@link StackHandle#terminateCall} and runs, holding no stack, a function that must
     * not use one (the seed's {@code stack_pool_terminate_call}).
     *
     * @param cpu      the CPU.
     * @param stack    the stack it gave back (its handle is no longer valid: {@link StackHandle#stackOffset()} and
     *                 {@link StackHandle#size()} still say which it was).
     * @param function the stackless function about to run.
     */
    default void terminated(final int cpu, final StackHandle stack, final StacklessFunction<?> function)
    {
    }
}
