package org.smpboot.sim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.smpboot.runtime.boot.BootBlock;
import org.smpboot.sim.boot.ElectedFlavor;
import org.smpboot.sim.hw.Hat;
import org.smpboot.sim.hw.Initiator;
import org.smpboot.sim.hw.Machine;
import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.hw.WriteWatcher;
import org.smpboot.sim.hyper.HatMistake;
import org.smpboot.sim.hyper.Instance;

/**
 * Guests of every kind, as a user types them at the shell: {@code run --flavor elected|tsar --layout
 * almos-mk|almos-mkh}. An elected guest elects among its own cores on its own cluster 0's memory; an almos-mk guest
 * moves its kernel over its own preloader once its own cores have left it; guests of different kinds run side by side,
 * each writing only its own clusters.
 */
class HyperGuestKindsTest
{
    /** The kernel's banner, as kernel_init prints it last on TXT0. */
    private static final String BANNER = "Advanced Locality Management Operating System";
    private static final Pattern ELECTED = Pattern.compile("\\[BOOT\\] elected core gid 0x([0-9a-f]{3}) counted (\\d+) " +
        "cores, as arch_info lists");

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "--flavor {0} --layout {1}")
    @CsvSource({"elected, almos-mk", "elected, almos-mkh", "tsar, almos-mk", "tsar, almos-mkh"})
    void everyFlavorAndLayoutBootsAGuestToItsKernelsBanner(final String flavor, final String layout) throws Exception
    {
        try (HyperSession s = HyperSession.start(tmp))
        {
            s.type("run -nc 2 -i 1 --flavor " + flavor + " --layout " + layout);
            s.type("wait 1");
            assertEquals(Map.of(1, "complete"), s.hv().states(), s.tty0());
            final Instance one = s.hv().instance(1);
            assertEquals(flavor, one.flavor().cliName());
            assertEquals(layout, one.layout().cliName());
            assertTrue(s.tty0().contains("boot.elf (layout " + layout + ") copied to"), s.tty0());
            assertTrue(s.tty0().contains("boot_handoff (" + flavor + " flavor)"), s.tty0());
            final String txt0 = s.hv().guestTty(1, 0);
            assertTrue(txt0.contains("[BOOT] boot-loader (layout " + layout + ") starts on "), txt0);
            assertTrue(txt0.contains("left there by the hypervisor"), "it starts with the hypervisor's arch-info\n" +
                txt0);
            assertFalse(txt0.contains("[RESET]"), "no preloader line: the guest starts in its boot-loader\n" + txt0);
            assertTrue(txt0.contains(BANNER) && txt0.contains("2 cluster(s) / 8 core(s)"), txt0);
            assertTrue(txt0.contains("[KINIT] boot complete at cycle "), txt0);
            final Matcher elected = ELECTED.matcher(txt0);
            if (flavor.equals("elected"))
            {
                assertTrue(elected.find(), txt0);
                assertTrue(Integer.parseInt(elected.group(1), 16) < 8, "the leader is one of its 8 cores\n" + txt0);
                assertEquals("8", elected.group(2), txt0);
            }
            else
            {
                assertFalse(elected.find(), txt0);
                assertTrue(txt0.contains("[BOOT] boot-loader (layout " + layout + ") starts on core[0x00,0]"), txt0);
                assertTrue(txt0.contains(": 1 CP0s activated"), txt0);
            }
            assertEquals(layout.equals("almos-mk"), txt0.contains("[BOOT] kernel moved over the preloader to " +
                "0x00000000"), txt0);
        }
    }

    @Test
    void guestsOfEveryKindRunSideBySideEachWritingOnlyItsOwnClusters() throws Exception
    {
        final Writes writes = new Writes();
        try (HyperSession s = new HyperSession(HyperSession.mesh(), Duration.ofSeconds(HyperSession.BOUND_S), tmp,
            Map.of(), HatMistake.NONE, writes))
        {
            // the machine's 5 free clusters: 2 elected guests (one of them almos-mk) and 2 tsar ones, all at once
            s.type("run -nc 2 -i 1 --flavor elected");
            s.type("run -nc 1 -i 2 --flavor elected --layout almos-mk");
            s.type("run -nc 1 -i 3 --layout almos-mk");
            s.type("run -nc 1 -i 4");
            s.type("wait");
            assertEquals(Map.of(1, "complete", 2, "complete", 3, "complete", 4, "complete"), s.hv().states(),
                s.tty0());
            s.type("list");
            for (final String row : new String[] {"1 +0x01,0x10 +8 +1 +1 +1 +elected/almos-mkh +complete .*",
                "2 +0x11 +4 +2 +2 +2 +elected/almos-mk +complete .*", "3 +0x20 +4 +3 +3 +3 +tsar/almos-mk +complete .*",
                "4 +0x21 +4 +4 +4 +4 +tsar/almos-mkh +complete .*"})
            {
                assertTrue(s.tty0().lines().anyMatch(l -> l.matches(row)), row + "\n" + s.tty0());
            }
            final Machine machine = s.run.machine();
            final int hyper = machine.platform().bootCxy();
            for (final int i : new int[] {1, 2, 3, 4})
            {
                final Instance inst = s.hv().instance(i);
                assertTrue(s.hv().guestTty(i, 0).contains(BANNER), s.hv().guestTty(i, 0));
                assertFalse(inst.clusters().contains(hyper));
                // the watcher is live: the guest wrote every one of its clusters, and nothing else
                assertEquals(new TreeSet<>(inst.clusters()), writes.clusters(i), "instance " + i + " wrote " +
                    writes.clusters(i) + ", its clusters are " + inst.clusters());
            }
            assertEquals(Set.of(1, 2, 3, 4), writes.writers(), "only the four instances' cores and devices wrote");
            for (final int i : new int[] {1, 2})
            {
                final Instance inst = s.hv().instance(i);
                final int m0 = inst.clusters().get(0);
                // its election in its own cluster 0's memory: the boot block names one of its own cores as the leader
                // and counts its own cores
                final BootBlock block = new BootBlock().wrap(new UnsafeBuffer(machine.bus().peek(PhysicalAddress.of(m0,
                    ElectedFlavor.ZONE_BASE), BootBlock.LENGTH)), 0);
                final long leader = block.bsCpuid();
                assertTrue(leader >= 0 && leader < inst.cores(), "instance " + i + "'s leader is guest gid " +
                    leader + ", not one of its " + inst.cores() + " cores");
                assertEquals(inst.cores(), block.cpuCount() & 0xFFFF_FFFFL, "instance " + i + "'s cpu_count");
                final Matcher m = ELECTED.matcher(s.hv().guestTty(i, 0));
                assertTrue(m.find(), s.hv().guestTty(i, 0));
                assertEquals(leader, Integer.parseInt(m.group(1), 16), "its TXT0 names the leader its boot block holds");
                // who answered, in its boot-loader's cpu_arrived bitmap: its own cores, in its own numbering
                assertEquals(IntStream.range(0, inst.cores()).boxed().collect(Collectors.toSet()), arrived(machine,
                    inst), "instance " + i + "'s cpu_arrived");
                // what the almos-mk kernel's move waited for: each of its own cores counted out of the reset code
                assertEquals(inst.cores(), machine.bus().peek(PhysicalAddress.of(m0, inst.images().boot().address(
                    "preloader_exits")), 4).getInt(0), "instance " + i + "'s preloader_exits");
            }
            assertTrue(s.hv().guestTty(2, 0).contains("[BOOT] kernel moved over the preloader"), s.hv().guestTty(2, 0));
            assertTrue(s.hv().guestTty(3, 0).contains("[BOOT] kernel moved over the preloader"), s.hv().guestTty(3, 0));
        }
    }

    // the gids marked in cpu_arrived, in the instance's cluster 0 (bit gid & 31 of word gid >>> 5, little-endian)
    private static Set<Integer> arrived(final Machine machine, final Instance inst)
    {
        final int at = inst.images().boot().address("cpu_arrived");
        final int bytes = inst.images().boot().symbols().stream().filter(x -> x.name().equals("cpu_arrived"))
            .findFirst().orElseThrow().size();
        final UnsafeBuffer b = new UnsafeBuffer(machine.bus().peek(PhysicalAddress.of(inst.clusters().get(0), at),
            bytes));
        return IntStream.range(0, bytes * 8).filter(g -> (b.getByte(g >>> 3) & 1 << (g & 7)) != 0).boxed()
            .collect(Collectors.toSet());
    }

    @Test
    void anElectedGuestsExpectedCountIsItsOwnArchInfosCores() throws Exception
    {
        try (HyperSession s = HyperSession.start(tmp))
        {
            // the machine has 24 cores, the guest 4: waiting for the machine's would take the whole minute
            s.type("run -nc 1 -i 1 --flavor elected --straggler expected:60000");
            s.type("wait 1 --timeout 30");
            assertEquals(Map.of(1, "complete"), s.hv().states(), s.tty0());
            final Matcher m = Pattern.compile("\\[HYPER\\] instance 1: kernel_init complete (\\d+)\\.\\d ms after")
                .matcher(s.tty0());
            assertTrue(m.find(), s.tty0());
            assertTrue(Long.parseLong(m.group(1)) < 30_000, s.tty0());
            assertTrue(ELECTED.matcher(s.hv().guestTty(1, 0)).find(), s.hv().guestTty(1, 0));
        }
    }

    @Test
    void aBadFlavorLayoutOrStragglerRuleIsOneLineAndStartsNothing() throws Exception
    {
        try (HyperSession s = HyperSession.start(tmp))
        {
            final String[][] cases = {
                {"run -nc 1 -i 1 --flavor bogus", "run: Invalid value for option '--flavor': 'bogus' is not a flavor " +
                    "(expected elected or tsar) (see: help)"},
                {"run -nc 1 -i 1 --layout mk", "run: Invalid value for option '--layout': 'mk' is not a layout " +
                    "(expected almos-mk or almos-mkh) (see: help)"},
                {"run -nc 1 -i 1 --flavor", "run: Missing required parameter for option '--flavor' (elected|tsar) " +
                    "(see: help)"},
                {"run -nc 1 -i 1 --flavor elected --straggler soon", "run: Invalid value for option '--straggler': " +
                    "'soon' is not a straggler rule"},
                {"run -nc 1 -i 1 --straggler none", "run: --straggler applies to --flavor elected (a tsar guest " +
                    "counts no cores: its core 0 wakes the others)"},
                {"run -nc 1 -i 1 --flavor " + "x".repeat(200), "run: Invalid value for option '--flavor': '" +
                    "x".repeat(40) + "... (200 characters)' is not a flavor (expected elected or tsar) (see: help)"}};
            for (final String[] c : cases)
            {
                final int from = s.tty0().length();
                s.type(c[0]);
                final String said = s.tty0().substring(from);
                assertEquals(1, said.lines().filter(l -> l.startsWith("[HYPER] error: ")).count(), said);
                assertTrue(said.contains("[HYPER] error: " + c[1]), said);
                assertTrue(said.lines().filter(l -> l.startsWith("[HYPER] error: ")).allMatch(l -> l.length() <= 240),
                    "the bad value is cut:\n" + said);
                assertFalse(said.contains("allocated"), said);
            }
            s.type("list");
            assertTrue(s.tty0().endsWith("instance clusters             cores ioc tty fbf flavor/layout     state      " +
                "detail\n" +
                "free clusters: 0x01,0x10,0x11,0x20,0x21\n" + "hyper> "), s.tty0());
            // nothing lost: the same instance starts once typed right
            s.type("run -nc 1 -i 1 --flavor ELECTED --layout almos-mk");
            s.type("wait 1");
            assertEquals(Map.of(1, "complete"), s.hv().states(), s.tty0());
        }
    }

    /** Every store into RAM by a guest (a core or device behind a HAT): which machine clusters each instance wrote. */
    private static final class Writes implements WriteWatcher
    {
        private final Map<Integer, Set<Integer>> byInstance = new ConcurrentHashMap<>();

        @Override
        public void beforeWrite(final Initiator who, final long paddr, final int len)
        {
            if (who.space() instanceof Hat hat && hat.owner() >= 0)
            {
                byInstance.computeIfAbsent(hat.owner(), k -> ConcurrentHashMap.newKeySet()).add(PhysicalAddress
                    .cxy(paddr));
            }
        }

        Set<Integer> writers()
        {
            return new TreeSet<>(byInstance.keySet());
        }

        Set<Integer> clusters(final int instance)
        {
            return new TreeSet<>(byInstance.getOrDefault(instance, Set.of()));
        }
    }
}
