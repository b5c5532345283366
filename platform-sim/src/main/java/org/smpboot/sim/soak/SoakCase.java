package org.smpboot.sim.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.smpboot.sim.boot.BootFlavor;
import org.smpboot.sim.fault.Fault;
import org.smpboot.sim.fault.FaultKind;
import org.smpboot.sim.platform.Cluster;
import org.smpboot.sim.platform.Core;
import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.platform.Platform;

/**
 * One boot of a soak: its flavor, reset fill, start order and jitter, at most one fault, and the outcome README
 * "Faults" documents for them, against which the boot's result is judged.
 *
 * @param index    the boot's number, from 0.
 * @param seed     its own seed (start order and jitter).
 * @param flavor   who boots.
 * @param fill     the reset fill, as {@code --fill} takes it.
 * @param jitterUs the start jitter bound, in microseconds.
 * @param fault    the fault injected, or null.
 * @param expected what must come of it.
 */
public record SoakCase(int index, long seed, BootFlavor flavor, String fill, long jitterUs, Fault fault,
    Expected expected)
{
    /**
     * What a boot must come to.
     *
     * @param outcome   complete, fail, or either.
     * @param excluded  the cores a complete boot must leave out.
     * @param mayMiss   cores it may also leave out (a slow core, which may miss its deadline).
     * @param mentions  text the first fault of a failed boot must hold, or null.
     */
    public record Expected(Outcome outcome, Set<Integer> excluded, Set<Integer> mayMiss, String mentions)
    {
        static Expected complete(final Set<Integer> excluded)
        {
            return new Expected(Outcome.COMPLETE, excluded, Set.of(), null);
        }

        static Expected fail(final String mentions)
        {
            return new Expected(Outcome.FAIL, Set.of(), Set.of(), mentions);
        }
    }

    /** What a boot comes to. */
    public enum Outcome
    {
        /** Completes, without exactly the cores expected. */
        COMPLETE,
        /** Fails with one line naming the stage. */
        FAIL,
        /** Either, as long as a failure is one line naming the stage. */
        EITHER
    }

    /**
     * Draws a boot.
     *
     * @param index     its number.
     * @param r         the soak's random source.
     * @param p         the platform.
     * @param flavors   the flavors to draw from.
     * @param archBytes the size of the platform's arch_info.bin.
     * @param moves     true when the layout moves the kernel over the preloader (almos-mk).
     * @return the boot.
     */
    static SoakCase draw(final int index, final Random r, final Platform p, final List<BootFlavor> flavors,
        final int archBytes, final boolean moves)
    {
        final long seed = r.nextLong() | 1;
        final BootFlavor flavor = flavors.get(r.nextInt(flavors.size()));
        final long jitter = r.nextInt(2000);
        final int f = r.nextInt(100);
        if (f < 4)
        {
            // the election's magic values in every word at reset: elected fails as the runtime documents
            final String magic = f < 2 ? "magic1" : "magic2";
            return new SoakCase(index, seed, flavor, magic, jitter, null, flavor == BootFlavor.ELECTED ?
                Expected.fail(f < 2 ? "MAGIC1" : "MAGIC2") : Expected.complete(Set.of()));
        }
        final String fill = switch (r.nextInt(5))
        {
            case 0 -> "zero";
            case 1 -> "5a";
            case 2 -> "a5";
            case 3 -> "word:0x" + Long.toHexString(r.nextLong());
            default -> "random:" + (r.nextInt(1_000_000) + 1);
        };
        if (r.nextInt(100) < 12)
        {
            return new SoakCase(index, seed, flavor, fill, jitter, null, Expected.complete(Set.of()));
        }
        final List<FaultKind> kinds = new ArrayList<>(List.of(FaultKind.values()));
        if (flavor != BootFlavor.TSAR)
        {
            kinds.remove(FaultKind.LOST_IPI);
        }
        if (flavor != BootFlavor.ELECTED)
        {
            kinds.remove(FaultKind.LATE_CORE);
        }
        final List<Cluster> others = p.clusters().stream().filter(c -> c.cores() > 0 && c.cxy() != p.bootCxy())
            .toList();
        if (others.isEmpty())
        {
            kinds.remove(FaultKind.DEAD_CLUSTER);
            kinds.remove(FaultKind.LOST_IPI);
        }
        final FaultKind kind = kinds.get(r.nextInt(kinds.size()));
        final Core core = p.cores().get(r.nextInt(p.cores().size()));
        final int bootGid = p.bootCxy() << p.pWidth();
        return switch (kind)
        {
            case DEAD_CORE ->
            {
                final Expected e = core.gid() == bootGid ? Expected.fail(flavor == BootFlavor.TSAR ? null :
                    "never arrived") : Expected.complete(out(p, core));
                yield new SoakCase(index, seed, flavor, fill, jitter, new Fault(kind, core.gid(), 0, null), e);
            }
            case DEAD_CLUSTER ->
            {
                final Cluster c = others.get(r.nextInt(others.size()));
                yield new SoakCase(index, seed, flavor, fill, jitter, new Fault(kind, c.cxy(), 0, null),
                    Expected.complete(cores(p, c.cxy())));
            }
            case LOST_IPI ->
            {
                final List<Core> woken = p.cores().stream().filter(c -> c.gid() != bootGid).toList();
                final Core c = woken.get(r.nextInt(woken.size()));
                // almos-mk: a deaf core cannot be parked and still sleeps in the preloader the kernel moves over
                yield new SoakCase(index, seed, flavor, fill, jitter, new Fault(kind, c.gid(), 0, null),
                    moves ? Expected.fail("is executing") : Expected.complete(out(p, c)));
            }
            case LATE_CORE -> new SoakCase(index, seed, flavor, fill, jitter, new Fault(kind, core.gid(), 0, null),
                core.gid() == bootGid ? Expected.fail("never arrived") : Expected.complete(out(p, core)));
            case SLOW_CORE -> new SoakCase(index, seed, flavor, fill, jitter, new Fault(kind, core.gid(),
                1 + r.nextInt(30), null), new Expected(Outcome.COMPLETE, Set.of(), out(p, core), null));
            case BAD_BANK ->
            {
                final List<Integer> withRam = p.devices().stream().filter(d -> d.type() == DeviceType.RAM_SCL)
                    .map(d -> d.cxy()).toList();
                final int cxy = withRam.get(r.nextInt(withRam.size()));
                yield new SoakCase(index, seed, flavor, fill, jitter, new Fault(kind, cxy, 0, null),
                    cxy == p.bootCxy() ? Expected.fail(null) :
                    Expected.complete(cores(p, cxy)));
            }
            case CORRUPT_ARCH_INFO -> new SoakCase(index, seed, flavor, fill, jitter, new Fault(kind,
                r.nextInt(archBytes), 1 + r.nextInt(255), null), new Expected(Outcome.EITHER, Set.of(), Set.of(),
                null));
            case KILL_CORE -> new SoakCase(index, seed, flavor, fill, jitter, new Fault(kind, core.gid(), 0, null),
                Expected.fail(null));
        };
    }

    /** A core left out takes its cluster with it when it is the CP0. */
    private static Set<Integer> out(final Platform p, final Core c)
    {
        return c.lid() == 0 ? cores(p, c.cxy()) : Set.of(c.gid());
    }

    private static Set<Integer> cores(final Platform p, final int cxy)
    {
        return p.cores().stream().filter(c -> c.cxy() == cxy).map(Core::gid).collect(Collectors.toSet());
    }

    /** @return the kind of what was injected: a fault's, a magic fill, or none. */
    public String injected()
    {
        return fault != null ? fault.kind().cliName() : fill.startsWith("magic") ? "fill " + fill : "none";
    }

    /** @return the boot as a command line that replays it. */
    public String replay()
    {
        return "--flavor " + flavor.cliName() + " --fill " + fill + (fault == null ? "" : " --fault " + fault) +
            " (start seed " + seed + ", jitter " + jitterUs + " us)";
    }

    /**
     * @param complete    whether the boot completed.
     * @param excluded    what it left out.
     * @param firstFault  its first fault's first line, or null.
     * @return null when the result is the documented one, else what differs.
     */
    public String judge(final boolean complete, final Set<Integer> excluded, final String firstFault)
    {
        if (!complete)
        {
            if (firstFault == null || !firstFault.matches("(core\\[0x..,\\d+\\] gid 0x... fault in phase '[^']+': .+|" +
                "bus error: .+|watchdog: .+|boot: .+)"))
            {
                return "failed without a one-line fault naming the stage: " + firstFault;
            }
            if (expected.outcome() == Outcome.COMPLETE)
            {
                return "failed, expected to complete: " + firstFault;
            }
            if (expected.mentions() != null && !firstFault.contains(expected.mentions()))
            {
                return "failed, but not naming '" + expected.mentions() + "': " + firstFault;
            }
            return null;
        }
        if (expected.outcome() == Outcome.FAIL)
        {
            return "completed, expected to fail";
        }
        if (expected.outcome() == Outcome.EITHER)
        {
            return null;
        }
        final Set<Integer> extra = new TreeSet<>(excluded);
        extra.removeAll(expected.excluded());
        extra.removeAll(expected.mayMiss());
        if (!excluded.containsAll(expected.excluded()) || !extra.isEmpty())
        {
            return "left out " + hex(excluded) + ", expected " + hex(expected.excluded()) +
                (expected.mayMiss().isEmpty() ? "" : " (and perhaps " + hex(expected.mayMiss()) + ")");
        }
        return null;
    }

    private static String hex(final Set<Integer> gids)
    {
        return new TreeSet<>(gids).stream().map(g -> String.format("0x%03x", g)).collect(Collectors.joining(", ",
            "{", "}"));
    }
}
