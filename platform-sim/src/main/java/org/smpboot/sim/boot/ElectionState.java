package org.smpboot.sim.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.smpboot.runtime.stack.StackPool;
import org.smpboot.runtime.wait.WaitPolicy;
import org.smpboot.sim.hw.Bank;
import org.smpboot.sim.hw.Machine;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.platform.Core;

/**
 * What the simulator observed of the elected flavor's election, for the report: the candidates, the winner and what it
 * replaced, when, the sealed count against arch_info's cores, the late cores and the stack pools' high-water marks.
 * The election itself lives in cluster 0's memory (the runtime's {@code BootBlock}); this is the observer's copy,
 * written by the cores as they go.
 */
public final class ElectionState
{
    private final long started = System.nanoTime();
    private final AtomicInteger candidates = new AtomicInteger();
    private final Queue<Integer> late = new ConcurrentLinkedQueue<>();
    private final Queue<Integer> missing = new ConcurrentLinkedQueue<>();
    private volatile int leader = -1;
    private volatile long replaced;
    private volatile long electedMicros = -1;
    private volatile long sealedCount = -1;
    private volatile long expected = -1;
    private volatile int archCores = -1;
    private volatile int initHighWater = -1;
    private volatile int initStacks = -1;
    private volatile int startStacks = -1;
    private final Map<Integer, Integer> startHighWater = new ConcurrentHashMap<>();
    private volatile int startDrawn = -1;

    void candidate()
    {
        candidates.incrementAndGet();
    }

    void elected(final int gid, final long value)
    {
        leader = gid;
        replaced = value;
        electedMicros = (System.nanoTime() - started) / 1000;
    }

    void late(final int gid)
    {
        late.add(gid);
    }

    void counted(final long sealed, final long expectedCpus, final int cores, final List<Integer> absent)
    {
        sealedCount = sealed;
        expected = expectedCpus;
        archCores = cores;
        missing.addAll(absent);
    }

    void pools(final int initHigh, final int init, final int start)
    {
        initHighWater = initHigh;
        initStacks = init;
        startStacks = start;
    }

    /**
     * Reads the start pools' usage marks from memory, once the boot is over: one pool per cluster with cores, at the
     * bottom of its boot-stack zone (see {@link ElectedBoot}).
     *
     * @param machine the machine, before it closes.
     * @param layout  the boot's memory layout.
     */
    public void readPools(final Machine machine, final BootLayout layout)
    {
        if (leader < 0 || startStacks < 0)
        {
            return; // no start pool was placed: their headers hold the reset fill, not marks
        }
        int drawn = 0;
        for (final int cxy : machine.platform().cores().stream().map(Core::cxy).distinct().toList())
        {
            final Bank bank = machine.bus().bank(cxy);
            final StackPool start = new StackPool("start_stack_pool", WaitPolicy.defaults())
                .wrap(bank.window(layout.stackBase(), StackPool.LENGTH), 0);
            drawn += start.highWater();
            startHighWater.put(cxy, start.highWater());
        }
        startDrawn = drawn;
    }

    /** @return start stacks drawn over every cluster's start_stack_pool, -1 before {@link #readPools}. */
    public int startDrawn()
    {
        return startDrawn;
    }

    /** @return per cluster with cores, the most stacks its start_stack_pool lent at once. */
    public Map<Integer, Integer> startHighWater()
    {
        return new TreeMap<>(startHighWater);
    }

    /** @return cores that entered the election. */
    public int candidates()
    {
        return candidates.get();
    }

    /** @return the bootstrap CPU's gid, -1 before the election. */
    public int leader()
    {
        return leader;
    }

    /** @return what asm_magic_val held when the leader's CAS replaced it (the reset fill). */
    public long replaced()
    {
        return replaced;
    }

    /** @return microseconds from the machine's start to the leader's win. */
    public long electedMicros()
    {
        return electedMicros;
    }

    /** @return the sealed cpu_count, -1 before the seal. */
    public long sealedCount()
    {
        return sealedCount;
    }

    /** @return the count the straggler policy expected (the platform's cores). */
    public long expected()
    {
        return expected;
    }

    /** @return the cores arch_info.bin lists. */
    public int archCores()
    {
        return archCores;
    }

    /** @return the gids that arrived after the seal. */
    public List<Integer> late()
    {
        return new ArrayList<>(late);
    }

    /** @return the gids of arch_info that were never counted. */
    public List<Integer> missing()
    {
        return new ArrayList<>(missing);
    }

    /** @return the most arch_init stacks lent at once. */
    public int initHighWater()
    {
        return initHighWater;
    }

    /** @return the stacks of arch_init_stack_pool (fixed, whatever the number of cores). */
    public int initStacks()
    {
        return initStacks;
    }

    /** @return the stacks the leader placed in the clusters' start_stack_pools, one per counted core. */
    public int startStacks()
    {
        return startStacks;
    }
}
