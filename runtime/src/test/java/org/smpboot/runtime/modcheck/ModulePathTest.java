package org.smpboot.runtime.modcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.region.SharedRegion;
import org.smpboot.runtime.testing.ChildJvm;

/**
 * The runtime as a named module (module-info): an application with the runtime and Agrona on the module path uses the
 * exported API, cannot reach {@code org.smpboot.runtime.internal}, and, started without the export (which there must
 * name Agrona's automatic module), is told the flag it needs.
 */
class ModulePathTest
{
    private static final String MODULE_FLAG = "--add-exports=java.base/jdk.internal.misc=org.agrona";

    @Test
    void onTheModulePathTheApiWorksAndTheInternalsAreClosed() throws Exception
    {
        final List<String> out = probe(MODULE_FLAG);
        assertEquals("module: org.smpboot.runtime", out.get(0).substring(0, "module: org.smpboot.runtime".length()));
        for (final String pkg : new String[] {"barrier", "boot", "region", "stack", "wait"})
        {
            assertTrue(out.get(0).contains("org.smpboot.runtime." + pkg + "]") ||
                out.get(0).contains("org.smpboot.runtime." + pkg + ","), out.get(0));
        }
        assertTrue(!out.get(0).contains("internal"), out.get(0));
        assertEquals("api: barrier of 1 party passed episode 0", out.get(1));
        assertEquals("internal: IllegalAccessException", out.get(2));
    }

    @Test
    void withoutTheExportTheMessageNamesTheModuleFlag() throws Exception
    {
        final List<String> out = probe(null);
        assertEquals("api: IllegalStateException: smpboot needs the JVM flag " + MODULE_FLAG + " (Agrona 2.x uses " +
            "jdk.internal.misc.Unsafe): add it to the java command line", out.get(1));
    }

    private static List<String> probe(final String flag) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(ChildJvm.java());
        if (flag != null)
        {
            command.add(flag);
        }
        command.add("--module-path");
        command.add(location(SharedRegion.class) + File.pathSeparator + location(UnsafeBuffer.class));
        command.add("--add-modules");
        command.add("org.smpboot.runtime");
        command.add("-cp");
        command.add(location(ModuleProbe.class));
        command.add(ModuleProbe.class.getName());
        final ChildJvm.Run r = ChildJvm.run(command);
        assertEquals(0, r.exit(), r.output());
        final List<String> lines = r.output().lines().toList();
        assertEquals(3, lines.size(), r.output());
        return lines;
    }

    private static String location(final Class<?> c) throws Exception
    {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
