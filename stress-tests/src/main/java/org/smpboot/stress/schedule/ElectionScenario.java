package org.smpboot.stress.schedule;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.AtomicBuffer;
import org.smpboot.runtime.boot.ArrivalRoll;
import org.smpboot.runtime.boot.BootBlock;
import org.smpboot.runtime.boot.BootHooks;
import org.smpboot.runtime.boot.BootOutcome;
import org.smpboot.runtime.boot.ElectionBoot;
import org.smpboot.runtime.boot.Magic;
import org.smpboot.runtime.boot.Role;
import org.smpboot.runtime.boot.StragglerPolicy;
import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.stack.StackHandle;
import org.smpboot.runtime.stack.StackPool;

/**
 * The whole seed-002 boot ({@link ElectionBoot#run}) of a few CPUs on reset garbage: election, publication, count,
 * start_bar, arch_init_stack_pool, the seal, start_stack_pool and each CPU's main on its start stack, with an arrival
 * roll. Each CPU writes its id over every stack it holds and checks it is still there before giving the stack back.
 *
 * <p>Invariants after every schedule: no CPU threw and none waited for ever; exactly one leader; every other CPU a
 * follower counted at a distinct position or LATE (not counted: the straggler policy is the seed's, seal at once);
 * the sealed count is the leader plus the followers, the late count the LATE CPUs, and the roll's missing CPUs exactly
 * the LATE ones; every counted CPU saw the leader's id and was released; the block ends at MAGIC2, start_bar 1,
 * running_count = cpu_count, sealed; both pools hold every stack they were given, each once, none lent.
 */
public final class ElectionScenario implements Scenario
{
    /** Bytes per stack (the smallest the pool takes, to keep the memory small). */
    public static final int STACK_SIZE = StackPool.MIN_STACK_SIZE;
    /** Bound of each wait, in virtual time. */
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    private static final long LIVENESS_MS = 2000;

    private final int cpus;
    private final Fill fill;
    private final int initStacks;

    /**
     * @param cpus       CPUs racing.
     * @param fill       the reset content of the whole memory.
     * @param initStacks stacks of arch_init_stack_pool (fewer than the followers makes them wait for one).
     */
    public ElectionScenario(final int cpus, final Fill fill, final int initStacks)
    {
        if (cpus < 1 || cpus > Execution.MAX_THREADS)
        {
            throw new IllegalArgumentException("1 to " + Execution.MAX_THREADS + " CPUs, not " + cpus);
        }
        this.cpus = cpus;
        this.fill = fill;
        this.initStacks = initStacks;
    }

    @Override
    public String name()
    {
        return "election, " + cpus + " CPUs, fill " + fill + ", " + initStacks + " arch_init stack" +
            (initStacks == 1 ? "" : "s");
    }

    @Override
    public int threads()
    {
        return cpus;
    }

    @Override
    public Instance newInstance(final Memory memory)
    {
        final int region = ElectionBoot.regionLength(cpus, initStacks, STACK_SIZE);
        final AtomicBuffer buffer = memory.buffer(region + ArrivalRoll.length(cpus));
        fill.apply(buffer, 0, buffer.capacity());
        final int[] ids = new int[cpus];
        for (int i = 0; i < cpus; i++)
        {
            ids[i] = i;
        }
        final ElectionBoot boot = ElectionBoot.builder(buffer, 0)
            .stacks(initStacks, STACK_SIZE)
            .heap(-1, region)
            .straggler(StragglerPolicy.none())
            .livenessMs(LIVENESS_MS)
            .waitPolicy(memory.waitPolicy(TIMEOUT_NS))
            .clocks(memory.clock(), memory.clock())
            .arrivals(buffer, region, ids)
            .hooks(new MarkingHooks())
            .build();
        final BootOutcome[] outcomes = new BootOutcome[cpus];
        return new Instance()
        {
            @Override
            public String threadName(final int thread)
            {
                return "cpu " + thread;
            }

            @Override
            public void run(final int thread)
            {
                outcomes[thread] = boot.run(thread);
            }

            @Override
            public String check(final Ending ending)
            {
                final String problem = ending.problem();
                return problem != null ? problem : invariants(boot, outcomes);
            }

            @Override
            public String describe(final int index)
            {
                return Words.boot(index, region);
            }
        };
    }

    private String invariants(final ElectionBoot boot, final BootOutcome[] outcomes)
    {
        final List<BootOutcome> leaders = new ArrayList<>();
        final Set<Long> positions = new HashSet<>();
        final Set<Integer> late = new TreeSet<>();
        int followers = 0;
        for (final BootOutcome o : outcomes)
        {
            if (o.role() == Role.LEADER)
            {
                leaders.add(o);
            }
            else if (o.role() == Role.FOLLOWER)
            {
                followers++;
                if (o.countPosition() < 2 || !positions.add(o.countPosition()))
                {
                    return "cpu " + o.cpu() + " counted at position " + o.countPosition() + " (taken or impossible)";
                }
            }
            else
            {
                late.add(o.cpu());
            }
        }
        if (leaders.size() != 1)
        {
            return leaders.size() + " leaders";
        }
        final BootOutcome leader = leaders.get(0);
        final BootOutcome.LeaderReport report = leader.leader();
        final BootBlock block = boot.block();
        for (final BootOutcome o : outcomes)
        {
            if (o.role() != Role.LATE && (o.bsCpuid() != leader.cpu() || o.releasedNanos() < 0))
            {
                return "cpu " + o.cpu() + " saw bs_cpuid " + o.bsCpuid() + " (leader cpu " + leader.cpu() +
                    ") or was never released";
            }
        }
        if (report.sealedCount() != 1 + followers)
        {
            return "cpu_count sealed at " + report.sealedCount() + " with " + followers + " followers counted";
        }
        for (final long p : positions)
        {
            if (p > report.sealedCount())
            {
                return "a follower counted at position " + p + " beyond the sealed count " + report.sealedCount();
            }
        }
        if (block.lateCount() != late.size())
        {
            return "late_count " + block.lateCount() + " but LATE CPUs " + late;
        }
        if (!new TreeSet<>(report.missingCpus()).equals(late))
        {
            return "the roll misses " + report.missingCpus() + " but the LATE CPUs are " + late;
        }
        if (block.asmMagicVal() != Magic.MAGIC2 || block.startBar() != 1 || !block.isSealed() ||
            block.cpuCount() != report.sealedCount() || block.runningCount() != report.sealedCount())
        {
            return "block ends as " + block;
        }
        if (report.initHighWater() > Math.min(initStacks, followers) || report.startStacks() != report.sealedCount())
        {
            return "arch_init high-water " + report.initHighWater() + ", start stacks " + report.startStacks();
        }
        final String a = Words.poolIntact(boot.archInitStackPool(), initStacks);
        if (a != null)
        {
            return a;
        }
        return Words.poolIntact(boot.startStackPool(), (int)report.sealedCount());
    }

    /** Each CPU marks every stack it holds with its id and checks the mark before it lets go. */
    static final class MarkingHooks implements BootHooks
    {
        @Override
        public void initCpu(final int cpu, final StackHandle stack)
        {
            if (stack != null)
            {
                use(cpu, stack);
            }
        }

        @Override
        public void cpuMain(final int cpu, final StackHandle stack)
        {
            use(cpu, stack);
        }

        static void use(final int cpu, final StackHandle stack)
        {
            stack.putLong(0, cpu);
            final long seen = stack.getLong(0);
            if (seen != cpu)
            {
                throw new IllegalStateException("cpu " + cpu + " holds " + stack + " but finds cpu " + seen +
                    "'s mark in it: one stack, two holders");
            }
        }
    }
}
