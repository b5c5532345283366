package org.smpboot.stress.schedule;

import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.AtomicBuffer;
import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.region.Slot;
import org.smpboot.runtime.stack.StackHandle;
import org.smpboot.runtime.stack.StackPool;

/**
 * A few threads drawing from and giving back to {@link StackPool}s over reset garbage, each thread through its own
 * flyweight (as CPUs of different processes would), with fewer stacks than threads so that draws wait. Every holder
 * writes its id over the stack and checks it before letting go.
 *
 * <p>Invariants after every schedule: no thread threw (a stack drawn while held, a release by a non-owner, a wait
 * that timed out) and none waited for ever; each pool's free list holds every stack it was given exactly once, owner
 * word FREE, none lent; the high-water mark never exceeded the stacks.
 */
public final class StackPoolScenario implements Scenario
{
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    private static final int STACK_SIZE = StackPool.MIN_STACK_SIZE;

    /** What each thread does. */
    public enum Script
    {
        /** {@code rounds} times: await a stack, use it, release it. */
        DRAW_RELEASE,
        /**
         * The seed's chain, as a follower runs it: {@code stack_pool_call(first)} whose function uses its stack and
         * {@code stack_pool_terminate_call}s into {@code stack_pool_call(second)}, holding no stack in between.
         */
        TERMINATE_CALL
    }

    private final int threads;
    private final int stacks;
    private final int rounds;
    private final Script script;

    /**
     * @param threads threads drawing.
     * @param stacks  stacks in each pool.
     * @param rounds  rounds of the script per thread.
     * @param script  what each thread does.
     */
    public StackPoolScenario(final int threads, final int stacks, final int rounds, final Script script)
    {
        this.threads = threads;
        this.stacks = stacks;
        this.rounds = rounds;
        this.script = script;
    }

    @Override
    public String name()
    {
        return "stack pool, " + threads + " threads, " + stacks + " stack" + (stacks == 1 ? "" : "s") + ", " +
            rounds + " x " + script.name().toLowerCase(java.util.Locale.ROOT).replace('_', '/');
    }

    @Override
    public int threads()
    {
        return threads;
    }

    @Override
    public Instance newInstance(final Memory memory)
    {
        final int first = 0;
        final int second = StackPool.LENGTH;
        final int stackArea = 2 * StackPool.LENGTH;
        final AtomicBuffer buffer = memory.buffer(stackArea + 2 * stacks * Slot.align(STACK_SIZE));
        Fill.X5A.apply(buffer, 0, buffer.capacity());
        final StackPool a = new StackPool("first", memory.waitPolicy(TIMEOUT_NS)).wrap(buffer, first)
            .initialize(null, true);
        final StackPool b = new StackPool("second", memory.waitPolicy(TIMEOUT_NS)).wrap(buffer, second)
            .initialize(null, true);
        for (int i = 0; i < stacks; i++)
        {
            a.newStack(stackArea + i * Slot.align(STACK_SIZE), STACK_SIZE);
            b.newStack(stackArea + (stacks + i) * Slot.align(STACK_SIZE), STACK_SIZE);
        }
        final StackPool[] firstViews = new StackPool[threads];
        final StackPool[] secondViews = new StackPool[threads];
        for (int t = 0; t < threads; t++)
        {
            firstViews[t] = new StackPool("first", memory.waitPolicy(TIMEOUT_NS)).wrap(buffer, first);
            secondViews[t] = new StackPool("second", memory.waitPolicy(TIMEOUT_NS)).wrap(buffer, second);
        }
        return new Instance()
        {
            @Override
            public void run(final int t)
            {
                for (int r = 0; r < rounds; r++)
                {
                    if (script == Script.DRAW_RELEASE)
                    {
                        final StackHandle stack = firstViews[t].awaitStack(t);
                        ElectionScenario.MarkingHooks.use(t, stack);
                        firstViews[t].release(stack);
                    }
                    else
                    {
                        firstViews[t].call(t, stack ->
                        {
                            ElectionScenario.MarkingHooks.use(t, stack);
                            stack.terminateCall((cpu, pool) -> pool.call(cpu, s ->
                                ElectionScenario.MarkingHooks.use(cpu, s)), secondViews[t]);
                        });
                    }
                }
            }

            @Override
            public String check(final Ending ending)
            {
                final String problem = ending.problem();
                if (problem != null)
                {
                    return problem;
                }
                for (final StackPool pool : new StackPool[] {a, b})
                {
                    final String broken = Words.poolIntact(pool, stacks);
                    if (broken != null)
                    {
                        return broken;
                    }
                    if (pool.highWater() > stacks)
                    {
                        return pool.name() + ": high-water " + pool.highWater() + " of " + stacks + " stacks";
                    }
                }
                return null;
            }

            @Override
            public String describe(final int index)
            {
                return index < second ? "first pool header +" + index : index < stackArea ?
                    "second pool header +" + (index - second) : "stack " + (index - stackArea) / Slot.align(STACK_SIZE) +
                    " +" + (index - stackArea) % Slot.align(STACK_SIZE);
            }
        };
    }
}
