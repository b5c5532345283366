package org.smpboot.bench.boot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.agrona.concurrent.IdleStrategy;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * The on-heap twin of the runtime's election boot, written with the JDK only, as a user who did not need shared memory
 * would write it: the boot words in a {@code long[]} accessed through a {@link VarHandle}, each 128 bytes from the next
 * (the runtime's slot), and two Treiber pools whose stacks are int indices.
 *
 * <p>Same steps as {@code ElectionBoot}: acquire asm_magic_val, CAS it to MAGIC1; the leader writes start_bar,
 * cpu_count, bs_cpuid, releases MAGIC2, fills arch_init_stack_pool, sets running_count, releases start_bar = 1, waits
 * until running_count == cpu_count (and, as the benchmark's straggler policy, == the expected count), seals cpu_count
 * by CAS, fills start_stack_pool with one stack per CPU and runs its main on one. A follower acquires MAGIC2, counts
 * itself by CAS unless sealed, acquires start_bar = 1, draws an arch_init stack, increments running_count, gives the
 * stack back, draws a start stack, runs its main and gives it back. Waits use the same {@link WaitPolicy}.
 *
 * <p>What the twin leaves out, on purpose, so the ratio prices it: the leader heartbeat and liveness watch, the
 * boot_check word, per-stack owner words and size headers, handle objects, and timeouts on waits. It is a benchmark
 * baseline, not a correct boot on unknown memory.
 */
final class HeapElectionBoot
{
    static final long MAGIC1 = 0x534d50424f4f5431L;
    static final long MAGIC2 = 0x534d50424f4f5432L;
    private static final long SEALED = 1L << 63;
    private static final VarHandle WORD = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int STRIDE = 16; // longs per 128-byte slot
    private static final int MAGIC = STRIDE;
    private static final int START_BAR = 2 * STRIDE;
    private static final int CPU_COUNT = 3 * STRIDE;
    private static final int BS_CPUID = 4 * STRIDE;
    private static final int RUNNING = 5 * STRIDE;
    private static final int INIT_HEAD = 6 * STRIDE;
    private static final int START_HEAD = 7 * STRIDE;

    private final long[] words = new long[9 * STRIDE];
    private final IntTreiberPool archInitStackPool;
    private final IntTreiberPool startStackPool;
    private final int initStacks;
    private final long expectedCpus;
    private final WaitPolicy waitPolicy;

    /**
     * @param initStacks   stacks of arch_init_stack_pool.
     * @param maxCpus      capacity of start_stack_pool.
     * @param expectedCpus the leader seals once this many CPUs run.
     * @param waitPolicy   how waits idle.
     */
    HeapElectionBoot(final int initStacks, final int maxCpus, final long expectedCpus, final WaitPolicy waitPolicy)
    {
        this.initStacks = initStacks;
        this.expectedCpus = expectedCpus;
        // the runtime's rule, on the twin's own count: idle for the CPUs counted so far or the expected ones, the more
        this.waitPolicy = waitPolicy.forContenders(this::contenders);
        archInitStackPool = new IntTreiberPool(words, INIT_HEAD, initStacks);
        startStackPool = new IntTreiberPool(words, START_HEAD, maxCpus);
    }

    /**
     * Writes a garbage pattern over every word, as the region's fill does for the runtime.
     *
     * @param pattern the 64-bit pattern (never a magic).
     */
    void reset(final long pattern)
    {
        for (int i = 0; i < words.length; i++)
        {
            WORD.setVolatile(words, i, pattern);
        }
    }

    /** @return cpu_count without the seal bit. */
    long cpuCount()
    {
        return (long)WORD.getVolatile(words, CPU_COUNT) & ~SEALED;
    }

    private int contenders()
    {
        final long count = cpuCount();
        return (int)Math.max(count > 0 && count <= 1 << 20 ? count : 0, Math.min(expectedCpus, 1 << 20));
    }

    /** @return true once the leader sealed the count. */
    boolean isSealed()
    {
        return ((long)WORD.getVolatile(words, CPU_COUNT) & SEALED) != 0;
    }

    /**
     * One CPU's boot.
     *
     * @param cpu its id.
     * @return true for the leader.
     */
    boolean run(final int cpu)
    {
        final long seen = (long)WORD.getAcquire(words, MAGIC);
        if (seen != MAGIC1 && seen != MAGIC2 && WORD.compareAndSet(words, MAGIC, seen, MAGIC1))
        {
            lead(cpu);
            return true;
        }
        follow(cpu);
        return false;
    }

    private void lead(final int cpu)
    {
        WORD.set(words, START_BAR, 0L);
        WORD.set(words, CPU_COUNT, 1L);
        WORD.set(words, BS_CPUID, (long)cpu);
        WORD.set(words, RUNNING, 0L);
        WORD.setRelease(words, MAGIC, MAGIC2);

        startStackPool.clear();
        archInitStackPool.clear();
        for (int i = 0; i < initStacks; i++)
        {
            archInitStackPool.push(i);
        }
        WORD.set(words, RUNNING, 1L);
        WORD.setRelease(words, START_BAR, 1L);

        final IdleStrategy idle = waitPolicy.newIdleStrategy();
        long count;
        while (true)
        {
            count = (long)WORD.getVolatile(words, CPU_COUNT);
            final long running = (long)WORD.getVolatile(words, RUNNING);
            if (running == count && count >= expectedCpus && WORD.compareAndSet(words, CPU_COUNT, count, count | SEALED))
            {
                break;
            }
            idle.idle();
        }
        for (int i = 0; i < count; i++)
        {
            startStackPool.push(i);
        }
        final int stack = startStackPool.await(waitPolicy);
        startStackPool.push(stack); // main returned
    }

    private void follow(final int cpu)
    {
        awaitWord(MAGIC, MAGIC2);
        while (true)
        {
            final long count = (long)WORD.getVolatile(words, CPU_COUNT);
            if ((count & SEALED) != 0)
            {
                return; // late
            }
            if (WORD.compareAndSet(words, CPU_COUNT, count, count + 1))
            {
                break;
            }
        }
        awaitWord(START_BAR, 1L);
        final int initStack = archInitStackPool.await(waitPolicy);
        WORD.getAndAdd(words, RUNNING, 1L);
        archInitStackPool.push(initStack); // terminate_call: give the init stack back, then draw a start stack
        final int stack = startStackPool.await(waitPolicy);
        startStackPool.push(stack); // main returned
    }

    private void awaitWord(final int index, final long awaited)
    {
        if ((long)WORD.getAcquire(words, index) == awaited)
        {
            return;
        }
        final IdleStrategy idle = waitPolicy.newIdleStrategy();
        while ((long)WORD.getAcquire(words, index) != awaited)
        {
            idle.idle();
        }
    }
}
