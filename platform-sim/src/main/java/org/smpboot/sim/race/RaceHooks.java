package org.smpboot.sim.race;

import org.smpboot.runtime.boot.BootHooks;
import org.smpboot.runtime.stack.StackHandle;
import org.smpboot.runtime.stack.StackOwnershipException;

/**
 * The race's arch_init: each CPU uses the stacks it draws (writes its id over them, then checks nobody else wrote there
 * while it held them), so a stack handed to two CPUs shows up even across processes. Optionally halts the leader's
 * process before MAGIC2 (fault injection).
 */
final class RaceHooks implements BootHooks
{
    private static final int WORDS = 8;

    private final boolean crashLeaderBeforeMagic2;

    RaceHooks(final boolean crashLeaderBeforeMagic2)
    {
        this.crashLeaderBeforeMagic2 = crashLeaderBeforeMagic2;
    }

    @Override
    public void elected(final int leader, final long replaced)
    {
        if (crashLeaderBeforeMagic2)
        {
            System.out.flush();
            Runtime.getRuntime().halt(86); // a process killed between MAGIC1 and MAGIC2
        }
    }

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
