package org.smpboot.runtime.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.smpboot.runtime.boot.StragglerPolicy;
import org.smpboot.runtime.testing.ChildJvm;

/**
 * {@value WaitPolicy#TIMEOUT_PROPERTY} and {@value StragglerPolicy#QUIET_PROPERTY} are read when their classes load,
 * each probe in a JVM of its own (this JVM's defaults are fixed once loaded): unset, the defaults are 10 s and 1,000 ms;
 * set, they are what the properties say; a bad value stops the class from loading with one line naming the property,
 * never a silent default.
 */
class DefaultDurationPropertiesTest
{
    @Test
    void unsetTheDefaultsAreTenSecondsAndOneSecond() throws Exception
    {
        assertEquals(TimeUnit.SECONDS.toNanos(10) + " 1000", probe());
    }

    @Test
    void setTheyAreWhatThePropertiesSay() throws Exception
    {
        assertEquals(TimeUnit.MILLISECONDS.toNanos(250) + " 40",
            probe("-Dsmpboot.wait.timeoutMs=250", "-Dsmpboot.boot.quietMs=40"));
    }

    @Test
    void aBadValueStopsTheClassFromLoadingNamingTheProperty() throws Exception
    {
        assertEquals("ExceptionInInitializerError: java.lang.IllegalArgumentException: system property " +
            "smpboot.wait.timeoutMs='ten': expected a positive whole number of milliseconds (e.g. 500)",
            probe("-Dsmpboot.wait.timeoutMs=ten"));
        assertEquals("ExceptionInInitializerError: java.lang.IllegalArgumentException: system property " +
            "smpboot.boot.quietMs='0': expected a positive whole number of milliseconds (e.g. 500)",
            probe("-Dsmpboot.boot.quietMs=0"));
    }

    private static String probe(final String... properties) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(ChildJvm.java());
        command.add("-XX:+IgnoreUnrecognizedVMOptions");
        command.add("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED");
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(List.of(properties));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(DefaultsProbe.class.getName());
        final ChildJvm.Run r = ChildJvm.run(command);
        assertEquals(0, r.exit(), r.output());
        return r.output().strip();
    }
}
