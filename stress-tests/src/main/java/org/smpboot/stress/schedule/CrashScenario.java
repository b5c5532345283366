package org.smpboot.stress.schedule;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.AtomicBuffer;
import org.smpboot.runtime.boot.ArrivalRoll;
import org.smpboot.runtime.boot.BootOutcome;
import org.smpboot.runtime.boot.ElectionBoot;
import org.smpboot.runtime.boot.ElectionException;
import org.smpboot.runtime.boot.Role;
import org.smpboot.runtime.boot.StragglerPolicy;
import org.smpboot.runtime.region.Fill;

/**
 * The election of a few CPUs with an arrival roll, for schedules that kill a CPU (a thread that stops for good, at any
 * decision): what the survivors make of the death. The leader waits for every CPU (expected count), so that a kill
 * can land in every step of every CPU.
 *
 * <p>Invariants: no hang; at most one leader; every survivor either completes (the leader's sealed count then covers
 * its followers, plus at most the killed CPU) or ends with a named {@link ElectionException} (the leader dead, a
 * counted CPU dead, the boot given up, MAGIC1 without a live leader, a boot over when it arrived); never a plain wait
 * timeout, which would mean a wait that does not watch the dead.
 */
public final class CrashScenario implements Scenario
{
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    private static final Set<ElectionException.Case> NAMED = Set.of(ElectionException.Case.LEADER_DEAD,
        ElectionException.Case.CPU_DEAD, ElectionException.Case.BOOT_ABANDONED,
        ElectionException.Case.MAGIC1_WITHOUT_LEADER, ElectionException.Case.STALE_BOOT);

    private final int cpus;

    /** @param cpus CPUs racing (one of which a schedule may kill). */
    public CrashScenario(final int cpus)
    {
        this.cpus = cpus;
    }

    @Override
    public String name()
    {
        return "election with a death, " + cpus + " CPUs";
    }

    @Override
    public int threads()
    {
        return cpus;
    }

    @Override
    public Instance newInstance(final Memory memory)
    {
        final int region = ElectionBoot.regionLength(cpus, 1, ElectionScenario.STACK_SIZE);
        final AtomicBuffer buffer = memory.buffer(region + ArrivalRoll.length(cpus));
        Fill.X5A.apply(buffer, 0, buffer.capacity());
        final int[] ids = new int[cpus];
        for (int i = 0; i < cpus; i++)
        {
            ids[i] = i;
        }
        final ElectionBoot boot = ElectionBoot.builder(buffer, 0)
            .stacks(1, ElectionScenario.STACK_SIZE)
            .heap(-1, region)
            .straggler(StragglerPolicy.expected(cpus, 5, TimeUnit.SECONDS))
            .livenessMs(2000)
            .waitPolicy(memory.waitPolicy(TIMEOUT_NS))
            .clocks(memory.clock(), memory.clock())
            .arrivals(buffer, region, ids)
            .hooks(new ElectionScenario.MarkingHooks())
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
                if (ending.hung())
                {
                    return "hang: the survivors wait and no wait ends";
                }
                int leaders = 0;
                int followers = 0;
                BootOutcome leader = null;
                for (int t = 0; t < cpus; t++)
                {
                    if (ending.killed()[t])
                    {
                        continue;
                    }
                    final Throwable e = ending.errors()[t];
                    if (e != null)
                    {
                        if (!(e instanceof ElectionException x) || !NAMED.contains(x.reason()))
                        {
                            return "survivor cpu " + t + " did not name the death: " + e;
                        }
                        continue;
                    }
                    if (outcomes[t] == null)
                    {
                        return "survivor cpu " + t + " did not finish";
                    }
                    if (outcomes[t].role() == Role.LEADER)
                    {
                        leaders++;
                        leader = outcomes[t];
                    }
                    else if (outcomes[t].role() == Role.FOLLOWER)
                    {
                        followers++;
                    }
                }
                if (leaders > 1)
                {
                    return leaders + " leaders";
                }
                if (leader != null)
                {
                    final long sealed = leader.leader().sealedCount();
                    if (sealed < 1 + followers || sealed > 2 + followers)
                    {
                        return "cpu_count sealed at " + sealed + " with " + followers + " surviving followers";
                    }
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
