package org.smpboot.sim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.region.Fill;
import org.smpboot.sim.boot.BootFlavor;
import org.smpboot.sim.boot.BootOptions;
import org.smpboot.sim.fault.FaultPlan;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;
import org.smpboot.sim.run.BootResult;
import org.smpboot.sim.run.PlatformBoot;

/**
 * report.json against report.schema.json: real reports of boots that complete, leave cores out or fail, in both
 * flavors, validate, and a report the schema does not describe (a field too many, a wrong kind) does not.
 */
class ReportSchemaTest
{
    private static JsonSchema schema;

    @BeforeAll
    static void schema() throws Exception
    {
        try (InputStream in = BootReportWriter.class.getResourceAsStream(BootReportWriter.SCHEMA))
        {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    private static BootResult boot(final BootFlavor flavor, final List<String> faults) throws Exception
    {
        final Platform p = PlatformBuilder.build(new PlatformSpec(1, 2, 2, 3, PlatformSpec.defaults().ioc(), 128, 1, 0,
            0, 4, 4, 2, List.of()));
        return new PlatformBoot(p, new BootOptions(BootLayout.ALMOS_MKH, Duration.ofSeconds(20), false, flavor),
            MachineConfig.defaults().withFill(Fill.X5A).withConsole(null)).trace().wakeDeadline(Duration.ofMillis(1000))
            .watchdog(Duration.ofSeconds(8)).faults(FaultPlan.parse(faults)).run("5a");
    }

    private static void valid(final BootResult r)
    {
        final ObjectNode report = BootReportWriter.report(r);
        final Set<ValidationMessage> problems = schema.validate(report);
        assertTrue(problems.isEmpty(), problems::toString);
        assertEquals(BootReportWriter.SCHEMA_VERSION, report.get("schema_version").asInt());
    }

    @Test
    void aCompleteElectedBootsReportValidates() throws Exception
    {
        final BootResult r = boot(BootFlavor.ELECTED, List.of());
        assertTrue(r.complete(), r.faults().toString());
        valid(r);
        final JsonNode report = BootReportWriter.report(r);
        assertEquals("election", report.get("memory_maps").get(0).get("title").asText(), "one name per phase");
        assertEquals("election", report.get("accesses").get(0).get("title").asText());
    }

    @Test
    void aTsarBootThatLeftACoreOutAndOneThatFailedValidate() throws Exception
    {
        final BootResult out = boot(BootFlavor.TSAR, List.of("dead-core:0x001"));
        assertTrue(out.complete(), out.faults().toString());
        assertEquals(Set.of(1), out.excluded());
        valid(out);
        assertEquals("preloader", BootReportWriter.report(out).get("memory_maps").get(0).get("title").asText());
        final BootResult failed = boot(BootFlavor.ELECTED, List.of("corrupt-archinfo:0"));
        assertFalse(failed.complete());
        valid(failed);
    }

    @Test
    void aReportTheSchemaDoesNotDescribeIsRefused() throws Exception
    {
        final ObjectNode report = BootReportWriter.report(boot(BootFlavor.TSAR, List.of()));
        assertTrue(schema.validate(report).isEmpty());
        final ObjectNode extra = report.deepCopy();
        extra.put("surprise", 1);
        assertFalse(schema.validate(extra).isEmpty(), "a field the schema does not describe");
        final ObjectNode wrong = report.deepCopy();
        ((ObjectNode)wrong.get("entries").get(0)).put("sp", 4096);
        assertFalse(schema.validate(wrong).isEmpty(), "an address must be a hex string");
        final ObjectNode phase = report.deepCopy();
        ((ObjectNode)phase.get("memory_maps").get(0)).put("title", "reset");
        assertFalse(schema.validate(phase).isEmpty(), "a phase has one of its names");
    }
}
