package org.smpboot.sim.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.smpboot.sim.run.BootResult;
import org.smpboot.sim.run.MemoryMap;
import org.smpboot.sim.trace.BootPhase;

/**
 * Everything {@code smpboot boot --out DIR} writes after the boot, beside the TTY logs the machine wrote during it:
 * {@code memory-maps.txt} (every cluster's map after every phase), {@code memory-<phase>.png} per phase with maps,
 * {@code memory-stack-depths.png} (how deep each boot stack was used),
 * {@code accesses-<phase>.png} and {@code contention-<phase>.png} (heat maps of accesses and cycles from each cluster
 * to each bank) per phase, and {@code report.json}. A phase's file name is its label without the
 * space: {@code phase1} .. {@code phase4}, {@code kernel}.
 */
public final class BootOutputs
{
    /** The text memory maps. */
    public static final String MAPS_FILE = "memory-maps.txt";
    /** The JSON report. */
    public static final String REPORT_FILE = "report.json";
    /** The Chrome trace-event file, for Perfetto (ui.perfetto.dev) or chrome://tracing. */
    public static final String TRACE_FILE = "trace.json";

    private BootOutputs()
    {
    }

    /**
     * @param phase a phase.
     * @return {@code phase1} .. {@code phase4} or {@code kernel}.
     */
    public static String fileTag(final BootPhase phase)
    {
        return phase.label().replace(" ", "");
    }

    /**
     * @param result the boot.
     * @return every map's text, by phase then cluster.
     */
    public static String mapsText(final BootResult result)
    {
        final StringBuilder b = new StringBuilder(String.format("%s: memory of every cluster after each phase, " +
            "layout %s, fill %s%n", result.platform().name(), result.options().layout().cliName(), result.fill()));
        result.maps().stream().sorted(Comparator.comparing(MemoryMap::phase).thenComparingInt(MemoryMap::cxy))
            .forEach(m -> b.append(System.lineSeparator()).append(m.text(result.options().flavor())));
        return b.toString();
    }

    /**
     * @param result the boot.
     * @param dir    an existing directory.
     * @return the names of the files written, relative to {@code dir}.
     * @throws IOException on write errors.
     */
    public static List<String> write(final BootResult result, final Path dir) throws IOException
    {
        final List<String> written = new ArrayList<>();
        Files.writeString(dir.resolve(MAPS_FILE), mapsText(result), StandardCharsets.UTF_8);
        written.add(MAPS_FILE);
        for (final BootPhase phase : BootPhase.values())
        {
            final String name = "memory-" + fileTag(phase) + ".png";
            if (MemoryMapChart.write(phase, result.options().flavor(), result.maps(), dir.resolve(name)))
            {
                written.add(name);
            }
        }
        if (StackDepthChart.write(result.maps(), dir.resolve(StackDepthChart.FILE)))
        {
            written.add(StackDepthChart.FILE);
        }
        for (final BootPhase phase : BootPhase.values())
        {
            final String name = "accesses-" + fileTag(phase) + ".png";
            AccessChart.write(PhaseAccesses.of(phase, result.accesses().get(phase), result.platform()),
                result.options().flavor(), dir.resolve(name));
            written.add(name);
        }
        for (final BootPhase phase : BootPhase.values())
        {
            final String name = "contention-" + fileTag(phase) + ".png";
            ContentionChart.write(PhaseContention.of(phase, result.accesses().get(phase), result.cycles().get(phase),
                result.platform()), result.options().flavor(), dir.resolve(name));
            written.add(name);
        }
        BootReportWriter.write(result, dir.resolve(REPORT_FILE));
        written.add(REPORT_FILE);
        if (result.trace() != null)
        {
            try (OutputStream out = Files.newOutputStream(dir.resolve(TRACE_FILE)))
            {
                result.trace().write(out);
            }
            written.add(TRACE_FILE);
        }
        return written;
    }
}
