package org.smpboot.sim.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smpboot.runtime.region.Fill;
import org.smpboot.sim.fault.HostileGuest;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.hyper.HatMistake;
import org.smpboot.sim.hyper.HyperSettings;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;

/** A seeded hypervisor session replays byte for byte: TTY 0, the guests' TTYs and the trace. */
class HypervisorReplayInProcessTest
{
    @TempDir
    Path tmp;

    private record Outcome(String tty0, String guest, byte[] trace)
    {
    }

    private Outcome session(final Path out, final long seed) throws Exception
    {
        Files.createDirectories(out);
        final HypervisorRun run = new HypervisorRun(PlatformBuilder.build(new PlatformSpec(1, 3, 2, 3,
            DeviceType.IOC_BDV, 0, 1, 0, 0, 4, 4, 2, List.of())), MachineConfig.defaults().withConsole(null)
            .withFill(Fill.X5A).withTtyDir(out), new HyperSettings(BootLayout.ALMOS_MKH, Duration.ofSeconds(60), out,
            4, Map.of(), HostileGuest::parse, HatMistake.NONE)).seed(seed);
        try (run)
        {
            run.start("run -nc 1 -i 1\nrun -nc 1 -i 2\nwait\nlist\n" + HypervisorRun.END_OF_INPUT);
            assertTrue(run.awaitQuit(Duration.ofSeconds(120)), run.tty0());
            final ByteArrayOutputStream trace = new ByteArrayOutputStream();
            run.machine().trace().write(trace);
            return new Outcome(run.tty0(), Files.readString(out.resolve("instance2/tty0.log")), trace.toByteArray());
        }
    }

    @Test
    void theSameSeedGivesTheSameTtysAndTrace() throws Exception
    {
        final Outcome a = session(tmp.resolve("a"), 3);
        final Outcome b = session(tmp.resolve("b"), 3);
        assertTrue(a.tty0().contains("2        0x02                 2     2   2   2   tsar/almos-mkh    complete"), a.tty0());
        assertEquals(a.tty0(), b.tty0());
        assertEquals(a.guest(), b.guest());
        assertArrayEquals(a.trace(), b.trace());
    }
}
