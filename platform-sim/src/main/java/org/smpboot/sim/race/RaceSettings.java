package org.smpboot.sim.race;

import java.util.concurrent.TimeUnit;

import org.smpboot.runtime.boot.ArrivalRoll;
import org.smpboot.runtime.boot.ElectionBoot;
import org.smpboot.runtime.boot.Magic;
import org.smpboot.runtime.boot.StragglerPolicy;
import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * Everything a race round needs, in threads or processes.
 *
 * @param cpus        CPUs racing.
 * @param fill        reset pattern spec (see {@link Magic#parseFill}); a bare {@code random} changes with each round.
 * @param seed        seed of fills and jitter.
 * @param initStacks  stacks of arch_init_stack_pool.
 * @param stackSize   bytes per stack.
 * @param straggler   straggler policy spec (see {@link StragglerPolicy#parse}).
 * @param livenessMs  age of the leader's heartbeat past which followers declare it dead.
 * @param timeoutMs   bound of every wait.
 * @param jitterUs    each CPU starts a random 0..jitterUs after the gate.
 * @param crashLeaderAt fault injection: the {@link CrashStep} at which the leader's process halts, or null.
 */
public record RaceSettings(
    int cpus,
    String fill,
    long seed,
    int initStacks,
    int stackSize,
    String straggler,
    long livenessMs,
    long timeoutMs,
    long jitterUs,
    String crashLeaderAt)
{
    /**
     * @throws IllegalArgumentException with a one-line reason when a setting is out of range or unparsable.
     *
     * @param cpus          CPUs racing.
     * @param fill          reset pattern spec (see {@link Magic#parseFill}).
     * @param seed          seed of fills and jitter.
     * @param initStacks    stacks of arch_init_stack_pool.
     * @param stackSize     bytes per stack.
     * @param straggler     straggler policy spec (see {@link StragglerPolicy#parse}).
     * @param livenessMs    age of the leader's heartbeat past which followers declare it dead.
     * @param timeoutMs     bound of every wait.
     * @param jitterUs      each CPU starts a random 0..jitterUs after the gate.
     * @param crashLeaderAt fault injection.
     */
    public RaceSettings
    {
        if (cpus < 1 || cpus > 4096)
        {
            throw new IllegalArgumentException("--cpus must be between 1 and 4096, got " + cpus);
        }
        if (initStacks < 1 || initStacks > 1024)
        {
            throw new IllegalArgumentException("--init-stacks must be between 1 and 1024, got " + initStacks);
        }
        if (stackSize < 64 || stackSize > (1 << 20) || (stackSize & 7) != 0)
        {
            throw new IllegalArgumentException("--stack-size must be a multiple of 8 between 64 and 1 MiB, got " + stackSize);
        }
        if (livenessMs < 1 || timeoutMs < 1 || jitterUs < 0)
        {
            throw new IllegalArgumentException("--liveness-ms and --timeout-ms must be positive, --jitter-us not negative");
        }
        Magic.parseFill(fill, seed);
        StragglerPolicy.parse(straggler, cpus);
        if (crashLeaderAt != null)
        {
            CrashStep.parse(crashLeaderAt);
        }
    }

    /** @return where the leader's process halts, or null. */
    public CrashStep crashStep()
    {
        return crashLeaderAt == null ? null : CrashStep.parse(crashLeaderAt);
    }

    /**
     * @param round the round, from 1.
     * @return the fill of that round.
     */
    public Fill fillFor(final int round)
    {
        return Magic.parseFill(fill, seed + round);
    }

    /** @return bytes of the boot region: the boot's, then the arrival roll (who was counted, each CPU's heartbeat). */
    public int regionLength()
    {
        return bootLength() + ArrivalRoll.length(cpus);
    }

    private int bootLength()
    {
        return ElectionBoot.regionLength(cpus, initStacks, stackSize);
    }

    /**
     * @param buffer      the memory.
     * @param blockOffset where the boot block is ({@link #regionLength()} bytes from there are the race's).
     * @return the boot, configured, with the race's hooks ({@link RaceHooks}) and an arrival roll of every CPU.
     */
    public ElectionBoot boot(final org.agrona.concurrent.AtomicBuffer buffer, final int blockOffset)
    {
        final int[] ids = new int[cpus];
        for (int i = 0; i < cpus; i++)
        {
            ids[i] = i;
        }
        final org.smpboot.runtime.boot.BootBlock block =
            new org.smpboot.runtime.boot.BootBlock().wrap(buffer, blockOffset);
        return ElectionBoot.builder(buffer, blockOffset)
            .heap(-1, blockOffset + bootLength())
            .arrivals(buffer, blockOffset + bootLength(), ids)
            .stacks(initStacks, stackSize)
            .straggler(StragglerPolicy.parse(straggler, cpus))
            .livenessMs(livenessMs)
            .waitPolicy(WaitPolicy.defaults().withTimeout(timeoutMs, TimeUnit.MILLISECONDS))
            .hooks(new RaceHooks(crashStep(), block))
            .build();
    }
}
