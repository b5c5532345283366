package org.smpboot.sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.smpboot.runtime.region.Fill;
import org.smpboot.sim.testing.Await;
import org.smpboot.sim.boot.BootOptions;
import org.smpboot.sim.run.BootResult;
import org.smpboot.sim.run.PlatformBoot;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;

/** The progress lines of a long boot, here on a small one with a short period. */
class BootProgressTest
{
    @Test
    void linesCountTheCoresByPhaseAndStopWhenClosed() throws Exception
    {
        final StringWriter text = new StringWriter();
        final PrintWriter err = new PrintWriter(text, true);
        final BootResult r;
        try (BootProgress progress = new BootProgress(err, 5, TimeUnit.SECONDS.toNanos(60)))
        {
            r = new PlatformBoot(PlatformBuilder.build(PlatformSpec.defaults()), new BootOptions(BootLayout.ALMOS_MKH,
                Duration.ofSeconds(30), false), MachineConfig.defaults().withFill(Fill.X5A).withConsole(null))
                .onStart(progress).run("5a");
        }
        assertTrue(r.complete(), r.faults().toString());
        final List<String> lines = text.toString().lines().toList();
        assertFalse(lines.isEmpty());
        final String phase = "(reset|phase [1-4]|kernel_init)";
        for (final String l : lines)
        {
            assertTrue(l.matches("\\[smpboot] \\d+ s: (writing the disk image and building the machine|\\d+/16 " +
                "cores in " + phase + "(, \\d+ in " + phase + ")*)"), l);
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("/16 cores in ")), text.toString());
        final int after = text.toString().length();
        Await.holdsFor("no progress line once the progress is closed", 50, () -> text.toString().length() == after);
    }
}
