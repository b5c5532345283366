package org.smpboot.bench.report;

import java.util.List;
import java.util.Locale;

/** The Markdown the lead pastes into the root README: targets, then every ratio, then the raw scores. */
public final class ResultsMarkdown
{
    private ResultsMarkdown()
    {
    }

    /**
     * @param command  the command that produced the run.
     * @param settings JMH settings used, in words.
     * @param jvm      JDK of the forks.
     * @param wallTime wall time of the run, in words.
     * @param results  rows.
     * @param ratios   pairs.
     * @param targets  targets.
     * @param scaling  growth rows of the classes without a baseline.
     * @param plots    plot file names.
     * @return the Markdown text.
     */
    public static String render(
        final String command, final String settings, final String jvm, final String wallTime,
        final List<JmhResult> results, final List<Ratio> ratios, final List<Target> targets,
        final List<Scaling> scaling, final List<String> plots)
    {
        final StringBuilder md = new StringBuilder();
        md.append("# smpboot benchmark results\n\n");
        md.append("Produced by `").append(command).append("` (").append(settings).append("; ").append(jvm)
            .append("; wall time ").append(wallTime).append(").\n");
        md.append("Machine: 2 vCPUs shared with other jobs, so absolute numbers are noisy; every ratio compares two rows ")
            .append("of the same run. Time ratio = runtime time / baseline time (below 1: the runtime is faster); ")
            .append("speed-up = its inverse.\n\n");

        md.append("## Targets of issue 5\n\n");
        md.append("| target | time ratio measured | limit | status |\n|---|---|---|---|\n");
        for (final Target t : targets)
        {
            md.append("| ").append(t.what()).append(" | ").append(fmt(t.timeRatio())).append(" | <= ")
                .append(fmt(t.maxTimeRatio())).append(" | ").append(t.status()).append(" |\n");
        }

        md.append("\n## Every variant against its baselines\n\n");
        md.append("| benchmark | configuration | runtime | baseline | runtime score | baseline score | time ratio | speed-up |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        for (final Ratio r : ratios)
        {
            md.append("| ").append(r.variant().className()).append(" | ").append(r.variant().configuration())
                .append(" | ").append(r.variant().method()).append(" | ").append(r.baseline().shortName())
                .append(" | ").append(score(r.variant())).append(" | ").append(score(r.baseline()))
                .append(" | ").append(fmt(r.timeRatio())).append(" | ").append(fmt(r.speedUp())).append("x |\n");
        }

        if (!scaling.isEmpty())
        {
            md.append("\n## Scaling: benchmarks without a baseline\n\n");
            md.append("Nothing else runs these operations, so each is compared with itself at its smallest size, in ")
                .append("the same run: ratio = time / time at the smallest size (what one operation costs more), and ")
                .append("the time per core (constant when the cost grows linearly with the cores). A secondary metric ")
                .append("(`method:name`) is the mean of its per-iteration values.\n\n");
            md.append("| benchmark | metric | size | cores | time | ratio to smallest | time per core |\n");
            md.append("|---|---|---|---|---|---|---|\n");
            for (final Scaling g : scaling)
            {
                final String t = Double.isNaN(g.error()) ? fmt(g.time()) : fmt(g.time()) + " ± " + fmt(g.error());
                md.append("| ").append(g.row().className()).append(" | ").append(g.metric()).append(" | ")
                    .append(g.row().configuration()).append(" | ").append(g.cores()).append(" | ").append(t)
                    .append(' ').append(g.unit()).append(" | ").append(fmt(g.ratio())).append(" | ")
                    .append(fmt(g.perCore())).append(' ').append(g.unit()).append(" |\n");
            }
        }

        md.append("\n## Raw scores\n\n| benchmark | method | configuration | score | unit |\n|---|---|---|---|---|\n");
        for (final JmhResult r : results)
        {
            md.append("| ").append(r.className()).append(" | ").append(r.method()).append(" | ")
                .append(r.configuration()).append(" | ").append(score(r)).append(" | ").append(r.unit()).append(" |\n");
        }
        md.append("\nStack pool scores are per thread; the aggregate time per pair is the score divided by the thread count.\n");

        md.append("\n## Plots\n\n");
        plots.forEach(p -> md.append("![").append(p).append("](").append(p).append(")\n"));
        return md.toString();
    }

    private static String score(final JmhResult r)
    {
        final String s = fmt(r.score());
        return Double.isNaN(r.error()) ? s : s + " ± " + fmt(r.error());
    }

    static String fmt(final double v)
    {
        if (Double.isNaN(v))
        {
            return "n/a";
        }
        final double a = Math.abs(v);
        if (a >= 100)
        {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10)
        {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 0.01)
        {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.2g", v);
    }
}
