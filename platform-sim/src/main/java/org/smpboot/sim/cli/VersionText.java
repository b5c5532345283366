package org.smpboot.sim.cli;

import org.smpboot.sim.hw.CoreThreads;

import picocli.CommandLine.IVersionProvider;

/**
 * What {@code smpboot --version} prints: the version, then the JVM that runs it and what its simulated cores run on,
 * since both decide how fast a boot is (virtual core threads on a JDK of version 24 or later; the launcher picks
 * such a JDK when one is installed and {@code JAVA_HOME} is unset).
 */
public final class VersionText implements IVersionProvider
{
    /** The version of this build. */
    public static final String VERSION = "smpboot 0.1.0-SNAPSHOT";

    @Override
    public String[] getVersion()
    {
        return new String[] {VERSION, "Java " + Runtime.version() + " (" + System.getProperty("java.vm.vendor") +
            ", " + System.getProperty("java.home") + "); simulated cores on " + (CoreThreads.virtualAvailable() ?
            "virtual threads" : "platform threads (virtual ones need JDK 24 or later)")};
    }
}
