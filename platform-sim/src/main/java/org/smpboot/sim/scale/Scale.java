package org.smpboot.sim.scale;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.smpboot.sim.boot.BootFlavor;
import org.smpboot.sim.boot.BootOptions;
import org.smpboot.sim.boot.CountSeal;
import org.smpboot.sim.driver.BarrierKind;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.hw.ServiceQueue;
import org.smpboot.sim.hw.StepTable;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;
import org.smpboot.sim.run.BootResult;
import org.smpboot.sim.run.PlatformBoot;
import org.smpboot.sim.trace.BarrierLog;
import org.smpboot.sim.trace.BootPhase;

/**
 * A scaling campaign in virtual time: square meshes from {@code from x from} to {@code to x to} clusters (doubling the
 * side), each booted deterministically ({@code --seed}, the timed strategy: every request reaches its target's queue in
 * the order of its arrival cycle) once per flavor and barrier asked for. What each boot measured comes from the
 * simulated machine itself, read back after the boot: the cycle at which each phase ended, every bank's and device's
 * queue, every barrier episode. Being virtual, the figures do not depend on the host: 1024 cores on 2 host cores give
 * the cycles a 1024-core machine would count.
 */
public final class Scale
{
    /** The simulated kernel's last line: the cycle at which kernel_init completed. */
    private static final Pattern KERNEL_DONE = Pattern.compile("\\[KINIT\\] boot complete at cycle (\\d+)");

    /**
     * One boot of the campaign.
     *
     * @param platform     the platform's name.
     * @param side         clusters along x and along y.
     * @param clusters     clusters.
     * @param cores        cores.
     * @param flavor       who booted.
     * @param barrier      the barrier class behind global_barrier and local_barrier.
     * @param seed         the seed (the boot replays with {@code boot --seed S} and the same flags).
     * @param complete     whether the boot completed.
     * @param phaseCycles  cycles each phase took (from the previous phase's end to its own).
     * @param totalCycles  the cycle at which the last phase ended.
     * @param hottest      the queue (bank or device) whose requests waited most in all, or empty.
     * @param hottestMean  its mean wait per request, in cycles.
     * @param hottestMax   its longest wait, in cycles.
     * @param barrierSpans per barrier, the mean cycles from an episode's first arrival to its last release (the
     *                     clusters' local barriers averaged together).
     * @param stepCycles   per class of step (work, election, arch_info search, copy, barrier, wait), the cycles a
     *                     core spent in steps of that class over the whole boot, averaged over the cores.
     */
    public record Point(String platform, int side, int clusters, int cores, String flavor, String barrier, long seed,
        boolean complete, Map<BootPhase, Long> phaseCycles, long totalCycles, String hottest, double hottestMean,
        long hottestMax, Map<String, Double> barrierSpans, Map<String, Double> stepCycles)
    {
        /**
         * Copies the maps.
         *
         * @param platform     the platform's name.
         * @param side         clusters along x and along y.
         * @param clusters     clusters.
         * @param cores        cores.
         * @param flavor       who booted.
         * @param barrier      the barrier class.
         * @param seed         the seed.
         * @param complete     whether the boot completed.
         * @param phaseCycles  cycles each phase took.
         * @param totalCycles  the cycle at which the last phase ended.
         * @param hottest      the queue whose requests waited most, or empty.
         * @param hottestMean  its mean wait per request.
         * @param hottestMax   its longest wait.
         * @param barrierSpans per barrier, the mean episode span.
         * @param stepCycles   per class of step, a core's mean cycles in it.
         */
        public Point
        {
            final Map<BootPhase, Long> phases = new EnumMap<>(BootPhase.class);
            phases.putAll(phaseCycles);
            phaseCycles = Collections.unmodifiableMap(phases);
            barrierSpans = Collections.unmodifiableMap(new TreeMap<>(barrierSpans));
            stepCycles = Collections.unmodifiableMap(new LinkedHashMap<>(stepCycles));
        }
    }

    private final int coresPerCluster;
    private final BootLayout layout;
    private final long seed;
    private final Duration timeout;
    private final long maxCycles;
    private CountSeal seal = CountSeal.parse("expected");

    /**
     * @param coresPerCluster cores in every cluster.
     * @param layout          the memory layout.
     * @param seed            every boot's seed.
     * @param timeout         each boot's host-time safety net's base (a deterministic boot is bounded in cycles).
     * @param maxCycles       the virtual time each boot may reach.
     */
    public Scale(final int coresPerCluster, final BootLayout layout, final long seed, final Duration timeout,
        final long maxCycles)
    {
        this.coresPerCluster = coresPerCluster;
        this.layout = layout;
        this.seed = seed;
        this.timeout = timeout;
        this.maxCycles = maxCycles;
    }

    /**
     * @param rule when the elected leader seals cpu_count ({@code boot --straggler}); by default {@code expected},
     *             as soon as arch_info's cores have counted themselves (boot's default quiet period would add 200 ms,
     *             200 million cycles, to phase 3 of every size).
     * @return this.
     */
    public Scale seal(final CountSeal rule)
    {
        this.seal = rule;
        return this;
    }

    /**
     * @param from the smallest side, at least 1.
     * @param to   the largest side, at least {@code from}, at most 16 (cxy holds 4 bits of x and 4 of y).
     * @return the sides: from, 2 from, 4 from... up to to (to itself included).
     */
    public static List<Integer> sides(final int from, final int to)
    {
        if (from < 1 || to < from || to > 16)
        {
            throw new IllegalArgumentException("sides from " + from + " to " + to + ": need 1 <= from <= to <= 16");
        }
        final List<Integer> sides = new ArrayList<>();
        for (int s = from; s < to; s *= 2)
        {
            sides.add(s);
        }
        sides.add(to);
        return sides;
    }

    /**
     * Boots every side with every flavor and barrier, smallest first.
     *
     * @param sides    the mesh sides.
     * @param flavors  the flavors.
     * @param barriers the barrier classes.
     * @param each     told of every boot as it ends.
     * @return every boot.
     * @throws IOException when a disk image cannot be written.
     */
    public List<Point> run(final List<Integer> sides, final List<BootFlavor> flavors, final List<BarrierKind> barriers,
        final Consumer<Point> each) throws IOException
    {
        final List<Point> points = new ArrayList<>();
        for (final int side : sides)
        {
            final Platform p = PlatformBuilder.build(new PlatformSpec(side, side, coresPerCluster, 3,
                DeviceType.IOC_BDV, 64, 1, 0, 0, 4, 4, 2, List.of()));
            for (final BootFlavor flavor : flavors)
            {
                for (final BarrierKind barrier : barriers)
                {
                    final Point point = point(side, flavor, barrier, boot(p, flavor, barrier));
                    points.add(point);
                    each.accept(point);
                }
            }
        }
        return points;
    }

    private BootResult boot(final Platform p, final BootFlavor flavor, final BarrierKind barrier) throws IOException
    {
        return new PlatformBoot(p, new BootOptions(layout, timeout, false, flavor, seal, barrier),
            MachineConfig.defaults().withConsole(null)).seed(seed).maxCycles(maxCycles).run("5a");
    }

    /**
     * @param side    the mesh side.
     * @param flavor  who booted.
     * @param barrier the barrier class.
     * @param r       the boot.
     * @return what it measured.
     */
    static Point point(final int side, final BootFlavor flavor, final BarrierKind barrier, final BootResult r)
    {
        final Map<BootPhase, Long> phases = new EnumMap<>(BootPhase.class);
        long before = 0;
        long total = 0;
        final Map<BootPhase, Long> ends = new EnumMap<>(BootPhase.class);
        ends.putAll(r.phaseEndCycles());
        // kernel_init's end is what the simulated kernel printed on TXT0: the cycle its last cluster reported at
        final Matcher done = KERNEL_DONE.matcher(r.txt0());
        if (done.find())
        {
            ends.put(BootPhase.KERNEL, Long.parseLong(done.group(1)));
        }
        for (final BootPhase ph : BootPhase.values())
        {
            final Long end = ends.get(ph);
            if (end != null)
            {
                phases.put(ph, end - before);
                before = end;
                total = end;
            }
        }
        String hottest = "";
        double mean = 0;
        long max = 0;
        if (r.timing() != null)
        {
            final ServiceQueue.Stats hot = r.timing().queues().stream().filter(q -> q.served() > 0)
                .max(Comparator.comparingLong(ServiceQueue.Stats::waited)).orElse(null);
            if (hot != null)
            {
                hottest = hot.name();
                mean = hot.meanWait();
                max = hot.maxWait();
            }
        }
        // a cluster's local barriers ("local_barrier[0x12]") are averaged together: one series per barrier name
        final Map<String, Double> spans = r.timing() == null ? Map.of() : r.timing().episodes().stream()
            .filter(e -> e.lastRelease() > 0).collect(Collectors.groupingBy(e -> e.barrier().replaceAll("\\[0x\\p{XDigit}+\\]$",
                ""), TreeMap::new, Collectors.averagingLong(BarrierLog.Episode::span)));
        // the cycles the cores spent in each class of step, every phase summed, per core (the step table's own classes)
        final Map<String, Double> steps = new LinkedHashMap<>();
        final int cores = r.platform().cores().size();
        if (r.timing() != null && cores > 0)
        {
            for (final StepTable t : r.timing().steps().values())
            {
                for (int c = 0; c < t.names().size(); c++)
                {
                    steps.merge(t.names().get(c), (double)t.time(c) / cores, Double::sum);
                }
            }
            steps.values().removeIf(v -> v == 0);
        }
        return new Point(r.platform().name(), side, side * side, cores, flavor.cliName(), barrier.cliName(),
            r.seed() == null ? 0 : r.seed(), r.complete(), phases, total, hottest, mean, max, spans, steps);
    }
}
