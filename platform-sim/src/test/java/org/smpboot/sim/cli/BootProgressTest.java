package org.smpboot.sim.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
        final List<String> lines = new CopyOnWriteArrayList<>();
        final BootResult r;
        final BootProgress progress = new BootProgress(lines::add, 5, TimeUnit.SECONDS.toNanos(60));
        try (progress)
        {
            r = new PlatformBoot(PlatformBuilder.build(PlatformSpec.defaults()), new BootOptions(BootLayout.ALMOS_MKH,
                Duration.ofSeconds(30), false), MachineConfig.defaults().withFill(Fill.X5A).withConsole(null))
                .onStart(progress).run("5a");
        }
        assertFalse(progress.reporting(), "no line once closed: the thread has ended");
        assertTrue(r.complete(), r.faults().toString());
        assertFalse(lines.isEmpty());
        final String phase = "(reset|phase [1-4]|kernel_init)";
        for (final String l : lines)
        {
            assertTrue(l.matches("\\d+ s: (writing the disk image and building the machine|\\d+/16 " +
                "cores in " + phase + "(, \\d+ in " + phase + ")*)"), l);
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("/16 cores in ")), lines.toString());
        final int after = lines.size();
        Await.holdsFor("no progress line once the progress is closed", 50, () -> lines.size() == after);
    }
}
