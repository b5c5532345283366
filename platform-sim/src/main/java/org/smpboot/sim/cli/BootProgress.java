package org.smpboot.sim.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.smpboot.sim.hw.Machine;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.trace.BootPhase;

/**
 * The progress of a long boot, about once a period, from a daemon thread (the CLI sends the lines through slf4j to
 * standard error): while the disk image and the machine are being built, that they are; once the machine runs (the
 * boot's start hook), how many cores are in each phase, read from each core's phase (what bus errors and the watchdog
 * name), for instance {@code 3 s: 575/1024 cores in phase 1, 412 in phase 4, 37 in kernel_init}. It stops when
 * closed (the boot returned) or after its bound, whichever comes first.
 */
final class BootProgress implements Consumer<Machine>, AutoCloseable
{
    private final Consumer<String> sink;
    private final long periodMillis;
    private final long boundNanos;
    private final long created = System.nanoTime();
    private final Thread thread;
    private volatile boolean stopped;
    private volatile List<Processor> cores;

    /**
     * Starts reporting.
     *
     * @param sink         where the lines go.
     * @param periodMillis time between lines.
     * @param boundNanos   how long at most it reports (the boot's own bound and some).
     */
    BootProgress(final Consumer<String> sink, final long periodMillis, final long boundNanos)
    {
        this.sink = sink;
        this.periodMillis = periodMillis;
        this.boundNanos = boundNanos;
        this.thread = new Thread(this::report, "smpboot-boot-progress");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void accept(final Machine machine)
    {
        cores = machine.processors();
    }

    private void report()
    {
        try
        {
            while (!stopped && System.nanoTime() - created < boundNanos)
            {
                Thread.sleep(periodMillis);
                final List<Processor> running = cores;
                final long s = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - created);
                if (!stopped)
                {
                    sink.accept(running == null ? s + " s: writing the disk image and building the machine" :
                        line(s, running));
                }
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @param seconds time since the boot started.
     * @param cores   every core.
     * @return the progress line: the cores in each phase some core is in, the first with the total.
     */
    static String line(final long seconds, final List<Processor> cores)
    {
        final Map<String, Integer> in = new LinkedHashMap<>();
        in.put("reset", 0);
        for (final BootPhase p : BootPhase.values())
        {
            in.put(p == BootPhase.KERNEL ? "kernel_init" : p.label(), 0);
        }
        for (final Processor c : cores)
        {
            in.merge(where(c.phase()), 1, Integer::sum);
        }
        final StringBuilder b = new StringBuilder().append(seconds).append(" s: ");
        boolean first = true;
        for (final Map.Entry<String, Integer> e : in.entrySet())
        {
            if (e.getValue() == 0)
            {
                continue;
            }
            b.append(first ? "" : ", ").append(e.getValue()).append(first ? "/" + cores.size() + " cores" : "")
                .append(" in ").append(e.getKey());
            first = false;
        }
        return b.toString();
    }

    private static String where(final String phase)
    {
        for (final BootPhase p : BootPhase.values())
        {
            if (phase != null && phase.startsWith(p.label() + ":"))
            {
                return p == BootPhase.KERNEL ? "kernel_init" : p.label();
            }
        }
        return "reset";
    }

    /** @return whether the reporting thread still runs. */
    boolean reporting()
    {
        return thread.isAlive();
    }

    /** Stops the reports and waits for the thread to end. */
    @Override
    public void close() throws InterruptedException
    {
        stopped = true;
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(1));
    }
}
