package org.smpboot.sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** {@code smpboot --version} names the build, the JVM that runs it and what the simulated cores run on. */
class VersionTextTest
{
    @Test
    void theVersionNamesTheJvmAndTheCoreThreads()
    {
        final CliRun r = CliRun.smpboot("--version");
        assertEquals(0, r.status(), r.err());
        final List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        assertEquals(VersionText.VERSION, lines.get(0));
        assertTrue(lines.get(1).startsWith("Java " + Runtime.version() + " ("), lines.get(1));
        // virtual core threads from JDK 24 on (JEP 491), platform threads before
        assertTrue(lines.get(1).endsWith(Runtime.version().feature() >= 24 ? "simulated cores on virtual threads" :
            "simulated cores on platform threads (virtual ones need JDK 24 or later)"), lines.get(1));
    }
}
