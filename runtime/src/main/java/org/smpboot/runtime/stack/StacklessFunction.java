package org.smpboot.runtime.stack;

/**
 * A function that runs holding no stack (the seed's {@code stackless_func} of {@code stack_pool_terminate_call}).
 *
 * @param <A> its argument, typically the next pool to draw from.
 */
@FunctionalInterface
public interface StacklessFunction<A>
{
    /**
     * @param cpu      the CPU running it.
     * @param argument the argument given to {@code terminateCall}.
     */
    void run(int cpu, A argument);
}
