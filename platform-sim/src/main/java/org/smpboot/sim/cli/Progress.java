package org.smpboot.sim.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.slf4j.LoggerFactory;

/**
 * The progress of a long job of countable steps (seeds explored, boots soaked) on standard error: done/total, the
 * rate and the time left, for instance {@code 40/100 seeds (40%), 3.2 seeds/s, ETA 19 s}. At a terminal it is a bar
 * redrawn in place a few times a second; otherwise (a log, a pipe, CI) a line through slf4j every few seconds; with
 * {@code --quiet}, nothing. A daemon thread draws it, so a step that takes long still shows the clock moving; it
 * stops when closed.
 */
final class Progress implements AutoCloseable
{
    /** Between two lines when standard error is not a terminal. */
    static final long LINE_PERIOD_MS = 5000;
    /** Between two redraws of the bar. */
    static final long BAR_PERIOD_MS = 250;
    private static final int BAR = 24;

    private final String unit;
    private final long total;
    private final Consumer<String> sink;
    private final boolean bar;
    private final long started = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private final Thread thread;
    private volatile boolean stopped;

    /**
     * Starts drawing.
     *
     * @param unit         what a step is, plural ({@code seeds}, {@code boots}).
     * @param total        how many steps.
     * @param sink         where each line (or, for a bar, each redraw) goes.
     * @param bar          a bar redrawn in place (the sink writes {@code \r} lines) rather than lines.
     * @param periodMillis time between two lines or redraws.
     */
    Progress(final String unit, final long total, final Consumer<String> sink, final boolean bar,
        final long periodMillis)
    {
        this.unit = unit;
        this.total = total;
        this.sink = sink;
        this.bar = bar;
        this.thread = new Thread(() -> draw(periodMillis), "smpboot-progress");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * @param unit  what a step is, plural.
     * @param total how many steps.
     * @param err   the command's standard error.
     * @param name  the logger's name when the lines go through slf4j.
     * @return the progress the command's standard error calls for: a bar at a terminal, slf4j lines otherwise, none
     * with {@code --quiet}.
     */
    static Progress of(final String unit, final long total, final PrintWriter err, final String name)
    {
        if (Logging.quiet())
        {
            return new Progress(unit, total, l -> { }, false, LINE_PERIOD_MS);
        }
        if (terminal())
        {
            return new Progress(unit, total, l ->
            {
                err.print(l);
                err.flush();
            }, true, BAR_PERIOD_MS);
        }
        return new Progress(unit, total, LoggerFactory.getLogger(name)::info, false, LINE_PERIOD_MS);
    }

    /** @param n steps done so far. */
    void done(final long n)
    {
        done.set(n);
    }

    /**
     * Prints a result line of the command's: at a terminal, the bar is wiped first (and redrawn at its next tick).
     *
     * @param print prints the line on standard output.
     */
    void above(final Runnable print)
    {
        synchronized (this)
        {
            if (bar)
            {
                sink.accept("\r" + " ".repeat(BAR + 80) + "\r");
            }
            print.run();
        }
    }

    /**
     * @param n            steps done.
     * @param elapsedNanos time since the start.
     * @return {@code n/total unit (p%), r unit/s, ETA t}.
     */
    String line(final long n, final long elapsedNanos)
    {
        final double seconds = elapsedNanos / 1e9;
        final double rate = seconds > 0 ? n / seconds : 0;
        final String eta = n == 0 || rate == 0 ? "ETA unknown" : n >= total ? "done" :
            "ETA " + duration((long)Math.ceil((total - n) / rate));
        return String.format(Locale.ROOT, "%d/%d %s (%d%%), %s %s/s, %s, %s elapsed", n, total, unit,
            total == 0 ? 100 : n * 100 / total, rate >= 10 ? String.format(Locale.ROOT, "%.0f", rate) :
                String.format(Locale.ROOT, "%.2f", rate), unit, eta, duration((long)seconds));
    }

    /**
     * @param seconds a duration.
     * @return it as {@code 42 s}, {@code 3 min 5 s} or {@code 2 h 3 min}.
     */
    static String duration(final long seconds)
    {
        if (seconds < 60)
        {
            return seconds + " s";
        }
        if (seconds < 3600)
        {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }

    private String barLine(final long n, final long elapsedNanos)
    {
        final int filled = total == 0 ? BAR : (int)Math.min(BAR, n * BAR / total);
        return "\r[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + line(n, elapsedNanos) + "  ";
    }

    private void draw(final long periodMillis)
    {
        try
        {
            while (!stopped)
            {
                TimeUnit.MILLISECONDS.sleep(periodMillis);
                synchronized (this)
                {
                    if (!stopped)
                    {
                        final long now = System.nanoTime() - started;
                        sink.accept(bar ? barLine(done.get(), now) : line(done.get(), now));
                    }
                }
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** @return whether the drawing thread still runs. */
    boolean drawing()
    {
        return thread.isAlive();
    }

    /** Stops drawing (a bar is completed and ended with a new line), and waits for the thread. */
    @Override
    public void close()
    {
        stopped = true;
        thread.interrupt();
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(1));
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        if (bar)
        {
            sink.accept(barLine(done.get(), System.nanoTime() - started) + System.lineSeparator());
        }
    }

    // a terminal on both ends: JDK 22 may give a Console for redirected streams, and says so with isTerminal()
    static boolean terminal()
    {
        final Console c = System.console();
        if (c == null)
        {
            return false;
        }
        try
        {
            return (Boolean)Console.class.getMethod("isTerminal").invoke(c);
        }
        catch (final ReflectiveOperationException e)
        {
            return true; // before JDK 22 a console exists only for a terminal
        }
    }
}
