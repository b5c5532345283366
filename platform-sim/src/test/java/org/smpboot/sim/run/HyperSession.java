package org.smpboot.sim.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.smpboot.runtime.region.Fill;
import org.smpboot.sim.fault.HostileGuest;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.hw.WriteWatcher;
import org.smpboot.sim.hyper.HatMistake;
import org.smpboot.sim.hyper.HyperSettings;
import org.smpboot.sim.hyper.HyperShell;
import org.smpboot.sim.hyper.Hypervisor;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;

/**
 * A hypervisor driven as a user types at its shell: each line is typed into TTY 0 once the shell prompts, and the
 * test looks at the machine between two commands, once the shell prompts again.
 */
final class HyperSession implements AutoCloseable
{
    static final long BOUND_S = 60;
    final HypervisorRun run;

    /**
     * @param spec    the machine.
     * @param timeout the hypervisor's --timeout.
     * @param out     its output directory.
     * @param disks   disks given for IOC channels.
     * @param mistake a mistake written into the HATs.
     */
    HyperSession(final PlatformSpec spec, final Duration timeout, final Path out, final Map<Integer, Path> disks,
        final HatMistake mistake)
    {
        this(spec, timeout, out, disks, mistake, null);
    }

    /**
     * @param spec    the machine.
     * @param timeout the hypervisor's --timeout.
     * @param out     its output directory.
     * @param disks   disks given for IOC channels.
     * @param mistake a mistake written into the HATs.
     * @param watcher told of every store into RAM from the start, or null.
     */
    HyperSession(final PlatformSpec spec, final Duration timeout, final Path out, final Map<Integer, Path> disks,
        final HatMistake mistake, final WriteWatcher watcher)
    {
        final Platform p = PlatformBuilder.build(spec);
        final HypervisorRun r = new HypervisorRun(p, MachineConfig.defaults().withConsole(null).withFill(Fill.X5A)
            .withTtyDir(out).withWaitTimeout(timeout), new HyperSettings(BootLayout.ALMOS_MKH, timeout, out, 8, disks,
            HostileGuest::parse, mistake));
        run = (watcher == null ? r : r.watch(watcher)).start("");
        awaitPrompts(1);
    }

    /** A 3x2 platform of 4 cores per cluster: five clusters for instances. */
    static PlatformSpec mesh()
    {
        return new PlatformSpec(3, 2, 4, 3, DeviceType.IOC_BDV, 128, 1, 0, 0, 4, 4, 2, java.util.List.of());
    }

    static HyperSession start(final Path out)
    {
        return new HyperSession(mesh(), Duration.ofSeconds(BOUND_S), out, Map.of(), HatMistake.NONE);
    }

    Hypervisor hv()
    {
        return run.hypervisor();
    }

    String tty0()
    {
        return run.tty0();
    }

    private int prompts()
    {
        final String t = run.tty0();
        int n = 0;
        for (int i = t.indexOf(HyperShell.PROMPT); i >= 0; i = t.indexOf(HyperShell.PROMPT, i + 1))
        {
            n++;
        }
        return n;
    }

    private void awaitPrompts(final int n)
    {
        await(() -> prompts() >= n, "the shell to prompt (" + n + " prompts)");
    }

    /**
     * Types a line and waits until the shell has run it and prompts again: until TTY 0 shows the line's echo after a
     * prompt, and a prompt after that (the monitor's lines may come in between, and redraw the prompt).
     *
     * @param line the line, without its newline.
     */
    void type(final String line)
    {
        final String echo = HyperShell.PROMPT + line.replace("\u007f", "\b \b").replace("\u0003", "^C") + "\n";
        final int from = run.tty0().length();
        run.type(line + "\n");
        await(() ->
        {
            final String t = run.tty0();
            final int at = t.indexOf(echo, Math.max(0, from - HyperShell.PROMPT.length()));
            return at >= 0 && t.indexOf(HyperShell.PROMPT, at + echo.length()) >= 0;
        }, "the shell to run '" + line + "' and prompt again");
    }

    /**
     * Waits (bounded) for a condition on the machine.
     *
     * @param condition the condition.
     * @param what      what is awaited, for the failure.
     */
    void await(final BooleanSupplier condition, final String what)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_S);
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, "waited " + BOUND_S + " s for " + what + "\n" + run.tty0());
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    @Override
    public void close() throws InterruptedException
    {
        try
        {
            if (!run.awaitQuit(Duration.ofMillis(1)))
            {
                run.type(HypervisorRun.END_OF_INPUT);
                assertTrue(run.awaitQuit(Duration.ofSeconds(BOUND_S)), "the shell did not quit\n" + run.tty0());
            }
        }
        finally
        {
            run.close();
        }
    }
}
