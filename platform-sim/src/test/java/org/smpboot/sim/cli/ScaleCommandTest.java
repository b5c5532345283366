package org.smpboot.sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.smpboot.sim.cli.CliRun.smpboot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code smpboot scale}: a range of meshes booted in virtual time, tabled (CSV, JSON) and plotted, replayably. */
class ScaleCommandTest
{
    @TempDir
    Path dir;

    @Test
    void oneAndTwoByTwoMeshesAreBootedTabledAndPlottedTheSameWayTwice() throws Exception
    {
        final Path a = dir.resolve("a");
        final CliRun r = smpboot("scale", "--to", "2", "--flavor", "tsar", "--out", a.toString());
        assertEquals(0, r.status(), r.err() + r.out());
        assertTrue(r.out().contains("scale: 1x1, 2x2 clusters of 4 cores, flavor tsar"), r.out());
        for (final String f : List.of("scale.csv", "scale.json", "scale-phases.png", "scale-steps.png",
            "scale-queue.png", "scale-barriers.png"))
        {
            assertTrue(Files.size(a.resolve(f)) > 0, f);
        }
        final List<String> csv = Files.readAllLines(a.resolve("scale.csv"));
        assertEquals(3, csv.size(), "a header and two boots: " + csv);
        assertTrue(csv.get(0).startsWith("platform,side,clusters,cores,flavor,barrier,seed,complete,phase_1_cycles,"),
            csv.get(0));
        final JsonNode json = new ObjectMapper().readTree(a.resolve("scale.json").toFile());
        assertEquals(2, json.size());
        final JsonNode one = json.get(0);
        final JsonNode four = json.get(1);
        assertEquals(4, one.get("cores").asInt());
        assertEquals(16, four.get("cores").asInt());
        assertTrue(four.get("complete").asBoolean() && one.get("complete").asBoolean(), json.toString());
        // the phases add up to the end of kernel_init, which the simulated kernel printed on TXT0
        long sum = 0;
        for (final JsonNode c : four.get("phase_cycles"))
        {
            sum += c.asLong();
        }
        assertEquals(four.get("total_cycles").asLong(), sum, four.toString());
        assertEquals(5, four.get("phase_cycles").size(), "every phase, kernel_init included: " + four);
        // phase 3 (every CP0 reads arch_info and copies from cluster 0) grows with the CP0s; bank 0 queues more
        assertTrue(four.get("phase_cycles").get("phase 3").asLong() > one.get("phase_cycles").get("phase 3").asLong(),
            json.toString());
        assertTrue(four.get("hottest_queue").get("mean_wait").asDouble() >
            one.get("hottest_queue").get("mean_wait").asDouble(), json.toString());
        assertEquals("bank 0x00", four.get("hottest_queue").get("target").asText());
        assertTrue(four.get("barrier_mean_spans").has("global_barrier"), four.toString());
        // per class of step, a core's mean cycles: every CP0's arch_info search at cluster 0 takes longer at 4 clusters
        final JsonNode steps1 = one.get("step_mean_cycles");
        final JsonNode steps4 = four.get("step_mean_cycles");
        assertTrue(steps4.get("arch_info search").asDouble() > steps1.get("arch_info search").asDouble(),
            json.toString());
        assertTrue(steps4.has("copies") && steps4.has("barrier waits"), steps4.toString());
        // virtual time: the same seed gives the same table
        final Path b = dir.resolve("b");
        assertEquals(0, smpboot("scale", "--to", "2", "--flavor", "tsar", "--out", b.toString()).status());
        assertEquals(Files.readString(a.resolve("scale.csv")), Files.readString(b.resolve("scale.csv")));
    }

    @Test
    void badRangesAreOneLine()
    {
        final CliRun r = smpboot("scale", "--from", "4", "--to", "2", "--out", dir.toString());
        assertEquals(2, r.status(), r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("from 4 to 2"), r.err());
    }
}
