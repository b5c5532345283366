package org.smpboot.sim.race;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.smpboot.runtime.boot.BootBlock;
import org.smpboot.runtime.boot.BootHooks;
import org.smpboot.runtime.region.BumpAllocator;
import org.smpboot.runtime.stack.StackHandle;
import org.smpboot.runtime.stack.StackOwnershipException;
import org.smpboot.runtime.stack.StackPool;

/**
 * The race's arch_init: each CPU uses the stacks it draws (writes its id over them, then checks nobody else wrote there
 * while it held them), so a stack handed to two CPUs shows up even across processes. Optionally halts the leader's
 * process at one of its steps ({@link CrashStep}, fault injection).
 */
final class RaceHooks implements BootHooks
{
    private static final int WORDS = 8;

    private final CrashStep crashAt;
    private final BootBlock block;

    /**
     * @param crashAt where the leader's process halts, or null.
     * @param block   the boot block (to see, for {@link CrashStep#SEAL_WAIT}, whether this process leads).
     */
    RaceHooks(final CrashStep crashAt, final BootBlock block)
    {
        this.crashAt = crashAt;
        this.block = block;
    }

    private void crash(final CrashStep step)
    {
        if (crashAt == step)
        {
            halt();
        }
    }

    private static void halt()
    {
        System.out.flush();
        Runtime.getRuntime().halt(CrashStep.EXIT); // a processor that stops: no hook, no flush of anything else
    }

    @Override
    public void elected(final int leader, final long replaced)
    {
        crash(CrashStep.BEFORE_MAGIC2);
        if (crashAt == CrashStep.SEAL_WAIT)
        {
            // this process leads: halt it once start_bar is up, while the leader waits for the count
            final Thread watcher = new Thread(() ->
            {
                while (block.startBar() != 1 || block.heartbeatLeader() != leader)
                {
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(20));
                }
                if (!block.isSealed())
                {
                    halt();
                }
            }, "crash-at-seal-wait");
            watcher.setDaemon(true);
            watcher.start();
        }
    }

    @Override
    public void initMemory(final int leader)
    {
        crash(CrashStep.INIT_MEMORY);
    }

    @Override
    public void initGlobals(final int leader)
    {
        crash(CrashStep.INIT_GLOBALS);
    }

    @Override
    public void initScheduler(final int cpu)
    {
        if (block.heartbeatLeader() == cpu && !block.isSealed() && block.startBar() != 1)
        {
            crash(CrashStep.INIT_SCHEDULER); // the leader's: followers run theirs after start_bar
        }
    }

    @Override
    public void initCpu(final int cpu, final StackHandle stack)
    {
        if (stack == null)
        {
            crash(CrashStep.INIT_CPU); // the leader's (followers run on a stack)
            return;
        }
        use(cpu, stack);
        if (crashAt == CrashStep.SEAL_WAIT)
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(CrashStep.SEAL_WAIT_HOLD_MS)); // keeps the leader waiting
        }
    }

    @Override
    public void provideStartStacks(final long cpus, final StackPool pool, final BumpAllocator heap, final int stackSize)
    {
        crash(CrashStep.START_STACKS);
        BootHooks.super.provideStartStacks(cpus, pool, heap, stackSize);
    }

    @Override
    public void cpuMain(final int cpu, final StackHandle stack)
    {
        use(cpu, stack);
        if (block.heartbeatLeader() == cpu)
        {
            crash(CrashStep.MAIN);
        }
    }

    private static void use(final int cpu, final StackHandle stack)
    {
        final int words = Math.min(WORDS, stack.size() / Long.BYTES);
        for (int i = 0; i < words; i++)
        {
            stack.putLong(i * Long.BYTES, cpu);
        }
        for (int spin = 0; spin < 64; spin++)
        {
            Thread.onSpinWait(); // hold the stack a moment, so a second holder would overlap
        }
        for (int i = 0; i < words; i++)
        {
            final long seen = stack.getLong(i * Long.BYTES);
            if (seen != cpu)
            {
                throw new StackOwnershipException("cpu " + cpu + " holds " + stack + " but found cpu " + seen +
                    "'s mark in it: the stack was handed to two CPUs");
            }
        }
    }
}
