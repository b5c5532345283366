package org.smpboot.sim.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the simulator observed of the elected flavor's election, for the report: the candidates, the winner and what it
 * replaced, when, the sealed count against arch_info's cores (with the rule that sealed it), the cores that never
 * arrived or that arch_info does not list, the LATE cores and the stack pools' high-water marks. The election itself
 * lives in cluster 0's memory (the runtime's {@code BootBlock}); this is the observer's copy, written by the cores as
 * they go, and, for the LATE cores and the start pools, read back from memory after the boot ({@link #readBack}).
 */
public final class ElectionState
{
    private final long started = System.nanoTime();
    private final AtomicInteger candidates = new AtomicInteger();
    private final Queue<Integer> missing = new ConcurrentLinkedQueue<>();
    private final Queue<Integer> unlisted = new ConcurrentLinkedQueue<>();
    private volatile List<Integer> late = List.of();
    private volatile String seal = "";
    private volatile int leader = -1;
    private volatile long replaced;
    private volatile long electedMicros = -1;
    private volatile long electedCycle = -1;
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

    void elected(final int gid, final long value, final long cycle)
    {
        leader = gid;
        replaced = value;
        electedMicros = (System.nanoTime() - started) / 1000;
        electedCycle = cycle;
    }

    void counted(final long sealed, final CountSeal rule, final int cores, final List<Integer> absent,
        final List<Integer> foreign)
    {
        sealedCount = sealed;
        seal = rule.toString();
        expected = rule.rule() == CountSeal.Rule.EXPECTED ? cores : 0;
        archCores = cores;
        missing.addAll(absent);
        unlisted.addAll(foreign);
    }

    void pools(final int initHigh, final int init, final int start)
    {
        initHighWater = initHigh;
        initStacks = init;
        startStacks = start;
    }

    /**
     * What the boot left in memory, read back once it is over: each cluster's start_stack_pool usage mark and the
     * gids marked in {@code cpu_late}.
     *
     * @param startHighWater per cluster with cores, the most stacks its start_stack_pool lent at once.
     * @param lateGids       the cores that arrived after the seal.
     */
    public void readBack(final Map<Integer, Integer> startHighWater, final List<Integer> lateGids)
    {
        if (leader < 0 || startStacks < 0)
        {
            return; // no start pool was placed: their headers hold the reset fill, not marks
        }
        this.startHighWater.putAll(startHighWater);
        this.startDrawn = startHighWater.values().stream().mapToInt(Integer::intValue).sum();
        this.late = List.copyOf(lateGids);
    }

    /** @return start stacks drawn over every cluster's start_stack_pool, -1 before the pools are read. */
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

    /** @return the leader's own cycle counter at its win (virtual time, the same in every replay of a seed), -1 before. */
    public long electedCycle()
    {
        return electedCycle;
    }

    /** @return the sealed cpu_count, -1 before the seal. */
    public long sealedCount()
    {
        return sealedCount;
    }

    /** @return the count the seal waited for: arch_info's cores with {@code expected}, else 0. */
    public long expected()
    {
        return expected;
    }

    /** @return the cores arch_info.bin lists. */
    public int archCores()
    {
        return archCores;
    }

    /** @return how the count was sealed ({@link CountSeal}), "" before the seal. */
    public String seal()
    {
        return seal;
    }

    /** @return the gids that arrived after the seal (LATE), as cpu_late holds them after the boot. */
    public List<Integer> late()
    {
        return late;
    }

    /** @return the gids of arch_info that were never counted. */
    public List<Integer> missing()
    {
        return new ArrayList<>(missing);
    }

    /** @return the counted gids arch_info does not list. */
    public List<Integer> unlisted()
    {
        return new ArrayList<>(unlisted);
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
