package org.smpboot.runtime.stack;

/** The function a {@link StackPool} runs on a stack it lends (the seed's {@code func_t} of {@code stack_pool_initialize}). */
@FunctionalInterface
public interface StackFunction
{
    /**
     * @param stack the stack lent for the duration of the call; it is given back when this returns, unless the function
     *              gave it back itself with {@link StackHandle#terminateCall}.
     */
    void run(StackHandle stack);
}
