package org.smpboot.sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.smpboot.sim.cli.CliRun.smpboot;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code smpboot boot}: the default boot, --out's files, the misordered variant and the one-line input errors. */
class BootCommandTest
{
    @TempDir
    Path dir;

    private static List<String> txt0Lines(final String text)
    {
        return text.lines().filter(l -> l.startsWith("[RESET]") || l.startsWith("[BOOT]")).toList();
    }

    @Test
    void noArgumentBootsTheDefaultPlatformEchoingTxt0ThenSummarises()
    {
        final CliRun r = smpboot("boot");
        assertEquals(0, r.status(), r.err() + r.out());
        assertTrue(r.out().contains("[RESET]"), r.out());
        assertTrue(r.out().contains("[BOOT] phase 4 done"), r.out());
        assertTrue(r.out().indexOf("[BOOT] phase 4 done") < r.out().indexOf("boot complete"), r.out());
        assertTrue(r.out().contains("boot complete: 16/16 cores entered kernel_init; "), r.out());
        assertTrue(r.out().contains("[KINIT] boot complete at cycle "), r.out());
        assertTrue(r.out().contains(", flavor elected, "), "elected is the default flavor:\n" + r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("election: 16 candidates, bootstrap CPU gid 0x0[0-4][0-9a-f] " +
            "\\(cluster 0x[01]{2}\\) replaced 0x5a5a5a5a5a5a5a5a after \\d+ us; cpu_count 16 sealed by " +
            "quiet:200 \\(arch_info: 16\\), " +
            "0 late; arch_init stacks [1-4]/4 at most, 16 start stacks placed in 4 clusters' start_stack_pools, 16 " +
            "drawn")), r.out());
        assertTrue(r.out().indexOf("[KINIT] D7 done") < r.out().indexOf("[KINIT] boot complete"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+phase 3 \\(partially parallel\\)\\s+[1-9]\\d* " +
            "from\\s+3 other clusters,\\s+\\d+ local")), "the CP0s of the 3 other clusters read cluster 0 in " +
            "phase 3:\n" + r.out());
        assertEquals("", r.err(), "16 cores: no progress lines");
    }

    @Test
    void outKeepsTheTtyLogsMemoryMapsPicturesAndReport() throws Exception
    {
        final Path out = dir.resolve("new/run");
        final CliRun r = smpboot("boot", "--clusters", "2x2", "--cores", "4", "--fill", "random:3", "--timeout", "30",
            "--out", out.toString());
        assertEquals(0, r.status(), r.err() + r.out());

        final String tty0 = Files.readString(out.resolve("tty0.log"));
        assertFalse(txt0Lines(tty0).isEmpty(), tty0);
        assertEquals(txt0Lines(r.out()), txt0Lines(tty0), "tty0.log holds what TXT0 echoed");
        assertTrue(Files.exists(out.resolve("tty1.log")), "one log per TTY channel");

        final String maps = Files.readString(out.resolve("memory-maps.txt"));
        assertTrue(maps.contains("cluster 0x00 after phase 3") && maps.contains("cluster 0x11 after phase 4"), maps);
        assertTrue(maps.contains("cluster 0x11 after kernel (kernel_init)"), maps);
        assertTrue(maps.lines().anyMatch(l -> l.contains(" kernel ") && l.contains("ppm page descriptors") &&
            l.contains("idle thread stacks")), maps);

        final List<String> pictures = new ArrayList<>();
        for (int n = 1; n <= 4; n++)
        {
            pictures.add("memory-phase" + n + ".png");
            pictures.add("accesses-phase" + n + ".png");
        }
        pictures.add("accesses-kernel.png");
        pictures.add("memory-kernel.png");
        for (final String name : pictures)
        {
            final Path png = out.resolve(name);
            final BufferedImage image = ImageIO.read(png.toFile());
            assertNotNull(image, name + " is a PNG");
            assertTrue(image.getWidth() >= 400 && image.getHeight() >= 300, name);
            assertTrue(Files.size(png) > 5_000, name + " is more than a blank picture");
        }

        final JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertTrue(report.get("complete").asBoolean());
        assertEquals(16, report.get("platform").get("cores").asInt());
        assertEquals(2, report.get("platform").get("x_size").asInt());
        assertEquals("almos-mkh", report.get("options").get("layout").asText());
        assertEquals("random:3", report.get("options").get("fill").asText());
        assertEquals(30, report.get("options").get("timeout_s").asInt());
        assertEquals(0, report.get("faults").size());
        assertEquals(16, report.get("entries").size());
        assertTrue(report.get("entries").get(0).get("boot_info").asText().matches("0x[0-9a-f]{8}"));
        assertEquals(5 * 4, report.get("memory_maps").size(), "4 phases and kernel_init x 4 clusters");
        final JsonNode zone = report.get("memory_maps").get(0).get("zones").get(0);
        assertEquals("preloader", zone.get("zone").asText());
        assertEquals("preloader code", zone.get("holds").get(0).asText());
        assertEquals(5, report.get("accesses").size(), "phases 1 to 4 and kernel_init");
        final JsonNode phase3 = report.get("accesses").get(2);
        assertEquals("phase 3", phase3.get("phase").asText());
        assertEquals(4, phase3.get("to_bank").size());
        long remoteReads = 0;
        for (final JsonNode from : phase3.get("to_bank"))
        {
            remoteReads += from.get("from").asInt() == 0 ? 0 : from.get("reads").asLong();
        }
        assertTrue(remoteReads > 0, "the CP0s copy from cluster 0 in phase 3");
        assertEquals(phase3.get("remote").asLong() + phase3.get("local").asLong(),
            phase3.get("per_bank").get(0).get("accesses").asLong(), "cluster 0's bank total");

        // per-step timings: the four phases, then D1 to D7, each ending no earlier than the one before
        final List<String> steps = new ArrayList<>();
        report.get("steps").forEach(st -> steps.add(st.get("step").asText()));
        assertEquals(List.of("phase 1", "phase 2", "phase 3", "phase 4", "D1", "D2", "D3", "D4", "D5", "D6", "D7"),
            steps);
        assertTrue(report.get("kernel").get("banner").asText().contains("4 clusters, 16 cores"));
        assertEquals(16, report.get("kernel").get("ticks").size());
        report.get("kernel").get("ticks").forEach(t -> assertTrue(t.get("ticks").asLong() >= 1, t.toString()));

        // the trace opens in Perfetto: Chrome trace-event JSON
        final JsonNode trace = new ObjectMapper().readTree(out.resolve("trace.json").toFile());
        assertTrue(trace.get("traceEvents").size() > 100);
        assertTrue(r.out().contains("trace.json"), r.out());
    }

    @Test
    void ticksKeepsTheCoresTickingAfterBootComplete() throws Exception
    {
        final Path out = dir.resolve("ticks");
        final CliRun r = smpboot("boot", "--clusters", "1x1", "--cores", "2", "--ticks", "5", "--out", out.toString());
        assertEquals(0, r.status(), r.err() + r.out());
        assertTrue(r.out().contains("[KINIT] boot complete"), r.out());
        final JsonNode ticks = new ObjectMapper().readTree(out.resolve("report.json").toFile()).get("kernel")
            .get("ticks");
        assertEquals(0, ticks.get(0).get("gid").asInt());
        assertTrue(ticks.get(0).get("ticks").asLong() > 5, "core[0][0] ticked on after boot complete: " + ticks);
    }

    @Test
    void aDescriptionFileChoosesThePlatform() throws Exception
    {
        final Path json = dir.resolve("p.json");
        Files.writeString(json, "{\"x_size\": 1, \"y_size\": 1, \"cores\": 1, \"io_cluster\": [0, 0]}");
        final CliRun r = smpboot("boot", "--description", json.toString(), "--layout", "almos-mk", "--fill", "zero",
            "--out", dir.resolve("one").toString());
        assertEquals(0, r.status(), r.err() + r.out());
        assertTrue(r.out().contains("boot complete: 1/1 cores entered kernel_init"), r.out());
        assertTrue(r.out().contains(": 1 clusters, 1 cores, every core ticking"), r.out());
        final JsonNode report = new ObjectMapper().readTree(dir.resolve("one/report.json").toFile());
        assertEquals(1, report.get("entries").size());
        assertEquals("almos-mk", report.get("options").get("layout").asText());
    }

    @Test
    void barrierChoosesTheRuntimesBarrierAndTheReportRecordsTheChoices() throws Exception
    {
        final Path out = dir.resolve("tree");
        final CliRun r = smpboot("boot", "--clusters", "2x2", "--cores", "2", "--flavor", "tsar", "--layout",
            "almos-mk", "--barrier", "tree", "--out", out.toString());
        assertEquals(0, r.status(), r.err() + r.out());
        assertTrue(r.out().lines().findFirst().orElse("").endsWith(", barrier tree"), r.out());
        assertTrue(r.out().contains("boot complete: 8/8 cores entered kernel_init"), r.out());
        final JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals("tsar", report.get("options").get("flavor").asText());
        assertEquals("almos-mk", report.get("options").get("layout").asText());
        assertEquals("tree", report.get("options").get("barrier").asText());
        // the boot-loader's global barrier met the 4 CP0s, episode by episode, in virtual time
        final List<JsonNode> global = new ArrayList<>();
        report.get("timing").get("barrier_episodes").forEach(e ->
        {
            if (e.get("barrier").asText().equals("global_barrier"))
            {
                global.add(e);
            }
        });
        assertFalse(global.isEmpty(), report.get("timing").get("barrier_episodes").toString());
        for (final JsonNode e : global)
        {
            assertEquals(4, e.get("parties").asInt(), e.toString());
            assertEquals(4, e.get("arrivals").asInt(), e.toString());
            assertTrue(e.get("last_release").asLong() >= e.get("last_arrival").asLong(), e.toString());
        }
    }

    @Test
    void theMisorderedKernelMoveFailsWithOneLineNamingThePreloader()
    {
        // the cores the fault leaves waiting spin until their own bound, after the command returns: keep it short
        final CliRun r = smpboot("boot", "--flavor", "tsar", "--layout", "almos-mk", "--misorder", "--timeout", "3");
        assertEquals(1, r.status(), r.err() + r.out());
        final String first = r.err().lines().findFirst().orElse("");
        assertTrue(first.startsWith("smpboot boot: "), r.err());
        assertTrue(first.contains("preloader"), r.err());
        assertTrue(r.out().contains("boot FAILED"), r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--fill=nope", "--layout=almos", "--clusters=2by2", "--clusters=17x1", "--timeout=0",
        "--misorder", "--fill=keep", "--ticks=-1", "--watchdog=-2", "--flavor=both", "--barrier=ring"})
    void badInputIsOneLineAndStatusTwo(final String flag)
    {
        final CliRun r = smpboot("boot", flag);
        assertEquals(2, r.status(), r.err() + r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("smpboot boot: "), r.err());
        assertFalse(r.out().contains("[RESET]"), "no boot on bad input");
    }

    @Test
    void outOnAnExistingFileIsRefused() throws Exception
    {
        final Path file = Files.writeString(dir.resolve("taken"), "keep me");
        final CliRun r = smpboot("boot", "--out", file.toString());
        assertEquals(2, r.status(), r.err() + r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("smpboot boot: --out " + file), r.err());
        assertEquals("keep me", Files.readString(file));
    }

    @Test
    void helpNamesTheOptions()
    {
        final CliRun r = smpboot("boot", "--help");
        assertEquals(0, r.status(), r.err());
        for (final String option : List.of("--clusters", "--cores", "--layout", "--fill", "--out", "--timeout",
            "--description", "--barrier", "Exit status"))
        {
            assertTrue(r.out().contains(option), option + " in\n" + r.out());
        }
        assertFalse(r.out().contains("--misorder"), "hidden");
    }

    @Test
    void noSubCommandIsOneLineNamingTheCommandsAndTheHelp()
    {
        final CliRun r = smpboot();
        assertEquals(2, r.status());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("smpboot: missing sub-command: one of "), r.err());
        for (final String command : List.of("race", "boot", "soak", "explore", "hypervisor"))
        {
            assertTrue(r.err().contains(" " + command + ","), command + " in " + r.err());
        }
        assertTrue(r.err().strip().endsWith(" (see: smpboot --help)"), r.err());
        assertFalse(r.err().contains("try:"), "the help is named once: " + r.err());
    }
}
