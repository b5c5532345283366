package org.smpboot.stress.schedule;

import java.util.HashSet;
import java.util.Set;

import org.agrona.concurrent.AtomicBuffer;
import org.smpboot.runtime.boot.BootBlock;
import org.smpboot.runtime.stack.StackPool;

/** Names of the runtime's words in traces, and the stack pool's end-state check shared by the scenarios. */
final class Words
{
    private static final int NIL = -1;

    private Words()
    {
    }

    /**
     * @param index  a byte offset.
     * @param region where the boot region ends (the arrival roll follows).
     * @return the boot block word, pool header or stack at {@code index}, or null.
     */
    static String boot(final int index, final int region)
    {
        if (index >= region)
        {
            return "arrival roll";
        }
        if (index >= BootBlock.LENGTH)
        {
            return "stack memory";
        }
        switch (index)
        {
            case BootBlock.ASM_MAGIC_VAL:
                return "asm_magic_val";
            case BootBlock.START_BAR:
                return "start_bar";
            case BootBlock.CPU_COUNT:
                return "cpu_count";
            case BootBlock.BS_CPUID:
                return "bs_cpuid";
            case BootBlock.BOOT_CHECK:
                return "boot_check";
            case BootBlock.RUNNING_COUNT:
                return "running_count";
            case BootBlock.LEADER:
                return "heartbeat leader";
            case BootBlock.HEARTBEAT:
                return "heartbeat";
            case BootBlock.LATE_COUNT:
                return "late_count";
            default:
                break;
        }
        if (index >= BootBlock.START_STACK_POOL)
        {
            return "start_stack_pool header +" + (index - BootBlock.START_STACK_POOL);
        }
        if (index >= BootBlock.ARCH_INIT_STACK_POOL)
        {
            return "arch_init_stack_pool header +" + (index - BootBlock.ARCH_INIT_STACK_POOL);
        }
        if (index >= BootBlock.ALLOCATOR)
        {
            return "allocator +" + (index - BootBlock.ALLOCATOR);
        }
        return null;
    }

    /**
     * Walks the pool's free list (read plainly: call once every thread ended).
     *
     * @param pool   the pool.
     * @param stacks stacks it was given.
     * @return null when every stack given is on the free list exactly once, free, and none is lent; else what is wrong.
     */
    static String poolIntact(final StackPool pool, final int stacks)
    {
        final AtomicBuffer buffer = pool.buffer();
        final Set<Integer> seen = new HashSet<>();
        int s = (int)buffer.getLongVolatile(pool.offset());
        while (s != NIL)
        {
            if (!seen.add(s) || seen.size() > stacks)
            {
                return pool.name() + ": free list holds stack @" + s + " twice, or more than the " + stacks + " given";
            }
            if (buffer.getLong(s + 8) != StackPool.FREE)
            {
                return pool.name() + ": stack @" + s + " is on the free list but its owner word says it is held";
            }
            s = (int)buffer.getLong(s);
        }
        if (seen.size() != stacks || pool.stacks() != stacks || pool.held() != 0)
        {
            return pool.name() + ": " + seen.size() + " stacks free, " + pool.stacks() + " given, " + pool.held() +
                " lent, at the end (expected " + stacks + " free)";
        }
        return null;
    }
}
