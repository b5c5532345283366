package org.smpboot.sim.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.LoggerFactory;
import org.smpboot.runtime.boot.Magic;
import org.smpboot.runtime.region.Fill;
import org.smpboot.sim.driver.BarrierKind;
import org.smpboot.sim.boot.BootFlavor;
import org.smpboot.sim.boot.BootOptions;
import org.smpboot.sim.boot.CountSeal;
import org.smpboot.sim.boot.ElectionState;
import org.smpboot.sim.fault.FaultPlan;
import org.smpboot.sim.image.ArchInfoReader;
import org.smpboot.sim.image.DiskLayout;
import org.smpboot.sim.image.ImageFormatException;
import org.smpboot.sim.run.UserDisk;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.report.BootOutputs;
import org.smpboot.sim.report.PhaseAccesses;
import org.smpboot.sim.run.BootResult;
import org.smpboot.sim.run.PlatformBoot;
import org.smpboot.sim.trace.BootPhase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code smpboot boot}: boots a simulated TSAR platform with the ALMOS-MK(H) boot-loader (preloader, then phases 2
 * to 4) until every core enters kernel_init, echoing TXT0 as it goes, then prints how many cores arrived and the
 * contention each phase put on cluster 0's bank; with {@code --out DIR} it keeps the TTY logs, the memory maps
 * (text and pictures), the access pictures and a JSON report.
 */
@Command(
    name = "boot",
    mixinStandardHelpOptions = true,
    header = "Boots a simulated TSAR platform up to every core in kernel_init.",
    description = {
        "Boots a simulated TSAR platform (default: 2x2 clusters x 4 cores) with the ALMOS-MK(H) boot-loader and " +
            "kernel_init. Flavor elected (the default): at reset every core runs the same code on cluster 0's " +
            "memory, whatever it holds; they race to CAS asm_magic_val, the winner boots the platform, the others " +
            "count themselves in cpu_count and draw stacks from the stack pools. Flavor tsar: the hardware's " +
            "core[0][0] boots and wakes the others by IPI. Then the boot-loader's per-cluster phases and kernel_init " +
            "D1 to D7, until every core has ticked in its idle thread: boot complete.",
        "TXT0 is echoed as it is written; then a summary: cores in kernel_init, durations, the election, and per " +
            "phase the accesses to cluster 0's bank from the other clusters and from cluster 0 itself. Platforms of " +
            "more than " + BootCommand.PROGRESS_ABOVE + " cores show progress on standard error about once a second.",
        "--out DIR writes tty<N>.log per TTY channel, memory-maps.txt, memory-phase<N>.png, memory-kernel.png, " +
            "memory-stack-depths.png (the deepest frame on each boot stack), accesses-phase<N>.png, accesses-kernel.png, contention-<phase>.png (heat maps of accesses and cycles " +
            "from each cluster to each bank), report.json (described by report.schema.json) and trace.json " +
            "(Chrome trace events: ui.perfetto.dev). --seed S replays a deterministic run. --disk and --arch-info boot your own images.",
        "--fault KIND:ARGS (repeatable) injects a fault: " + BootCommand.FAULTS + ". The boot leaves out of " +
            "boot_info and of every barrier count a cluster whose bank fails its self-test or whose CP0 misses its " +
            "wake-up deadline, and a core that misses it (or, elected, never arrives in the election); TXT0, the " +
            "summary and report.json name what was left out and why.",
        "Exit status: 0 boot complete (perhaps without left-out cores), 1 the boot failed or hung (one line names " +
            "the first fault or the watchdog, the detail follows), 2 bad input."})
final class BootCommand implements Callable<Integer>
{
    /** Platforms with more cores than this show progress. */
    static final int PROGRESS_ABOVE = 64;
    /** The fault kinds, for the help. */
    static final String FAULTS = "dead-core:GID, dead-cluster:CXY, lost-ipi:GID (tsar), slow-core:GID:MS, " +
        "bad-bank:CXY, corrupt-archinfo:OFFSET[:XOR], kill-core:GID[:STEP]";

    @Spec
    private CommandSpec spec;

    @Mixin
    private PlatformOptions platform;

    @Option(names = "--flavor", paramLabel = "FLAVOR", description = "Who boots: elected (an election on cluster 0's " +
        "memory chooses the bootstrap CPU) or tsar (the hardware's core[0][0]; the others sleep in the preloader) " +
        "(default: ${DEFAULT-VALUE}).", defaultValue = "elected")
    private String flavor;

    @Option(names = "--layout", paramLabel = "LAYOUT", description = "Memory layout: almos-mk (ALMOS-MK's zones: " +
        "the kernel moves over the preloader in phase 4) or almos-mkh (ALMOS-MKH's: the kernel stays at 0x4000) " +
        "(default: almos-mkh; with --disk, the one its boot.elf is linked for).")
    private String layout;

    @Option(names = "--disk", paramLabel = "FILE", description = "Boot this FAT32 volume instead of one built for " +
        "the platform: arch_info.bin (the platform) and kernel.elf in its root, boot.elf raw at block " +
        DiskLayout.BOOT_ELF_BLOCK + " (smpboot disk install-boot writes it into a volume made by mkfs.fat). " +
        "Excludes the platform flags.")
    private Path disk;

    @Option(names = "--arch-info", paramLabel = "FILE", description = "Boot the platform this arch_info.bin " +
        "describes, on a disk built for it. Excludes the platform flags.")
    private Path archInfo;

    @Option(names = "--barrier", paramLabel = "KIND", description = "The runtime's barrier class behind " +
        "global_barrier and local_barrier: " +
        "centralized (ALMOS-MKH's, in cluster 0), tree (combining, fan-in 4), dissemination or hierarchical (per mesh " +
        "column, then among columns); all but centralized spread global_barrier over the clusters' banks " +
        "(default: ${DEFAULT-VALUE}).", defaultValue = "centralized")
    private String barrier;

    @Option(names = "--fill", paramLabel = "PATTERN", description = "RAM content at reset: zero, 5a, a5, random[:SEED], word:0xHEX, " +
        "magic1, magic2 (default: ${DEFAULT-VALUE}, as SoCLib).", defaultValue = "5a")
    private String fill;

    @Option(names = "--out", paramLabel = "DIR", description = "Directory (created if missing) for the TTY logs, " +
        "memory maps, pictures and report.json.")
    private Path out;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Bound of the whole boot and of every wait " +
        "in it, in the machine's time: virtual with --seed, where the host's time ends a run only at a safety net " +
        "of ten times this, at least 10 minutes (default: ${DEFAULT-VALUE}).", defaultValue = "60")
    private long timeout;

    @Option(names = "--ticks", paramLabel = "N", description = "Ticks core[0][0] takes after boot complete before " +
        "the cores halt (default: ${DEFAULT-VALUE}: halt at boot complete).", defaultValue = "0")
    private int ticks;

    @Option(names = "--watchdog", paramLabel = "SECONDS", description = "Fail when no core makes progress for this " +
        "long, printing every core's state and step; 0 for none (default: 5 s past the wake-up deadline and the " +
        "election's liveness bound, so that both name what they wait for first: 20 with the default --timeout).")
    private Long watchdog;

    @Option(names = "--fault", paramLabel = "KIND:ARGS", description = "Inject a fault (repeatable): " + FAULTS +
        "; GID, CXY and numbers in decimal or 0x hex. See README, Faults.")
    private List<String> faults = new ArrayList<>();

    @Option(names = "--wake-deadline", paramLabel = "MS", description = "How long a woken core (tsar) has to " +
        "answer before it is left out, in ms of the machine's time (virtual with --seed) (default: a sixth of " +
        "--timeout, between 1000 and 10000).")
    private Long wakeDeadline;

    @Option(names = "--straggler", paramLabel = "RULE", description = "When the elected leader seals cpu_count, " +
        "not knowing how many cores there are: quiet[:MS] (the count unchanged for MS of the machine's time, " +
        "MutekH's way), none (at once, the seed's literal rule: who has not counted itself is LATE) or " +
        "expected[:MS] (arch_info.bin's cores, read from memory, or MS) (default: quiet:" + CountSeal.QUIET_MS +
        ").")
    private String straggler;

    @Option(names = "--seed", paramLabel = "S", description = "Deterministic run: one core at a time, the " +
        "interleaving picked from seed S at every shared access and wait; the same seed gives the same TTY logs, " +
        "trace and memory maps (a failing boot prints its seed).")
    private Long seed;

    @Option(names = "--max-cycles", paramLabel = "CYCLES", description = "With --seed: the virtual time the boot " +
        "may reach before it fails, naming its seed and every core's wait (default: --timeout in cycles of the " +
        "machine's 1 GHz clock, 60000000000 with the default --timeout; the watchdog ends a hang first).")
    private Long maxCycles;

    @Option(names = "--misorder", hidden = true, description = "almos-mk only: cluster 0's CP0 moves the kernel over " +
        "the preloader before its cores have left it; the code guard must report it.")
    private boolean misorder;

    @Override
    public Integer call() throws IOException, InterruptedException
    {
        final PrintWriter o = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Fill f = UserInput.parse("--fill", () -> resetFill(fill));
        if (timeout < 1)
        {
            throw new IllegalArgumentException("--timeout must be at least 1 second, got " + timeout);
        }
        if (ticks < 0)
        {
            throw new IllegalArgumentException("--ticks must be 0 or more, got " + ticks);
        }
        if (watchdog != null && watchdog < 0)
        {
            throw new IllegalArgumentException("--watchdog must be 0 (none) or a number of seconds, got " + watchdog);
        }
        if (wakeDeadline != null && (wakeDeadline < 1 || wakeDeadline > timeout * 1000))
        {
            throw new IllegalArgumentException("--wake-deadline must be 1.." + timeout * 1000 + " ms (within " +
                "--timeout), got " + wakeDeadline);
        }
        if (maxCycles != null && (maxCycles < 1 || seed == null))
        {
            throw new IllegalArgumentException(maxCycles < 1 ? "--max-cycles must be at least 1, got " + maxCycles :
                "--max-cycles bounds the virtual time of a deterministic run: give --seed too (a parallel run is " +
                "bounded by --timeout)");
        }
        final BootFlavor who = UserInput.parse("--flavor", () -> BootFlavor.of(flavor));
        final UserDisk userDisk = userDisk();
        final byte[] archInfoFile = archInfo == null ? null : UserInput.read("--arch-info",
            UserInput.readable("--arch-info", archInfo));
        final BootLayout preset = layout(userDisk);
        if (misorder && (preset != BootLayout.ALMOS_MK || who != BootFlavor.TSAR))
        {
            throw new IllegalArgumentException("--misorder needs --flavor tsar --layout almos-mk (almos-mkh never " +
                "moves the kernel; the elected flavor moves it once every core has left the reset code)");
        }
        final Platform p = userDisk != null ? PlatformOptions.bootable(userDisk.platform(), "--disk " +
            UserInput.clip(disk.toString())) : archInfoFile != null ? PlatformOptions.bootable(archInfo(archInfoFile),
            "--arch-info " + UserInput.clip(archInfo.toString())) : platform.bootable();
        final Path dir = out == null ? null : outDir(out);
        if (straggler != null && who != BootFlavor.ELECTED)
        {
            throw new IllegalArgumentException("--straggler applies to --flavor elected (tsar counts no cores: the " +
                "hardware chooses core[0][0])");
        }
        final BootOptions options = new BootOptions(preset, Duration.ofSeconds(timeout), misorder, who,
            straggler == null ? CountSeal.defaults() : UserInput.parse("--straggler",
                () -> CountSeal.parse(straggler)),
            UserInput.parse("--barrier", () -> BarrierKind.of(barrier)));
        o.printf("boot: %s, %dx%d clusters, %d cores, I/O cluster 0x%02x, flavor %s, layout %s, fill %s%s%n", p.name(),
            p.xSize(), p.ySize(), p.cores().size(), p.ioCxy(), who.cliName(), preset.cliName(), f.toString(),
            options.barrier() == BarrierKind.almosMkh() ? "" : ", barrier " + options.barrier().cliName());
        o.flush();
        final PrintStream console = new PrintStream(new WriterStream(o), true, StandardCharsets.UTF_8);
        final MachineConfig config = MachineConfig.defaults().withFill(f).withConsole(console).withTtyDir(dir);
        final Duration wake = wakeDeadline != null ? Duration.ofMillis(wakeDeadline) :
            PlatformBoot.defaultWakeDeadline(options);
        final Duration quiet = watchdog == null ? PlatformBoot.defaultWatchdog(options, wake) :
            watchdog == 0 ? null : Duration.ofSeconds(watchdog);
        LoggerFactory.getLogger("smpboot.boot").debug("timeout {} s, wake-up deadline {} ms, election liveness {} ms, " +
            "watchdog {}; {}", timeout, wake.toMillis(), PlatformBoot.electionLiveness(options.timeout()).toMillis(),
            quiet == null ? "none" : quiet.toSeconds() + " s", userDisk != null ? "disk " + disk :
            archInfoFile != null ? "arch_info.bin " + archInfo + " on a disk built for it" : "a disk built for " +
            p.name());
        final PlatformBoot boot = new PlatformBoot(p, options, config).ticks(ticks).watchdog(quiet)
            .faults(UserInput.parse("--fault", () -> FaultPlan.parse(faults))).wakeDeadline(wake);
        if (userDisk != null)
        {
            boot.disk(userDisk);
        }
        if (archInfoFile != null)
        {
            boot.archInfo(archInfoFile);
        }
        if (dir != null)
        {
            boot.trace();
        }
        else
        {
            boot.withoutMemoryMaps().withoutCostMatrices(); // only --out's files show them
        }
        if (seed != null)
        {
            boot.seed(seed);
            if (maxCycles != null)
            {
                boot.maxCycles(maxCycles);
            }
        }
        final BootResult r;
        if (p.cores().size() > PROGRESS_ABOVE)
        {
            try (BootProgress progress = new BootProgress(Logging.quiet() ? l -> { } :
                LoggerFactory.getLogger("smpboot.boot")::info, 1000, options.timeout().toNanos() +
                TimeUnit.SECONDS.toNanos(60)))
            {
                r = boot.onStart(progress).run(f.toString());
            }
        }
        else
        {
            r = boot.run(f.toString());
        }
        console.flush();
        summary(r, o);
        if (dir != null)
        {
            final List<String> files = new ArrayList<>(ttyLogs(dir));
            files.addAll(BootOutputs.write(r, dir));
            o.printf("wrote %s: %s%n", dir, String.join(", ", files));
        }
        o.flush();
        if (r.complete())
        {
            return 0;
        }
        failure(r, err);
        return 1;
    }

    private UserDisk userDisk()
    {
        if (disk == null && archInfo == null)
        {
            return null;
        }
        if (disk != null && archInfo != null)
        {
            throw new IllegalArgumentException("--disk and --arch-info exclude each other (a disk holds its own " +
                "arch_info.bin)");
        }
        if (platform.any())
        {
            throw new IllegalArgumentException((disk != null ? "--disk" : "--arch-info") + " and the platform flags " +
                "exclude each other: the platform is the one arch_info.bin describes");
        }
        if (disk == null)
        {
            return null;
        }
        UserInput.readable("--disk", disk);
        try
        {
            return UserDisk.read(disk);
        }
        catch (final IOException e)
        {
            throw UserInput.bad("--disk", disk, "cannot read it: " + UserInput.why(e));
        }
        catch (final ImageFormatException e)
        {
            throw UserInput.bad("--disk", disk, e.getMessage());
        }
    }

    private Platform archInfo(final byte[] file)
    {
        try
        {
            return ArchInfoReader.read("arch_info.bin", file).platform();
        }
        catch (final ImageFormatException e)
        {
            throw UserInput.bad("--arch-info", archInfo, e.getMessage());
        }
    }

    private BootLayout layout(final UserDisk userDisk)
    {
        if (userDisk == null)
        {
            return UserInput.parse("--layout", () -> BootLayout.of(layout == null ? BootLayout.ALMOS_MKH.cliName() :
                layout));
        }
        if (layout != null && UserInput.parse("--layout", () -> BootLayout.of(layout)) != userDisk.layout())
        {
            throw new IllegalArgumentException("--layout " + BootLayout.of(layout).cliName() + ": the boot.elf of " +
                "--disk is linked for layout " + userDisk.layout().cliName());
        }
        return userDisk.layout();
    }

    /**
     * @param spec {@code --fill} as given.
     * @return the RAM content at reset of a simulated machine (Fill.parse plus the magic words; never keep).
     */
    static Fill resetFill(final String spec)
    {
        final Fill f = Magic.parseFill(spec, 1);
        if (f.keepsContent())
        {
            throw new IllegalArgumentException("--fill keep has nothing to keep: a simulated machine starts empty");
        }
        return f;
    }

    private static List<String> ttyLogs(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("tty\\d+\\.log"))
                .sorted(Comparator.comparingInt(n -> Integer.parseInt(n.replaceAll("\\D", "")))).toList();
        }
    }

    /**
     * @param dir an output directory.
     * @return it, created when missing.
     * @throws IllegalArgumentException when it is not a writable directory.
     */
    static Path outDir(final Path dir)
    {
        if (Files.exists(dir) && !Files.isDirectory(dir))
        {
            throw new IllegalArgumentException("--out " + dir + ": exists and is not a directory");
        }
        try
        {
            Files.createDirectories(dir);
        }
        catch (final IOException e)
        {
            throw new IllegalArgumentException("--out " + dir + ": cannot create the directory: " +
                e.getClass().getSimpleName() + " " + e.getMessage());
        }
        if (!Files.isWritable(dir))
        {
            throw new IllegalArgumentException("--out " + dir + ": not writable");
        }
        return dir;
    }

    private static String gids(final List<Integer> gids)
    {
        return String.join(", ", gids.stream().map(g -> String.format("0x%03x", g)).toList());
    }

    private static void summary(final BootResult r, final PrintWriter o)
    {
        final Platform p = r.platform();
        o.printf("%s: %d/%d cores entered kernel_init%s; %d ms in all (disk, machine, boot, shutdown)%n",
            r.complete() ? "boot complete" : "boot FAILED", r.entries().size(), p.cores().size(),
            r.excluded().isEmpty() ? "" : " (" + r.excluded().size() + " left out)", r.millis());
        if (r.seed() != null)
        {
            o.printf("deterministic run, seed %d: one core at a time; cycles are virtual time%n", r.seed());
        }
        if (r.kernel() != null && r.kernel().completeMillis() >= 0)
        {
            if (r.seed() != null)
            {
                // a deterministic run's durations are its virtual time: the host's would differ at every replay
                final Long p4 = r.phaseEndCycles().get(BootPhase.PARALLEL);
                o.printf("boot-loader done at cycle %d; every core ticking %d cycles after kernel_init began%n",
                    p4 == null ? -1 : p4, r.kernel().completeCycles());
            }
            else
            {
                final Long p4 = r.phaseEnds().get(BootPhase.PARALLEL);
                o.printf("boot-loader done %d ms after reset; every core ticking %d ms after kernel_init began%n",
                    p4 == null ? -1 : p4 / 1000, r.kernel().completeMillis());
            }
        }
        final ElectionState e = r.election();
        if (e != null && e.leader() >= 0)
        {
            o.printf("election: %d candidates, bootstrap CPU gid 0x%03x (cluster 0x%02x) replaced %s %s; ",
                e.candidates(), e.leader(), e.leader() >>> p.pWidth(), Magic.describe(e.replaced()),
                r.seed() != null ? "at cycle " + e.electedCycle() : "after " + e.electedMicros() + " us");
            if (e.sealedCount() < 0)
            {
                // the boot ended before the leader sealed the count: no count, stacks or arch_info to report
                o.printf("cpu_count never sealed%n");
            }
            else
            {
                o.printf("cpu_count %d sealed by %s (arch_info: %d), %d late; arch_init stacks %d/%d at most, %d " +
                    "start stacks placed in %d clusters' start_stack_pools, %d drawn%n", e.sealedCount(), e.seal(),
                    e.archCores(), e.late().size(), e.initHighWater(), e.initStacks(), e.startStacks(),
                    e.startHighWater().size(), e.startDrawn());
            }
            if (!e.late().isEmpty())
            {
                o.printf("LATE: %d core%s arrived after cpu_count was sealed (%s) and halted with no stack, outside " +
                    "boot_info and the barriers: gid %s%n", e.late().size(), e.late().size() > 1 ? "s" : "", e.seal(),
                    gids(e.late()));
            }
            if (!e.unlisted().isEmpty())
            {
                o.printf("not in arch_info.bin: %d counted core%s the arch_info.bin on the disk does not list, left " +
                    "out: gid %s%n", e.unlisted().size(), e.unlisted().size() > 1 ? "s" : "", gids(e.unlisted()));
            }
        }
        o.printf("accesses to the bank of cluster 0x%02x (reads, writes, atomics, fetches):%n", p.bootCxy());
        for (final BootPhase phase : BootPhase.values())
        {
            final PhaseAccesses a = PhaseAccesses.of(phase, r.accesses().get(phase), p);
            o.printf("  %-30s %10d from %4d other clusters, %10d local%n", phase.label() + " (" +
                r.options().flavor().title(phase) + ")", a.remote(), a.remoteClusters(), a.local());
        }
    }

    private static void failure(final BootResult r, final PrintWriter err)
    {
        final String first = r.faults().isEmpty() ? String.format("only %d of the %d cores kept entered kernel_init",
            r.entries().size(), r.platform().cores().size() - r.excluded().size()) : r.faults().get(0);
        final int nl = first.indexOf('\n');
        err.println("smpboot boot: " + (nl < 0 ? first : first.substring(0, nl)));
        if (r.seed() != null)
        {
            err.println("replay this boot: the same command with --seed " + r.seed());
        }
        err.flush();
        // the detail (every core's state and step, the faults that followed) is a diagnostic
        final StringBuilder detail = new StringBuilder(nl < 0 ? "" : first.substring(nl + 1));
        r.faults().stream().skip(1).forEach(f -> detail.append(detail.length() > 0 ? "\n" : "").append(f));
        if (detail.length() > 0)
        {
            LoggerFactory.getLogger("smpboot.boot").error("the failure in detail:\n{}", detail);
        }
    }

    /** Bytes TXT0 echoes, decoded and passed on to the command's output at each flush (the TTY flushes per line). */
    static final class WriterStream extends OutputStream
    {
        private final PrintWriter writer;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        WriterStream(final PrintWriter writer)
        {
            this.writer = writer;
        }

        @Override
        public synchronized void write(final int b)
        {
            pending.write(b);
        }

        @Override
        public synchronized void write(final byte[] b, final int off, final int len)
        {
            pending.write(b, off, len);
        }

        @Override
        public synchronized void flush()
        {
            if (pending.size() > 0)
            {
                writer.print(pending.toString(StandardCharsets.UTF_8));
                pending.reset();
            }
            writer.flush();
        }
    }
}
