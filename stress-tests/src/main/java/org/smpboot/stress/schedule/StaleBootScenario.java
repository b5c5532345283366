package org.smpboot.stress.schedule;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.AtomicBuffer;
import org.smpboot.runtime.boot.ArrivalRoll;
import org.smpboot.runtime.boot.BootBlock;
import org.smpboot.runtime.boot.BootOutcome;
import org.smpboot.runtime.boot.ElectionBoot;
import org.smpboot.runtime.boot.ElectionException;
import org.smpboot.runtime.boot.StragglerPolicy;
import org.smpboot.runtime.region.Fill;

/**
 * Issue 22, item 2: a new boot of a few CPUs over memory that a boot which is over left behind, its leader's heartbeat
 * an hour old. The leftover block is built with the block's own steps, one state per {@link Leftover}; the old leader
 * is CPU 0, one of the CPUs that now race (a CPU never takes its own old heartbeat for a live leader).
 *
 * <p>Invariants after every schedule: no hang; every CPU ends with the named case ({@code MAGIC1_WITHOUT_LEADER} for
 * MAGIC1 left mid-election, {@code STALE_BOOT} naming the old leader for a published block), none leads, none is LATE,
 * none counts itself; the block's words are as the old boot left them.
 */
public final class StaleBootScenario implements Scenario
{
    /** How old the leftover heartbeat is when the new boot starts. */
    public static final long AGE_MS = TimeUnit.HOURS.toMillis(1);
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    private static final long LIVENESS_MS = 2000;
    private static final int OLD_LEADER = 0;

    /** What a finished or crashed boot can leave in the block. */
    public enum Leftover
    {
        /** The leader died between its CAS and its first heartbeat. */
        MAGIC1_NO_HEARTBEAT,
        /** The leader died after its first heartbeat, before MAGIC2. */
        MAGIC1_WITH_HEARTBEAT,
        /** Published; the leader died before start_bar. */
        PUBLISHED,
        /** start_bar up, a follower counted and not running; the leader died in its wait for the count. */
        STARTED,
        /** Sealed with every counted CPU running: a finished boot, or one whose leader died giving start stacks. */
        SEALED,
        /** The leader gave the boot up (a counted CPU died). */
        ABANDONED
    }

    private final int cpus;
    private final Leftover leftover;

    /**
     * @param cpus     CPUs of the new boot.
     * @param leftover what the old boot left.
     */
    public StaleBootScenario(final int cpus, final Leftover leftover)
    {
        this.cpus = cpus;
        this.leftover = leftover;
    }

    @Override
    public String name()
    {
        return "stale boot " + leftover.name().toLowerCase(java.util.Locale.ROOT) + ", " + cpus + " CPUs";
    }

    @Override
    public int threads()
    {
        return cpus;
    }

    /**
     * Builds the leftover state with the block's own steps.
     *
     * @param block  the block over reset garbage.
     * @param state  what to leave.
     * @param leader the old leader.
     * @param atMs   the old leader's last heartbeat.
     */
    public static void leave(final BootBlock block, final Leftover state, final int leader, final long atMs)
    {
        if (block.tryLead() == BootBlock.LOST)
        {
            throw new IllegalStateException("the old boot elected no leader");
        }
        if (state == Leftover.MAGIC1_NO_HEARTBEAT)
        {
            return;
        }
        block.heartbeat(leader, atMs);
        if (state == Leftover.MAGIC1_WITH_HEARTBEAT)
        {
            return;
        }
        block.publish(leader);
        if (state == Leftover.PUBLISHED)
        {
            return;
        }
        block.initRunningCount();
        block.cpuStartOther();
        block.countMe();
        if (state == Leftover.STARTED)
        {
            return;
        }
        block.incrementRunning();
        if (!block.seal(2))
        {
            throw new IllegalStateException("the old boot did not seal");
        }
        if (state == Leftover.ABANDONED)
        {
            block.abandon(leader, atMs);
        }
    }

    @Override
    public Instance newInstance(final Memory memory)
    {
        final int region = ElectionBoot.regionLength(cpus, 1, ElectionScenario.STACK_SIZE);
        final AtomicBuffer buffer = memory.buffer(region + ArrivalRoll.length(cpus));
        Fill.X5A.apply(buffer, 0, buffer.capacity());
        final BootBlock old = new BootBlock().wrap(buffer, 0);
        leave(old, leftover, OLD_LEADER, memory.clock().time() - AGE_MS);
        final long magic = old.asmMagicVal();
        final long countWord = old.cpuCountWord();
        final long late = old.lateCount();
        final int[] ids = new int[cpus];
        for (int i = 0; i < cpus; i++)
        {
            ids[i] = i;
        }
        final ElectionBoot boot = ElectionBoot.builder(buffer, 0)
            .stacks(1, ElectionScenario.STACK_SIZE)
            .heap(-1, region)
            .straggler(StragglerPolicy.none())
            .livenessMs(LIVENESS_MS)
            .waitPolicy(memory.waitPolicy(TIMEOUT_NS))
            .clocks(memory.clock(), memory.clock())
            .arrivals(buffer, region, ids)
            .hooks(new ElectionScenario.MarkingHooks())
            .build();
        final BootOutcome[] outcomes = new BootOutcome[cpus];
        final ElectionException.Case expected = leftover == Leftover.MAGIC1_NO_HEARTBEAT ||
            leftover == Leftover.MAGIC1_WITH_HEARTBEAT ? ElectionException.Case.MAGIC1_WITHOUT_LEADER :
            ElectionException.Case.STALE_BOOT;
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
                if (ending.hung() || !ending.allFinished())
                {
                    return "hang: a CPU never ended";
                }
                for (int t = 0; t < cpus; t++)
                {
                    if (outcomes[t] != null)
                    {
                        return "cpu " + t + " took a boot that is over for a live one: " + outcomes[t].role();
                    }
                    if (!(ending.errors()[t] instanceof ElectionException x) || x.reason() != expected)
                    {
                        return "cpu " + t + " ended with " + ending.errors()[t] + ", not " + expected;
                    }
                    if (expected == ElectionException.Case.STALE_BOOT && !x.cpus().equals(List.of(OLD_LEADER)))
                    {
                        return "cpu " + t + " names " + x.cpus() + ", not the old leader cpu " + OLD_LEADER;
                    }
                    if (x.getMessage().contains("leader cpu " + t + " is dead"))
                    {
                        return "cpu " + t + " called itself dead: " + x.getMessage();
                    }
                }
                final BootBlock block = boot.block();
                if (block.asmMagicVal() != magic || block.cpuCountWord() != countWord || block.lateCount() != late)
                {
                    return "the new CPUs changed the old block: " + block;
                }
                return null;
            }

            @Override
            public String describe(final int index)
            {
                return Words.boot(index, region);
            }
        };
    }
}
