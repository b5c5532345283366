package org.smpboot.sim.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.smpboot.sim.boot.BootOptions;
import org.smpboot.sim.run.BootResult;
import org.smpboot.sim.run.PlatformBoot;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.platform.Core;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;

class TraceTest
{
    @Test
    void theTraceIsChromeTraceJsonWithEveryCoresEventsInOrder() throws Exception
    {
        final BootResult r = new PlatformBoot(PlatformBuilder.build(PlatformSpec.defaults()),
            BootOptions.of(BootLayout.ALMOS_MKH), MachineConfig.defaults().withConsole(null)).trace().run("5a");
        assertTrue(r.complete(), r.faults().toString());
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.trace().write(out);
        final JsonNode root = new ObjectMapper().readTree(out.toByteArray());
        final JsonNode events = root.get("traceEvents");
        assertTrue(events.isArray() && events.size() > 100, "events: " + events.size());
        final Map<Integer, Long> lastTs = new HashMap<>();
        final Map<Integer, Integer> depth = new HashMap<>();
        final Map<Integer, Set<String>> kinds = new HashMap<>();
        for (final JsonNode e : events)
        {
            final String ph = e.get("ph").asText();
            if (ph.equals("M"))
            {
                continue;
            }
            final int tid = e.get("tid").asInt();
            final long ts = e.get("ts").asLong();
            assertTrue(ts >= lastTs.getOrDefault(tid, 0L), "core " + tid + " goes back in time at " + e);
            lastTs.put(tid, ts);
            depth.merge(tid, ph.equals("B") ? 1 : ph.equals("E") ? -1 : 0, Integer::sum);
            assertTrue(depth.get(tid) >= 0, "an end without a begin on core " + tid);
            assertTrue(e.get("args").has("cycle"));
            kinds.computeIfAbsent(tid, t -> new HashSet<>()).add(e.get("cat").asText() + ":" +
                e.get("name").asText().split(" ")[0]);
        }
        for (final Core c : r.platform().cores())
        {
            assertEquals(0, depth.get(c.gid()), "every step of core " + c + " ends");
            final Set<String> k = kinds.get(c.gid());
            assertTrue(k.contains("reset:reset"), c + " " + k);
            assertTrue(k.contains("barrier:barrier_arrive") && k.contains("barrier:barrier_release"), c + " " + k);
            if (c.gid() != 0)
            {
                assertTrue(k.contains("ipi:ipi_received"), "woken by an IPI: " + c + " " + k);
            }
        }
        assertTrue(kinds.get(0).contains("ipi:ipi_sent"), "core[0,0] wakes the CP0s");
        assertTrue(root.toString().contains("\"name\":\"phase 2: IOC and FAT32\""));
        assertTrue(root.toString().contains("\"process_name\""));
    }

    @Test
    void theWatchdogReportsEveryCoreWhenNoneMakesProgress() throws Exception
    {
        final BootResult r = new PlatformBoot(PlatformBuilder.build(PlatformSpec.defaults()),
            new BootOptions(BootLayout.ALMOS_MKH, Duration.ofSeconds(60), false),
            MachineConfig.defaults().withConsole(null)).watchdog(Duration.ofMillis(300)).kernel(core ->
            {
                // a kernel that hangs without a sign of life; it parks as it polls, as a virtual core thread must: a
                // spin, even one that yields, can keep the JDK's carriers from the cores still on their way
                while (!Thread.currentThread().isInterrupted())
                {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
                return Processor.HALT;
            }).run("5a");
        assertFalse(r.complete());
        final String f = r.faults().get(0);
        assertTrue(f.startsWith("watchdog: no core made progress for 300 ms; every core:\n"), f);
        assertEquals(1 + 16, f.lines().count(), f);
        assertTrue(f.contains("core[0x11,3] gid 0x047 RUNNING in kernel_init phase 'kernel: kernel_init'"), f);
    }
}
