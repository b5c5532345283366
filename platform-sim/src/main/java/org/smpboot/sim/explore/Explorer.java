package org.smpboot.sim.explore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.smpboot.sim.boot.BootOptions;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.kernel.KernelBarriers;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.run.BootResult;
import org.smpboot.sim.run.PlatformBoot;

/**
 * A schedule explorer for the boot protocols: boots a platform deterministically under many seeds (each seed one
 * interleaving of the cores' shared accesses and waits, {@code SeededSchedule}) and reports every seed whose boot
 * violates an invariant ({@link BootInvariants}). A seed it reports replays the same boot, byte for byte.
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
        /** Copies the list. */
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
     * Boots once, deterministically.
     *
     * @param seed the interleaving.
     * @return the boot, traced.
     * @throws IOException when the disk image cannot be written.
     */
    public BootResult boot(final long seed) throws IOException
    {
        return new PlatformBoot(platform, options, config).seed(seed).maxCycles(maxCycles).kernelBarriers(barriers)
            .trace().run(fillName);
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
        for (long s = first; s < first + count; s++)
        {
            final Finding f = new Finding(s, BootInvariants.violations(boot(s)));
            each.accept(f);
            if (!f.violations().isEmpty())
            {
                found.add(f);
                if (stopAtFirst)
                {
                    break;
                }
            }
        }
        return found;
    }
}
