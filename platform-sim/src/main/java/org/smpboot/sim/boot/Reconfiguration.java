package org.smpboot.sim.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Boot-time reconfiguration around dead hardware (seed 001: the boot-loader "can check the platform and leave out
 * what does not work, so that boot_info holds only usable hardware"), as the observer sees it: the wake-up deadline
 * the boot-loader applies, and every core it left out of boot_info and of the barrier counts, with the reason. The
 * decisions themselves live in simulated memory ({@link BootRoster}); the boot-loader reports each one here as it
 * makes it, for TXT0's summary, the CLI and report.json.
 *
 * <p>Thread safety: cores report concurrently; reads take a snapshot under the same lock.
 */
public final class Reconfiguration
{
    /**
     * A core left out.
     *
     * @param gid    its hardware id.
     * @param cxy    its cluster.
     * @param reason why, in the boot-loader's words.
     */
    public record Exclusion(int gid, int cxy, String reason)
    {
    }

    private final Duration wakeDeadline;
    private final Map<Integer, Exclusion> excluded = new TreeMap<>();
    private final Queue<Integer> late = new ConcurrentLinkedQueue<>();

    /**
     * @param wakeDeadline how long a woken core (or a CP0) has to answer before it is left out.
     */
    public Reconfiguration(final Duration wakeDeadline)
    {
        if (wakeDeadline.isNegative() || wakeDeadline.isZero())
        {
            throw new IllegalArgumentException("the wake-up deadline must be positive, got " + wakeDeadline.toMillis() +
                " ms");
        }
        this.wakeDeadline = wakeDeadline;
    }

    /**
     * @param options the boot's options.
     * @return the default: a sixth of the boot's bound, between 1 and 10 seconds (the elected flavor's count deadline).
     */
    public static Reconfiguration defaults(final BootOptions options)
    {
        return new Reconfiguration(Duration.ofMillis(Math.max(1000, Math.min(10_000,
            options.timeout().toMillis() / 6))));
    }

    /** @return how long a woken core has to answer. */
    public Duration wakeDeadline()
    {
        return wakeDeadline;
    }

    /**
     * Records a core as left out; the first reason given for a core is kept.
     *
     * @param gid    the core.
     * @param cxy    its cluster.
     * @param reason why.
     */
    synchronized void exclude(final int gid, final int cxy, final String reason)
    {
        excluded.putIfAbsent(gid, new Exclusion(gid, cxy, reason));
    }

    /**
     * @param gid a left-out core that answered after all, and halted.
     */
    void late(final int gid)
    {
        late.add(gid);
    }

    /** @return the cores left out, by gid. */
    public synchronized List<Exclusion> exclusions()
    {
        return new ArrayList<>(excluded.values());
    }

    /** @return the gids of the cores left out. */
    public synchronized Set<Integer> excludedGids()
    {
        return Set.copyOf(excluded.keySet());
    }

    /**
     * @param gid a core.
     * @return true when it was left out.
     */
    public synchronized boolean isExcluded(final int gid)
    {
        return excluded.containsKey(gid);
    }

    /**
     * @param gid a core.
     * @return why it was left out, or "not left out".
     */
    public synchronized String reason(final int gid)
    {
        final Exclusion e = excluded.get(gid);
        return e == null ? "not left out" : e.reason();
    }

    /** @return left-out cores that answered later and halted, in the order they did. */
    public List<Integer> late()
    {
        return List.copyOf(late);
    }

    /**
     * @return one line per cluster and reason: the cluster, the gids left out for that reason, the reason.
     */
    public synchronized List<String> describe()
    {
        final Map<String, List<Exclusion>> groups = new TreeMap<>();
        excluded.values().forEach(e -> groups.computeIfAbsent(String.format("%02x %s", e.cxy(), e.reason()),
            k -> new ArrayList<>()).add(e));
        final List<String> lines = new ArrayList<>();
        groups.values().forEach(list -> lines.add(String.format("cluster 0x%02x, gid %s: %s", list.get(0).cxy(),
            String.join(", ", list.stream().map(e -> String.format("0x%03x", e.gid())).toList()),
            list.get(0).reason())));
        return lines;
    }
}
