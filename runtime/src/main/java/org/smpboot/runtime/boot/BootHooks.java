package org.smpboot.runtime.boot;

import org.smpboot.runtime.region.BumpAllocator;
import org.smpboot.runtime.stack.StackHandle;
import org.smpboot.runtime.stack.StackPool;

/**
 * What a platform does at each step of the seed's {@code arch_init}; the protocol around the steps (election, count,
 * start_bar, stack pools, seal) is {@link ElectionBoot}'s. Every method defaults to nothing. A step on the leader that
 * may outlast the liveness timeout should call {@link ElectionBoot#heartbeat(int)} as it goes.
 */
public interface BootHooks
{
    /**
     * Leader, right after its CAS to MAGIC1 won and its first heartbeat, before it publishes the block: a point for
     * tracing the election, and for fault injection (a leader that dies before MAGIC2).
     *
     * @param leader   the leader.
     * @param replaced what asm_magic_val held before the CAS (the reset content).
     */
    default void elected(final int leader, final long replaced)
    {
    }

    /**
     * Leader: initialise memory (the seed's first arch_init step).
     *
     * @param leader the leader.
     */
    default void initMemory(final int leader)
    {
    }

    /**
     * Any CPU: initialise itself. The leader runs it on its boot stack, a follower on a stack of
     * arch_init_stack_pool.
     *
     * @param cpu   the CPU.
     * @param stack the stack it runs on, or null for the leader.
     */
    default void initCpu(final int cpu, final StackHandle stack)
    {
    }

    /**
     * Leader: initialise the globals.
     *
     * @param leader the leader.
     */
    default void initGlobals(final int leader)
    {
    }

    /**
     * Any CPU: initialise its scheduler.
     *
     * @param cpu the CPU.
     */
    default void initScheduler(final int cpu)
    {
    }

    /**
     * Leader, once the count is sealed: give start_stack_pool one stack per counted CPU. The default allocates them
     * from the boot allocator; a platform may place them elsewhere (each core's boot-stack address, say), in
     * start_stack_pool or in the partitions {@link #startStackPool(int, StackPool)} hands out.
     *
     * @param cpus      the sealed cpu_count.
     * @param pool      start_stack_pool.
     * @param heap      the allocator the leader initialised.
     * @param stackSize bytes per stack.
     */
    default void provideStartStacks(final long cpus, final StackPool pool, final BumpAllocator heap, final int stackSize)
    {
        for (long i = 0; i < cpus; i++)
        {
            pool.newStack(heap.allocate(stackSize, 128), stackSize);
        }
    }

    /**
     * Any counted CPU, when it leaves arch_init: the pool whose stack it runs {@link #cpuMain} on. The default is
     * start_stack_pool itself. A NUMA platform may partition it, one pool per memory node, so that each CPU runs on a
     * stack near it: every pool returned here must be initialised before {@code start_bar} is released (in
     * {@link #initGlobals}, say), since followers may draw from it as soon as they pass {@code start_bar}, and must be
     * filled by {@link #provideStartStacks}. Stacks put in a partition are not in start_stack_pool's count.
     *
     * @param cpu            the CPU.
     * @param startStackPool start_stack_pool.
     * @return the pool to draw from.
     */
    default StackPool startStackPool(final int cpu, final StackPool startStackPool)
    {
        return startStackPool;
    }

    /**
     * Any counted CPU, on its stack of start_stack_pool: the CPU's life after boot (the seed's scheduler start).
     *
     * @param cpu   the CPU.
     * @param stack its start stack.
     */
    default void cpuMain(final int cpu, final StackHandle stack)
    {
    }
}
