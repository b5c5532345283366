package org.smpboot.sim;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * The boot software's rules of {@link LayerTest} fail when the dependency returns: each is evaluated on a boot step
 * written the forbidden way (test code in {@code org.smpboot.sim.boot}) and must name the offending call.
 */
class LayerRulesCatchTest
{
    private static final JavaClasses PEEKING = peeking();

    private static JavaClasses peeking()
    {
        try
        {
            return new ClassFileImporter().importClasses(Class.forName("org.smpboot.sim.boot.HostPeekingStep"));
        }
        catch (final ClassNotFoundException e)
        {
            throw new AssertionError("the negative control HostPeekingStep is missing", e);
        }
    }

    @Test
    void theFixtureIsImported()
    {
        assertFalse(PEEKING.isEmpty(), "HostPeekingStep not found on the test class path");
    }

    @Test
    void aBootStepReadingPlatformBreaksTheLayersAndTheHostDescriptionRule()
    {
        final EvaluationResult layers = LayerTest.LAYERS.evaluate(PEEKING);
        assertTrue(layers.hasViolation(), "LAYERS let boot use platform");
        assertTrue(layers.getFailureReport().getDetails().stream().anyMatch(d -> d.contains("Platform.cores()")),
            layers.getFailureReport().toString());
        final EvaluationResult host = LayerTest.THE_SOFTWARE_READS_NO_HOST_DESCRIPTION.evaluate(PEEKING);
        assertTrue(host.getFailureReport().getDetails().stream().anyMatch(d -> d.contains("Platform.cores()")),
            host.getFailureReport().toString());
        assertTrue(host.getFailureReport().getDetails().stream().anyMatch(d -> d.contains("MachineConfig")),
            host.getFailureReport().toString());
    }

    @Test
    void aBootStepAskingTheMachineForItsCoresIsNamed()
    {
        final EvaluationResult r = LayerTest.THE_BOOT_SOFTWARE_ASKS_THE_MACHINE_NOTHING_ABOUT_ITSELF.evaluate(PEEKING);
        assertTrue(r.getFailureReport().getDetails().stream().anyMatch(d -> d.contains("Machine.processors()")),
            r.getFailureReport().toString());
    }
}
