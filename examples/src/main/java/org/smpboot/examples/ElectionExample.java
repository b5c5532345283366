package org.smpboot.examples;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.smpboot.runtime.boot.BootHooks;
import org.smpboot.runtime.boot.BootOutcome;
import org.smpboot.runtime.boot.ElectionBoot;
import org.smpboot.runtime.boot.StragglerPolicy;
import org.smpboot.runtime.region.SharedRegion;
import org.smpboot.runtime.stack.StackHandle;

/**
 * README's election boot as a user writes it: CPUS threads (default 8) boot over a mapped file of unknown content.
 * Exactly one leads; every other is either counted, initialised and released on a stack of its own, or LATE (it
 * arrived after the quiet period sealed the count: not counted, no stack). Prints what came of it; exits 0 when that
 * holds, 1 otherwise.
 */
public final class ElectionExample
{
    private ElectionExample()
    {
    }

    /**
     * @param args CPUS, optionally.
     * @throws Exception when the boot cannot run.
     */
    public static void main(final String[] args) throws Exception
    {
        try
        {
            boot(args.length > 0 ? Integer.parseInt(args[0]) : 8);
        }
        catch (final IllegalStateException e)
        {
            // what the runtime says when the JVM lacks the flag Agrona needs: one line, naming it
            System.err.println("election example: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void boot(final int cpus) throws Exception
    {
        final Path file = Files.createTempFile("smpboot-example", ".dat");
        final AtomicIntegerArray initialised = new AtomicIntegerArray(cpus);
        final BootOutcome[] outcomes = new BootOutcome[cpus];
        final BootHooks myArchInit = new BootHooks()
        {
            @Override
            public void initCpu(final int cpu, final StackHandle stack)
            {
                initialised.incrementAndGet(cpu);
            }
        };
        try (SharedRegion region = SharedRegion.map(file, ElectionBoot.regionLength(cpus, 4, 4096)))
        {
            final ElectionBoot boot = ElectionBoot.builder(region.buffer(), 0)
                .stacks(4, 4096)                                    // arch_init_stack_pool: 4 stacks whatever N is
                .straggler(StragglerPolicy.quietPeriod(50, MILLISECONDS))
                .hooks(myArchInit)                                  // the platform's arch_init steps
                .build();
            final Thread[] threads = new Thread[cpus];
            for (int cpu = 0; cpu < cpus; cpu++)
            {
                final int myCpuId = cpu;
                threads[cpu] = new Thread(() -> outcomes[myCpuId] = boot.run(myCpuId), "cpu-" + cpu);
                threads[cpu].start();
            }
            for (final Thread t : threads)
            {
                t.join(MILLISECONDS.convert(60, java.util.concurrent.TimeUnit.SECONDS));
            }
        }
        finally
        {
            Files.deleteIfExists(file);
        }
        int leaders = 0;
        int followers = 0;
        int late = 0;
        int leader = -1;
        for (int cpu = 0; cpu < cpus; cpu++)
        {
            if (outcomes[cpu] == null)
            {
                System.out.println("cpu " + cpu + ": no outcome within 60 s");
                System.exit(1);
            }
            switch (outcomes[cpu].role())
            {
                case LEADER -> { leaders++; leader = cpu; }
                case FOLLOWER -> followers++;
                default -> late++;
            }
        }
        final int init = java.util.stream.IntStream.range(0, cpus).map(initialised::get).sum();
        System.out.printf("election example: %d CPUs, leader cpu %d, %d followers, %d late, %d initialised%n", cpus,
            leader, followers, late, init);
        // the guarantee: one leader; a CPU counted is initialised once, a late one never
        System.exit(leaders == 1 && init == 1 + followers ? 0 : 1);
    }
}
