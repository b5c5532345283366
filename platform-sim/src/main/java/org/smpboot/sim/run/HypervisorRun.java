package org.smpboot.sim.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.smpboot.sim.hw.CodeGuard;
import org.smpboot.sim.hw.HyperHardware;
import org.smpboot.sim.hw.Machine;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.hw.MappedDevice;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.hw.Rom;
import org.smpboot.sim.hw.SeededSchedule;
import org.smpboot.sim.hw.Tty;
import org.smpboot.sim.hw.WriteWatcher;
import org.smpboot.sim.hyper.HyperImages;
import org.smpboot.sim.hyper.HyperSettings;
import org.smpboot.sim.hyper.Hypervisor;
import org.smpboot.sim.image.ArchInfoWriter;
import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.trace.Trace;

/**
 * A machine in hypervisor mode (seed 000), from its description to its shell's {@code quit}: builds the machine, fits
 * the hypervisor's hardware ({@link HyperHardware}), loads the hypervisor's images and the machine's arch_info.bin
 * ({@link HyperImages#load}), starts
 * every core at {@code hyper_reset}, and types into TTY 0 what the user types (a script, standard input, a terminal's
 * lines): the shell reads it there as the simulated core[0][0] runs it.
 *
 * <p>Replay: with {@link #seed(long)} one core runs at a time in an interleaving the seed picks
 * ({@link SeededSchedule}), the timers follow virtual time and the trace is stamped in cycles; then everything the
 * user types must be typed before {@link #start(String)} (its argument), so that the same seed and the same input give
 * the same TTY logs and trace, byte for byte. In a parallel run the machine clock is paced on the host's
 * ({@value org.smpboot.sim.hw.Clock#CYCLES_PER_MS} cycles per millisecond) and input may come at any time ({@link #type}).
 */
public final class HypervisorRun implements AutoCloseable
{
    /** How long holding a core in reset waits for its thread to end. */
    private static final Duration STOP_BOUND = Duration.ofSeconds(5);
    /** The end-of-transmission character: the shell's end of input. */
    public static final String END_OF_INPUT = "\u0004";

    private final Platform platform;
    private final MachineConfig config;
    private final HyperSettings settings;
    private Long seed;
    private long maxCycles = PlatformBoot.DEFAULT_MAX_CYCLES;
    private Machine machine;
    private HyperHardware hardware;
    private Hypervisor hypervisor;
    private Trace trace;
    private Tty tty0;
    private WriteWatcher watcher;

    /**
     * @param platform the machine's description.
     * @param config   its fill, console and TTY 0's log directory.
     * @param settings how the hypervisor runs its instances.
     */
    public HypervisorRun(final Platform platform, final MachineConfig config, final HyperSettings settings)
    {
        this.platform = platform;
        this.config = config;
        this.settings = settings;
    }

    /**
     * @param s the seed of a deterministic run; call before {@link #start(String)}.
     * @return this.
     */
    public HypervisorRun seed(final long s)
    {
        this.seed = s;
        return this;
    }

    /**
     * @param cycles the virtual time a deterministic run may reach.
     * @return this.
     */
    public HypervisorRun maxCycles(final long cycles)
    {
        if (cycles < 1)
        {
            throw new IllegalArgumentException("--max-cycles must be at least 1, got " + cycles);
        }
        this.maxCycles = cycles;
        return this;
    }

    /**
     * @param w told of every store into RAM too, after the machine's code guard (the isolation explorer's check); call
     *          before {@link #start(String)}.
     * @return this.
     */
    public HypervisorRun watch(final WriteWatcher w)
    {
        this.watcher = w;
        return this;
    }

    /** @return the seed, or null for a parallel run. */
    public Long seed()
    {
        return seed;
    }

    /**
     * Builds the machine and starts every core.
     *
     * @param typed what the user typed before the machine started (a whole script in a deterministic run), or "".
     * @return this.
     */
    public HypervisorRun start(final String typed)
    {
        if (machine != null)
        {
            throw new IllegalStateException("the hypervisor already runs");
        }
        machine = new Machine(platform, config);
        try
        {
            final SeededSchedule schedule = seed == null ? null : machine.deterministic(seed);
            trace = machine.trace();
            if (schedule != null)
            {
                schedule.cycleLimit(maxCycles);
                schedule.endsWith(shellCore()); // quit ends the run in virtual time
                trace.virtualTime();
            }
            else
            {
                machine.clock().pace(org.smpboot.sim.hw.Clock.CYCLES_PER_MS);
            }
            hardware = HyperHardware.fit(machine, platform.bootCxy(), settings.channels(), Hypervisor.resetAddress(),
                STOP_BOUND);
            final MappedDevice rom = machine.device(platform.bootCxy(), DeviceType.ROM_SCL);
            if (!(rom instanceof Rom r))
            {
                throw new IllegalArgumentException("cluster 0x00 has no ROM for the hypervisor's HAT activation code");
            }
            HyperImages.load(machine.bus().bank(platform.bootCxy()), r, ArchInfoWriter.write(platform));
            hypervisor = new Hypervisor(machine, hardware, settings).install();
            if (watcher != null)
            {
                final CodeGuard guard = new CodeGuard(machine.processors());
                final WriteWatcher extra = watcher;
                machine.bus().watch((who, paddr, len) ->
                {
                    guard.beforeWrite(who, paddr, len);
                    extra.beforeWrite(who, paddr, len);
                });
            }
            tty0 = (Tty)machine.device(platform.ioCxy(), DeviceType.TXT_TTY);
            if (!typed.isEmpty())
            {
                tty0.feed(0, typed);
            }
            machine.start(Hypervisor.resetAddress());
            return this;
        }
        catch (final RuntimeException e)
        {
            close();
            throw e;
        }
    }

    /**
     * Types text into TTY 0, as a keyboard would: the shell reads it when it gets there.
     *
     * @param text characters, such as a line and its newline, or {@link #END_OF_INPUT}.
     */
    public void type(final String text)
    {
        tty0.feed(0, text);
    }

    /**
     * Waits until the shell has quit (its core halted).
     *
     * @param timeout how long at most.
     * @return whether it quit.
     * @throws InterruptedException when interrupted.
     */
    public boolean awaitQuit(final Duration timeout) throws InterruptedException
    {
        final Thread shell = shellCore().thread();
        shell.join(Math.max(1, timeout.toMillis()));
        return !shell.isAlive();
    }

    /** @return the core running the shell: core[0][0]. */
    public Processor shellCore()
    {
        return machine.processor(platform.bootCxy(), 0);
    }

    /** @return the machine. */
    public Machine machine()
    {
        return machine;
    }

    /** @return the hypervisor's hardware. */
    public HyperHardware hardware()
    {
        return hardware;
    }

    /** @return the hypervisor. */
    public Hypervisor hypervisor()
    {
        return hypervisor;
    }

    /** @return everything TTY 0 printed so far: the hypervisor's log, the shell's prompts and echo. */
    public String tty0()
    {
        return tty0.output(0);
    }

    /** @return whether every command succeeded and no instance failed. */
    public boolean clean()
    {
        return hypervisor.errors() == 0 && hypervisor.failures() == 0;
    }

    /**
     * @param file where the trace goes (Chrome trace-event JSON).
     * @throws IOException when it cannot be written.
     */
    public void writeTrace(final Path file) throws IOException
    {
        try (OutputStream out = Files.newOutputStream(file))
        {
            trace.write(out);
        }
    }

    /** Stops every core and device (the instances' channel devices too) and frees the machine. */
    @Override
    public void close()
    {
        if (machine != null)
        {
            machine.close();
            if (hardware != null)
            {
                hardware.close();
            }
        }
    }
}
