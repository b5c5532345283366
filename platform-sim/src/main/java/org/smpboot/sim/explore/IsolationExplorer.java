package org.smpboot.sim.explore;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.smpboot.runtime.region.Fill;
import org.smpboot.sim.image.BootImages;
import org.smpboot.sim.fault.HostileGuest;
import org.smpboot.sim.hw.Hat;
import org.smpboot.sim.hw.HyperHardware;
import org.smpboot.sim.hw.Initiator;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.hw.WriteWatcher;
import org.smpboot.sim.hyper.HatMistake;
import org.smpboot.sim.hyper.HyperSettings;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.image.DiskLayout;
import org.smpboot.sim.image.Fat32Writer;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.run.HypervisorRun;

/**
 * The hypervisor's isolation explorer: runs one scenario deterministically under many seeds (two guests and a hostile
 * one, each on one cluster; the hostile one writes into its guest cluster 1, which it does not have) and checks after
 * each seed that
 * <ul>
 * <li>no RAM of an instance's cluster, nor of the hypervisor's, was written by another instance's initiator (its cores
 * or the devices behind its HATs): a write watcher on the machine's access port sees every store, the runtime's
 * flyweights' stores through a counted window included;</li>
 * <li>the two guests completed kernel_init and the hostile one faulted alone, with a HAT fault naming it, as the
 * shell's {@code list} and log report it;</li>
 * <li>the session ended (the shell quit within the virtual-time bound).</li>
 * </ul>
 * Any seed that breaks one is reported with what broke; a negative control ({@link HatMistake}) must be caught.
 */
public final class IsolationExplorer
{
    /**
     * What one seed did.
     *
     * @param seed   the seed.
     * @param broken what broke, empty when the seed kept every property.
     * @param millis host time of the seed's run.
     */
    public record Verdict(long seed, List<String> broken, long millis)
    {
        /** @return whether every property held. */
        public boolean ok()
        {
            return broken.isEmpty();
        }
    }

    /** The guest address the hostile guest writes: its guest cluster 1, which a one-cluster instance does not have. */
    public static final long TARGET = PhysicalAddress.of(1, 0x4000);
    private static final Pattern LIST_ROW = Pattern.compile("(?m)^(\\d+) +(0x[0-9a-f,x]+) +\\d+ +\\d+ +\\d+ +\\d+ +" +
        "[a-z]+/[a-z-]+ +([a-z-]+) +(.*)$");

    private final Platform platform;
    private final HatMistake mistake;
    private final long maxCycles;
    private final Duration timeout;
    private final Path work;
    private final Path disk;

    /**
     * @param platform  the machine: at least 4 clusters with cores (the hypervisor's and one per instance).
     * @param mistake   a mistake written into the HATs ({@link HatMistake#NONE}, or a negative control).
     * @param maxCycles the virtual time a seed may reach.
     * @param timeout   the hypervisor's bound of each guest's boot.
     * @throws IOException when the scratch directory or the guests' disk cannot be written.
     */
    public IsolationExplorer(final Platform platform, final HatMistake mistake, final long maxCycles,
        final Duration timeout) throws IOException
    {
        if (platform.clusters().stream().filter(c -> c.cores() > 0).count() < 4)
        {
            throw new IllegalArgumentException("the isolation scenario needs 4 clusters with cores (the hypervisor's " +
                "and one per instance), " + platform.name() + " has " + platform.clusters().stream()
                .filter(c -> c.cores() > 0).count());
        }
        this.platform = platform;
        this.mistake = mistake;
        this.maxCycles = maxCycles;
        this.timeout = timeout;
        this.work = Files.createTempDirectory("smpboot-isolation");
        // one disk for every guest, built once: the guests read only kernel.elf from it (their arch-info is the
        // hypervisor's copy)
        this.disk = work.resolve("guest.img");
        final BootImages images = org.smpboot.sim.run.PlatformBoot.images(platform, BootLayout.ALMOS_MKH);
        final Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(DiskLayout.ARCH_INFO_FILE, images.archInfoFile());
        files.put(DiskLayout.KERNEL_FILE, images.kernelFile());
        Fat32Writer.write(disk, DiskLayout.MIN_SIZE_MB, DiskLayout.LABEL, images.bootFile(), files);
    }

    /** @return the shell's script of one seed. */
    public static String script()
    {
        return "run -nc 1 -i 1\nrun -nc 1 -i 2\nrun -nc 1 -i 3 --fault " + HostileGuest.KIND + ":write:" +
            PhysicalAddress.format(TARGET) + "\nwait\nlist\n" + HypervisorRun.END_OF_INPUT;
    }

    /**
     * Runs seeds {@code first} .. {@code first + n - 1}.
     *
     * @param first    the first seed.
     * @param n        how many.
     * @param stopAt   stop at the first seed that breaks a property.
     * @param progress told of each verdict as it comes.
     * @return every verdict, in seed order.
     */
    public List<Verdict> explore(final long first, final int n, final boolean stopAt, final Consumer<Verdict> progress)
    {
        final List<Verdict> all = new ArrayList<>();
        for (long s = first; s < first + n; s++)
        {
            final Verdict v = run(s);
            all.add(v);
            progress.accept(v);
            if (stopAt && !v.ok())
            {
                break;
            }
        }
        return all;
    }

    /**
     * @param seed a seed.
     * @return what it did.
     */
    public Verdict run(final long seed)
    {
        final long t0 = System.nanoTime();
        final List<String> broken = Collections.synchronizedList(new ArrayList<>());
        final Path out = work.resolve("seed" + seed);
        final HyperSettings settings = new HyperSettings(BootLayout.ALMOS_MKH, timeout, out, 4, Map.of(1, disk, 2,
            disk, 3, disk), HostileGuest::parse, mistake);
        final MachineConfig config = MachineConfig.defaults().withFill(Fill.X5A).withConsole(null).withTtyDir(out)
            .withWaitTimeout(timeout);
        try (HypervisorRun run = new HypervisorRun(platform, config, settings).seed(seed).maxCycles(maxCycles))
        {
            Files.createDirectories(out);
            run.watch(new Watcher(run::hardware, platform.bootCxy(), broken));
            run.start(script()); // all the input before the machine starts: the seed alone decides the interleaving
            if (!run.awaitQuit(Duration.ofSeconds(Math.max(60, 4 * timeout.toSeconds()))))
            {
                broken.add("the session did not end: the shell still runs");
            }
            check(run.tty0(), broken);
        }
        catch (final IOException | InterruptedException | RuntimeException e)
        {
            if (e instanceof InterruptedException)
            {
                Thread.currentThread().interrupt();
            }
            broken.add("the run failed: " + e);
        }
        finally
        {
            delete(out);
        }
        return new Verdict(seed, List.copyOf(broken), (System.nanoTime() - t0) / 1_000_000);
    }

    // what the shell reported: two guests complete, the hostile one faulted on a HAT fault naming it
    private static void check(final String tty0, final List<String> broken)
    {
        final Map<Integer, String[]> rows = new LinkedHashMap<>();
        final Matcher m = LIST_ROW.matcher(tty0);
        while (m.find())
        {
            rows.put(Integer.parseInt(m.group(1)), new String[] {m.group(3), m.group(4)});
        }
        for (final int i : new int[] {1, 2})
        {
            final String[] r = rows.get(i);
            if (r == null || !r[0].equals("complete"))
            {
                broken.add("guest " + i + " is " + (r == null ? "not listed" : r[0] + " (" + r[1] + ")") +
                    ", not complete");
            }
        }
        final String[] h = rows.get(3);
        if (h == null || !h[0].equals("faulted") || !h[1].equals("HAT fault"))
        {
            broken.add("the hostile guest 3 is " + (h == null ? "not listed" : h[0] + " (" + h[1] + ")") +
                ", not faulted on a HAT fault");
        }
        if (!tty0.contains("[HYPER] HAT fault: instance 3, ") || !tty0.contains("write32 of 4 bytes at guest " +
            "address " + PhysicalAddress.format(TARGET)))
        {
            broken.add("TTY 0 does not report the hostile guest's HAT fault");
        }
        if (!tty0.contains("[HYPER] quit"))
        {
            broken.add("the shell did not quit");
        }
    }

    /**
     * Every store into RAM, from any initiator: a store into a cluster some instance's HAT serves, or into the
     * hypervisor's cluster, must come from that instance (its cores or devices, behind its HATs) or from the
     * hypervisor's own core. Called on the writer's thread: it records, never throws.
     */
    private static final class Watcher implements WriteWatcher
    {
        private final Supplier<HyperHardware> hw;
        private final int hyperCxy;
        private final List<String> broken;

        Watcher(final Supplier<HyperHardware> hw, final int hyperCxy, final List<String> broken)
        {
            this.hw = hw;
            this.hyperCxy = hyperCxy;
            this.broken = broken;
        }

        @Override
        public void beforeWrite(final Initiator who, final long paddr, final int len)
        {
            final HyperHardware h = hw.get();
            final int writer = who.space() instanceof Hat hat ? hat.owner() : -1;
            if (h == null || writer < 0)
            {
                return; // the loader before the machine starts; the hypervisor's core; a device of no instance
            }
            final int cxy = PhysicalAddress.cxy(paddr);
            final Hat target = h.coreHat(cxy);
            final int owner = target == null ? -1 : target.owner();
            if (cxy == hyperCxy || owner != writer)
            {
                note(String.format("%s of instance %d wrote %d bytes at %s, in %s", who.name(), writer, len,
                    PhysicalAddress.format(paddr), cxy == hyperCxy ? "the hypervisor's cluster" : owner < 0 ?
                    "a cluster of no instance" : "instance " + owner + "'s cluster"));
            }
        }

        private void note(final String what)
        {
            if (broken.size() < 10)
            {
                broken.add(what);
            }
        }
    }

    private static void delete(final Path dir)
    {
        if (!Files.exists(dir))
        {
            return;
        }
        try (Stream<Path> s = Files.walk(dir))
        {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the scratch directory and the guests' disk. */
    public void close()
    {
        delete(work);
    }

    /**
     * Prints a verdict as the CLI does: one line per broken seed.
     *
     * @param v   the verdict.
     * @param out where.
     */
    public static void print(final Verdict v, final PrintStream out)
    {
        if (!v.ok())
        {
            out.println("seed " + v.seed() + ": " + String.join("; ", v.broken()));
        }
    }
}
