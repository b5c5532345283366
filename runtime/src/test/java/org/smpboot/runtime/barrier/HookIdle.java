package org.smpboot.runtime.barrier;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.agrona.concurrent.IdleStrategy;
import org.smpboot.runtime.wait.TestBounds;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * An idle strategy that runs its hooks, one per idle round, at the first rounds it is asked to idle (a hook may make
 * another participant arrive, on this thread or its own: the waiter is known to wait when it runs, no sleep needed),
 * then yields. Counts its idle rounds.
 */
final class HookIdle implements IdleStrategy
{
    final AtomicInteger idles = new AtomicInteger();
    private final Runnable[] hooks;
    private int next;

    HookIdle(final Runnable... hooks)
    {
        this.hooks = hooks;
    }

    /** @return a policy of this strategy, bounded by 10 s (4 default bounds under PIT). */
    WaitPolicy policy()
    {
        return WaitPolicy.custom("hooked", () -> this, TestBounds.ns(10, TimeUnit.SECONDS));
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount <= 0)
        {
            idle();
        }
    }

    @Override
    public void idle()
    {
        idles.incrementAndGet();
        if (next < hooks.length)
        {
            hooks[next++].run(); // advanced first: a hook's own waits idle here too
        }
        else
        {
            Thread.yield();
        }
    }

    @Override
    public void reset()
    {
    }
}
