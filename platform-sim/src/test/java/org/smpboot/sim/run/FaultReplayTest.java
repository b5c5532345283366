package org.smpboot.sim.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.region.Fill;
import org.smpboot.sim.boot.BootFlavor;
import org.smpboot.sim.boot.BootOptions;
import org.smpboot.sim.fault.FaultPlan;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.report.BootOutputs;

/**
 * Faults in deterministic runs (issue 23, item 1): every bound of a {@code --seed} boot is virtual time, so a faulted
 * boot replays byte for byte, in one JVM and from one JVM to the next.
 */
class FaultReplayTest
{
    static BootResult boot(final BootFlavor flavor, final String fault, final long seed) throws Exception
    {
        final Platform p = VirtualTimeBootTest.mesh(2, 2, 2);
        return new PlatformBoot(p, new BootOptions(BootLayout.ALMOS_MKH, Duration.ofSeconds(60), false, flavor),
            MachineConfig.defaults().withFill(Fill.X5A).withConsole(null)).trace().seed(seed)
            .watchdog(Duration.ofSeconds(1)).faults(FaultPlan.parse(fault == null ? List.of() : List.of(fault))).run("5a");
    }

    /** What a replay must reproduce: TXT0, the trace, the memory maps and the faults, as one digest. */
    static String digest(final BootResult r) throws Exception
    {
        final MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(r.txt0().getBytes(StandardCharsets.UTF_8));
        final ByteArrayOutputStream trace = new ByteArrayOutputStream();
        r.trace().write(trace);
        sha.update(trace.toByteArray());
        sha.update(BootOutputs.mapsText(r).getBytes(StandardCharsets.UTF_8));
        sha.update(String.join("\n", r.faults()).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest());
    }

    @Test
    void aFaultedDeterministicBootReplaysByteForByte() throws Exception
    {
        // a dead bank: left out by the self-test, the boot completes with the rest
        final BootResult a = boot(BootFlavor.TSAR, "bad-bank:0x11", 3);
        final BootResult b = boot(BootFlavor.TSAR, "bad-bank:0x11", 3);
        assertTrue(a.complete(), a.faults() + "\n" + a.txt0());
        assertTrue(a.txt0().contains("left out of boot_info: cluster 0x11"), a.txt0());
        assertEquals(a.txt0(), b.txt0());
        assertArrayEquals(DeterministicBootTest.trace(a), DeterministicBootTest.trace(b));
        assertEquals(BootOutputs.mapsText(a), BootOutputs.mapsText(b));
        // a dead core in the elected flavor: the count is sealed at the wake-up deadline, in virtual time
        final BootResult c = boot(BootFlavor.ELECTED, "dead-core:0x5", 7);
        assertTrue(c.complete(), c.faults() + "\n" + c.txt0());
        assertTrue(c.txt0().contains("gid 0x005: never arrived in the election"), c.txt0());
        assertEquals(digest(c), digest(boot(BootFlavor.ELECTED, "dead-core:0x5", 7)));
    }

    @Test
    void aSlowCoreIsSlowInVirtualTimeAndAKilledOneEndsAtTheWatchdogInCycles() throws Exception
    {
        final BootResult fast = boot(BootFlavor.TSAR, null, 5);
        final BootResult slow = boot(BootFlavor.TSAR, "slow-core:0x1:5", 5);
        assertTrue(slow.complete(), slow.faults() + "\n" + slow.txt0());
        // 5 ms at every step the core begins, in virtual time: the boot ends later in cycles, not in host time
        assertTrue(slow.phaseEndCycles().values().stream().mapToLong(Long::longValue).max().orElseThrow() >
            fast.phaseEndCycles().values().stream().mapToLong(Long::longValue).max().orElseThrow() + 5_000_000L);
        final BootResult killed = boot(BootFlavor.TSAR, "kill-core:0x1", 5);
        assertFalse(killed.complete());
        assertTrue(killed.faults().get(0).contains("watchdog: no core made progress for"),
            killed.faults().toString());
        assertEquals(digest(killed), digest(boot(BootFlavor.TSAR, "kill-core:0x1", 5)));
    }

    @Test
    @Tag("slow")
    void aFaultedDeterministicBootReplaysFromOneJvmToTheNext() throws Exception
    {
        final List<String> digests = new ArrayList<>();
        for (int jvm = 0; jvm < 2; jvm++)
        {
            final List<String> cmd = new ArrayList<>(List.of(System.getProperty("java.home") + File.separator + "bin" +
                File.separator + "java", "-XX:+IgnoreUnrecognizedVMOptions",
                "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Child.class.getName()));
            final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the child JVM ends");
            assertEquals(0, p.exitValue(), out);
            digests.add(out.strip().lines().reduce((x, y) -> y).orElse(""));
        }
        assertEquals(64, digests.get(0).length(), digests.toString());
        assertEquals(digests.get(0), digests.get(1), "two JVMs, one faulted boot");
    }

    /** The child JVM: one faulted deterministic boot (elected, a dead core), its digest on the last line. */
    public static final class Child
    {
        private Child()
        {
        }

        public static void main(final String[] args) throws Exception
        {
            System.out.println(digest(boot(BootFlavor.ELECTED, "dead-core:0x5", 7)));
        }
    }
}
