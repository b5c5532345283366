package org.smpboot.sim.explore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.smpboot.sim.boot.BootOptions;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.hw.SeededSchedule;
import org.smpboot.sim.kernel.KernelBarriers;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.run.BootResult;
import org.smpboot.sim.run.BootWorkers;
import org.smpboot.sim.run.PlatformBoot;

/**
 * A schedule explorer for the boot protocols: boots a platform deterministically under many seeds (each seed one
 * interleaving of the cores' shared accesses and waits, {@code SeededSchedule}) and reports every seed whose boot
 * violates an invariant ({@link BootInvariants}). A seed it reports replays the same boot, byte for byte.
 *
 * <p>Two strategies draw the interleavings ({@link SeededSchedule.Strategy}): uniform random choices at one access in 8
 * and at every wait (the default), or PCT (Burckhardt et al., ASPLOS 2010), random priorities with {@code depth - 1}
 * change points drawn over a boot's scheduling points, measured once on a uniform boot of the first seed.
 *
 * <p>Workers: the seeds' boots are independent (each its own machine, one core at a time), so {@link #workers(int)}
 * host threads boot different seeds at once (by default one per host processor). What a seed's boot does depends on
 * its seed only, never on which worker ran it or what ran beside it; results are told in seed order.
 */
public final class Explorer
{
    /** Virtual time a boot of a small platform may take before it is declared hung: 2^30 cycles. */
    public static final long DEFAULT_MAX_CYCLES = 1L << 30;

    /**
     * A seed whose boot broke an invariant.
     *
     * @param seed       the seed, which replays it.
     * @param violations what broke, one line each.
     */
    public record Finding(long seed, List<String> violations)
    {
        /**
         * Copies the list.
         *
         * @param seed       the seed, which replays it.
         * @param violations what broke, one line each.
         */
        public Finding
        {
            violations = List.copyOf(violations);
        }
    }

    private final Platform platform;
    private final BootOptions options;
    private final MachineConfig config;
    private final String fillName;
    private KernelBarriers barriers = KernelBarriers.SENSE_REVERSING;
    private long maxCycles = DEFAULT_MAX_CYCLES;
    private SeededSchedule.Strategy strategy = SeededSchedule.Strategy.RANDOM;
    private int pctDepth = SeededSchedule.DEFAULT_PCT_DEPTH;
    private long pctSteps;
    private int workers = Runtime.getRuntime().availableProcessors();

    /**
     * @param platform the platform (a small one: every seed is a whole boot, one core at a time).
     * @param options  layout, flavor and bounds.
     * @param config   the machine (its fill).
     * @param fillName how the fill is reported.
     */
    public Explorer(final Platform platform, final BootOptions options, final MachineConfig config,
        final String fillName)
    {
        this.platform = platform;
        this.options = options;
        this.config = config;
        this.fillName = fillName;
    }

    /**
     * @param kind how kernel_init makes its barriers (a broken variant, for the explorer's negative control).
     * @return this.
     */
    public Explorer barriers(final KernelBarriers kind)
    {
        this.barriers = kind;
        return this;
    }

    /**
     * @param cycles the virtual time one boot may reach before it is declared hung.
     * @return this.
     */
    public Explorer maxCycles(final long cycles)
    {
        this.maxCycles = cycles;
        return this;
    }

    /**
     * @param s     how each boot picks the next core: uniformly at random (the default) or PCT.
     * @param depth the PCT depth (depth - 1 priority change points; {@link SeededSchedule#DEFAULT_PCT_DEPTH}).
     * @param k     the PCT estimate of a boot's scheduling points, or 0 to measure it: one boot of the first seed under
     *              the random strategy, whose step count is then used for every seed.
     * @return this.
     */
    public Explorer strategy(final SeededSchedule.Strategy s, final int depth, final long k)
    {
        if (depth < 1 || k < 0)
        {
            throw new IllegalArgumentException("PCT needs a depth of at least 1 and a step count of at least 0, got " +
                depth + " and " + k);
        }
        this.strategy = s;
        this.pctDepth = depth;
        this.pctSteps = k;
        return this;
    }

    /**
     * @param n host threads booting seeds at once, at least 1.
     * @return this.
     */
    public Explorer workers(final int n)
    {
        if (n < 1)
        {
            throw new IllegalArgumentException("workers must be at least 1, got " + n);
        }
        this.workers = n;
        return this;
    }

    /** @return the PCT step estimate in use (0 before it is measured, or with the random strategy). */
    public long pctSteps()
    {
        return pctSteps;
    }

    /**
     * Boots once, deterministically.
     *
     * @param seed the interleaving.
     * @return the boot, traced.
     * @throws IOException when the disk image cannot be written.
     */
    public BootResult boot(final long seed) throws IOException
    {
        if (strategy == SeededSchedule.Strategy.PCT && pctSteps == 0)
        {
            // PCT draws its change points among a boot's scheduling points: measure them once, on a uniform boot
            final PlatformBoot calibration = new PlatformBoot(platform, options, config).seed(seed)
                .maxCycles(maxCycles).kernelBarriers(barriers);
            calibration.run(fillName);
            pctSteps = Math.max(1, calibration.steps());
        }
        return new PlatformBoot(platform, options, config).seed(seed).maxCycles(maxCycles).kernelBarriers(barriers)
            .strategy(strategy, pctDepth, Math.max(1, pctSteps)).trace().run(fillName);
    }

    /**
     * Boots under seeds {@code first .. first + count - 1}.
     *
     * @param first       the first seed.
     * @param count       how many seeds.
     * @param stopAtFirst stop at the first seed that breaks an invariant.
     * @param each        told of every seed's boot and its violations (progress), in seed order.
     * @return the seeds that broke an invariant.
     * @throws IOException when a disk image cannot be written.
     */
    public List<Finding> explore(final long first, final int count, final boolean stopAtFirst,
        final Consumer<Finding> each) throws IOException
    {
        final List<Finding> found = new ArrayList<>();
        if (count < 1)
        {
            return found;
        }
        // the first seed alone: PCT measures its step count there, before any other boot draws change points from it
        long next = first;
        final Finding head = new Finding(next, BootInvariants.violations(boot(next)));
        next++;
        if (tell(head, found, each) && stopAtFirst || count == 1)
        {
            return found;
        }
        BootWorkers.inOrder(workers, "explore-worker", next, first + count - next,
            s -> new Finding(s, BootInvariants.violations(boot(s))), f -> tell(f, found, each) && stopAtFirst);
        return found;
    }

    // tells one seed's result; true when it broke an invariant
    private static boolean tell(final Finding f, final List<Finding> found, final Consumer<Finding> each)
    {
        each.accept(f);
        if (f.violations().isEmpty())
        {
            return false;
        }
        found.add(f);
        return true;
    }
}
