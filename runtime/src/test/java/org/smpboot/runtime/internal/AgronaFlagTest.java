package org.smpboot.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.smpboot.runtime.testing.ChildJvm;

/** Every entry point of the runtime, in a JVM started without the Agrona export, fails with our one line. */
class AgronaFlagTest
{
    static final String MESSAGE = "IllegalStateException: smpboot needs the JVM flag " + AgronaFlag.FLAG +
        " (Agrona 2.x uses jdk.internal.misc.Unsafe): add it to the java command line";

    @Test
    void everyEntryPointNamesTheFlagInOneLine() throws Exception
    {
        final List<String> lines = runWithoutTheFlag(EntryPointsProbe.class.getName());
        assertEquals(15, lines.size(), String.join("\n", lines));
        for (final String line : lines)
        {
            assertTrue(line.endsWith(" -> " + MESSAGE), line);
        }
    }

    @Test
    void inThisJvmTheCheckPasses()
    {
        AgronaFlag.ensure();
        assertEquals(AgronaFlag.FLAG, AgronaFlag.flag(), "Agrona is on the class path here");
    }

    static List<String> runWithoutTheFlag(final String mainClass) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(ChildJvm.java());
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (!arg.contains("jdk.internal.misc") && !arg.startsWith("-agentlib") && !arg.startsWith("-javaagent"))
            {
                command.add(arg);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        final ChildJvm.Run r = ChildJvm.run(command);
        assertEquals(0, r.exit(), r.output());
        return r.output().lines().filter(l -> l.contains(" -> ")).toList();
    }
}
