package org.smpboot.sim.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.smpboot.sim.boot.BootFlavor;
import org.smpboot.sim.boot.BootOptions;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;
import org.smpboot.sim.run.BootResult;
import org.smpboot.sim.run.PlatformBoot;

/**
 * Every injected fault gives its documented outcome (README "Faults"): dead hardware is left out of boot_info and of
 * the barrier counts and named, in both flavors; what reconfiguration cannot explain fails with one line naming the
 * stage; nothing waits past the boot's bounds. A 2x2 mesh of 4 cores: gids 0x000-0x003 (cluster 0x00), 0x004-0x007
 * (0x01), 0x040-0x043 (0x10), 0x044-0x047 (0x11).
 */
class FaultInjectionTest
{
    static final Platform MESH = PlatformBuilder.build(new PlatformSpec(2, 2, 4, 3, DeviceType.IOC_BDV, 64, 1, 0, 0,
        4, 4, 2, List.of()));

    static BootResult boot(final BootFlavor flavor, final String... faults) throws Exception
    {
        return boot(flavor, BootLayout.ALMOS_MKH, faults);
    }

    static BootResult boot(final BootFlavor flavor, final BootLayout layout, final String... faults) throws Exception
    {
        return new PlatformBoot(MESH, new BootOptions(layout, Duration.ofSeconds(20), false, flavor),
            MachineConfig.defaults().withConsole(null)).watchdog(Duration.ofSeconds(4))
            .wakeDeadline(Duration.ofMillis(1500)).faults(FaultPlan.parse(List.of(faults))).run("5a");
    }

    /** {@link #boot(BootFlavor, String...)} in virtual time: one core at a time, the same bounds counted in cycles. */
    static BootResult seeded(final BootFlavor flavor, final String... faults) throws Exception
    {
        return new PlatformBoot(MESH, new BootOptions(BootLayout.ALMOS_MKH, Duration.ofSeconds(20), false, flavor),
            MachineConfig.defaults().withConsole(null)).watchdog(Duration.ofSeconds(4))
            .wakeDeadline(Duration.ofMillis(1500)).faults(FaultPlan.parse(List.of(faults))).seed(1).run("5a");
    }

    private static Set<Integer> cluster(final int cxy)
    {
        return MESH.cores().stream().filter(c -> c.cxy() == cxy).map(c -> c.gid()).collect(Collectors.toSet());
    }

    /** The boot completed without exactly these cores, every other one in kernel_init, and TXT0 names them. */
    private static void completesWithout(final BootResult r, final Set<Integer> gone)
    {
        assertTrue(r.complete(), r.faults() + "\n" + r.txt0());
        assertEquals(new TreeSet<>(gone), new TreeSet<>(r.excluded()), r.txt0());
        assertEquals(MESH.cores().size() - gone.size(), r.entries().size());
        assertTrue(r.entries().stream().noneMatch(e -> gone.contains(e.gid())));
        for (final int gid : gone)
        {
            assertTrue(r.txt0().lines().anyMatch(l -> l.startsWith("[BOOT]") && l.contains("left out") &&
                l.contains(String.format("0x%03x", gid)) || l.contains(String.format("gid 0x%03x", gid)) &&
                l.contains("left out")), String.format("TXT0 names 0x%03x:%n%s", gid, r.txt0()));
        }
        assertTrue(r.txt0().contains("[KINIT] boot complete"), r.txt0());
    }

    /** The boot failed, the first fault one line naming the stage (a core's phase, or the watchdog) then the detail. */
    private static void failsNaming(final BootResult r, final String... words)
    {
        assertFalse(r.complete(), r.txt0());
        assertFalse(r.faults().isEmpty());
        final String first = r.faults().get(0).lines().findFirst().orElseThrow();
        assertTrue(first.matches("(core\\[0x..,\\d+\\] gid 0x... fault in phase '.+': .+|bus error: .+|watchdog: .+|" +
            "boot: .+)"), first);
        for (final String w : words)
        {
            assertTrue(r.faults().get(0).contains(w), w + " in: " + r.faults().get(0));
        }
    }

    @ParameterizedTest
    @EnumSource(BootFlavor.class)
    void oneDeadCoreIsLeftOutAndNamed(final BootFlavor flavor) throws Exception
    {
        completesWithout(boot(flavor, "dead-core:0x006"), Set.of(0x006));
    }

    @ParameterizedTest
    @EnumSource(BootFlavor.class)
    void threeDeadCoresInThreeClustersAreLeftOutAndNamed(final BootFlavor flavor) throws Exception
    {
        completesWithout(boot(flavor, "dead-core:0x001", "dead-core:0x006", "dead-core:0x047"),
            Set.of(0x001, 0x006, 0x047));
    }

    @ParameterizedTest
    @EnumSource(BootFlavor.class)
    void aDeadClusterIsLeftOutAndNamed(final BootFlavor flavor) throws Exception
    {
        final BootResult r = boot(flavor, BootLayout.ALMOS_MK, "dead-cluster:0x10");
        completesWithout(r, cluster(0x10));
        assertTrue(r.txt0().contains("boot goes on with 3 clusters, 12 cores (arch_info: 4, 16)"), r.txt0());
    }

    @ParameterizedTest
    @EnumSource(BootFlavor.class)
    void aDeadCp0TakesItsClusterOut(final BootFlavor flavor) throws Exception
    {
        final BootResult r = boot(flavor, "dead-core:0x044");
        completesWithout(r, cluster(0x11));
        assertTrue(r.reconfiguration().describe().get(0).contains("its CP0 gid 0x044"),
            r.reconfiguration().describe().toString());
    }

    @Test
    void aLostIpiLeavesTheCoreOutAfterItsDeadline() throws Exception
    {
        final BootResult r = boot(BootFlavor.TSAR, "lost-ipi:0x042");
        completesWithout(r, Set.of(0x042));
        assertEquals("no answer to its wake-up IPI within 1500 ms", r.reconfiguration().exclusions().get(0).reason());
    }

    @Test
    void aLostIpiToACp0LeavesItsClusterOut() throws Exception
    {
        completesWithout(boot(BootFlavor.TSAR, "lost-ipi:0x004"), cluster(0x01));
    }

    @Test
    void almosMkParksLeftOutCoresBeforeTheKernelMovesOverThePreloader() throws Exception
    {
        // cluster 0x11's CP0 is dead: its cores sleep in the preloader until the boot-loader parks them
        final BootResult r = boot(BootFlavor.TSAR, BootLayout.ALMOS_MK, "dead-core:0x044");
        completesWithout(r, cluster(0x11));
        assertTrue(r.txt0().contains("[BOOT] left-out core gid 0x044 neither answered nor parked within 1500 ms: " +
            "presumed dead"), r.txt0());
        assertFalse(r.txt0().contains("gid 0x045 neither answered"), r.txt0());
    }

    @Test
    void almosMkCannotMoveTheKernelOverADeafCoreStillInThePreloader() throws Exception
    {
        failsNaming(boot(BootFlavor.TSAR, BootLayout.ALMOS_MK, "lost-ipi:0x045"), "move the kernel to 0x0",
            "gid 0x045 is executing");
    }

    @Test
    void lostIpisAreRefusedWhereNoIpiWakes()
    {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> boot(BootFlavor.ELECTED, "lost-ipi:0x005"))
            .getMessage().contains("wakes no core by IPI"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> boot(BootFlavor.TSAR, "lost-ipi:0x000"))
            .getMessage().contains("boots: no IPI wakes it"));
    }

    @ParameterizedTest
    @EnumSource(BootFlavor.class)
    void aSlightlySlowCoreBootsWithTheOthers(final BootFlavor flavor) throws Exception
    {
        completesWithout(boot(flavor, "slow-core:0x041:5"), Set.of());
    }

    @Test
    void aCoreTooSlowForItsDeadlineIsLeftOutAndHaltsWhenItAnswers() throws Exception
    {
        final BootResult r = boot(BootFlavor.TSAR, "slow-core:0x043:1000");
        completesWithout(r, Set.of(0x043));
    }

    @ParameterizedTest
    @EnumSource(BootFlavor.class)
    void aDeadBankFailsItsSelfTestAndTakesItsClusterOut(final BootFlavor flavor) throws Exception
    {
        final BootResult r = boot(flavor, "bad-bank:0x01");
        completesWithout(r, cluster(0x01));
        assertTrue(r.reconfiguration().exclusions().get(0).reason().startsWith("its bank failed the self-test: bus " +
            "error"), r.reconfiguration().exclusions().get(0).reason());
    }

    @ParameterizedTest
    @EnumSource(BootFlavor.class)
    void aDeadBootBankFailsTheBootNamingIt(final BootFlavor flavor) throws Exception
    {
        // elected: every core's first access (the election) is a bus error; tsar: every core's first access is the
        // preloader's read of its own configuration (reset_config, in cluster 0's RAM with the preloader)
        failsNaming(boot(flavor, "bad-bank:0x00"), "memory bank of cluster 0x00 is dead");
    }

    @ParameterizedTest
    @EnumSource(BootFlavor.class)
    void aCorruptArchInfoSignatureFailsTheBootNamingArchInfo(final BootFlavor flavor) throws Exception
    {
        failsNaming(boot(flavor, "corrupt-archinfo:0"), "arch_info");
    }

    @ParameterizedTest
    @EnumSource(BootFlavor.class)
    @Tag("slow") // waits out the 4 s watchdog in host time: aCoreKilledMidBootFailsTheBootInBoundedVirtualTime is quick
    void aCoreKilledMidBootFailsTheBootInBoundedTime(final BootFlavor flavor) throws Exception
    {
        final long t0 = System.nanoTime();
        failsNaming(boot(flavor, "kill-core:0x005"));
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).toSeconds() < 20, "bounded by the watchdog");
    }

    /**
     * The same kill in virtual time, in a few jumps of the machine clock. tsar: the watchdog's 4 s pass in cycles.
     * elected: the leader, waiting for running_count == cpu_count, reads the arrival roll from the moment a heartbeat
     * can be stale, then once every sixteenth of the liveness bound, and names the counted core whose heartbeat is older
     * than that bound (5 s: a quarter of the 20 s timeout), before the watchdog (4 s past the 1.5 s wake-up deadline).
     */
    @ParameterizedTest
    @EnumSource(BootFlavor.class)
    void aCoreKilledMidBootFailsTheBootInBoundedVirtualTime(final BootFlavor flavor) throws Exception
    {
        final BootResult r = seeded(flavor, "kill-core:0x005");
        if (flavor == BootFlavor.TSAR)
        {
            failsNaming(r, "watchdog");
            assertTrue(r.faults().get(0).contains("deterministic run, seed 1"), r.faults().get(0));
        }
        else
        {
            failsNaming(r, "gid 0x001 fault in phase 'phase 1: arch_init: wait for the count'", "leader cpu 1: " +
                "await running_count == cpu_count: counted cpu 5 stopped its heartbeat (older than the liveness " +
                "timeout of 5000 ms)", "the boot is given up");
        }
    }

    @Test
    @Tag("slow") // waits out the election's 2 s liveness bound in host time
    void withoutAWatchdogTheLeaderNamesTheCountedCoreThatDied() throws Exception
    {
        // the leader, waiting for running_count == cpu_count, reads the arrival roll once a scan period: once gid
        // 0x046's heartbeat is older than the liveness bound (2 s, not less) it gives the boot up naming it, long
        // before any wait's own 6 s bound; the followers, told the boot was given up, fault as its consequence
        final BootResult r = new PlatformBoot(MESH, new BootOptions(BootLayout.ALMOS_MKH, Duration.ofSeconds(6), false,
            BootFlavor.ELECTED), MachineConfig.defaults().withConsole(null)).wakeDeadline(Duration.ofMillis(1000))
            .faults(FaultPlan.parse(List.of("kill-core:0x046"))).startOrder(3).run("5a");
        failsNaming(r, "election: leader cpu ", ": await running_count == cpu_count: counted cpu",
            "the boot is given up", "not in cpu_arrived: gid 0x046");
        // a host that starves a live core's thread for 2 s could make it look dead too: 70 (0x046) is named either way
        assertTrue(Pattern.compile("counted cpus? \\[?[\\d, ]*\\b70\\b").matcher(r.faults().get(0)).find(),
            r.faults().get(0));
    }

    @Test
    void aCoreKilledBeforeItAnswersIsLeftOut() throws Exception
    {
        completesWithout(boot(BootFlavor.TSAR, "kill-core:0x045:leave the preloader"), Set.of(0x045));
    }

    @ParameterizedTest
    @EnumSource(BootFlavor.class)
    @Tag("slow") // tsar waits out the watchdog in host time: the virtual-time version below is quick
    void aDeadBootClusterCp0FailsTheBootNamingIt(final BootFlavor flavor) throws Exception
    {
        // tsar: nobody boots, every core waits for its IPI until the watchdog; elected: the leader names it
        failsNaming(boot(flavor, "dead-core:0x000"), flavor == BootFlavor.TSAR ? "watchdog" :
            "the boot cluster 0x00's CP0 gid 0x000 never arrived");
    }

    @ParameterizedTest
    @EnumSource(BootFlavor.class)
    void aDeadBootClusterCp0FailsTheBootNamingItInVirtualTime(final BootFlavor flavor) throws Exception
    {
        failsNaming(seeded(flavor, "dead-core:0x000"), flavor == BootFlavor.TSAR ? "watchdog" :
            "the boot cluster 0x00's CP0 gid 0x000 never arrived");
    }
}
