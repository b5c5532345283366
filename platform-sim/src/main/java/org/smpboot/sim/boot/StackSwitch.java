package org.smpboot.sim.boot;

import org.smpboot.runtime.stack.StackHandle;
import org.smpboot.runtime.stack.StackListener;
import org.smpboot.runtime.stack.StacklessFunction;
import org.smpboot.sim.hw.Processor;

/**
 * How a core's stack pointer follows the runtime's stack pools (the seam {@link StackListener}): a pool's buffer is a
 * window of cluster {@code cxy}'s memory at {@code window}, so a stack drawn at offset {@code base} of it is the
 * stack {@code [window + base, window + base + size)} of that cluster, and the core's stack pointer goes to its top;
 * {@code stack_pool_terminate_call} poisons it before the stackless function runs.
 */
final class StackSwitch implements StackListener
{
    private final Processor core;
    private final int cxy;
    private final int window;
    private final String pool;

    /**
     * @param core   the core whose pool flyweight this listens to.
     * @param cxy    the cluster of the pool's window.
     * @param window the window's 32-bit address there.
     * @param pool   the pool's name, for the trace.
     */
    StackSwitch(final Processor core, final int cxy, final int window, final String pool)
    {
        this.core = core;
        this.cxy = cxy;
        this.window = window;
        this.pool = pool;
    }

    @Override
    public void drawn(final int cpu, final StackHandle stack)
    {
        core.stack().use(cxy, window + stack.base(), stack.size(), pool);
    }

    @Override
    public void terminated(final int cpu, final StackHandle stack, final StacklessFunction<?> function)
    {
        core.stack().poison(String.format("stack_pool_terminate_call gave back the stack at 0x%08x of %s in cluster " +
            "0x%02x", window + stack.stackOffset(), pool, cxy));
    }
}
