package org.smpboot.runtime.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A probe JVM for the runtime's tests: runs a command with its output (stderr too) going to a file, so that neither a
 * hung child nor a full pipe can block the test, and bounds it by {@value #TIMEOUT_S} s.
 */
public final class ChildJvm
{
    /** The bound of a probe's run. */
    public static final long TIMEOUT_S = 60;

    private ChildJvm()
    {
    }

    /**
     * What a probe did.
     *
     * @param exit   its exit status.
     * @param output what it printed, stdout and stderr together.
     */
    public record Run(int exit, String output)
    {
    }

    /** @return the {@code java} launcher of the JVM that runs the tests. */
    public static String java()
    {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * @param command the child's command line.
     * @return its exit status and output.
     * @throws AssertionError when it has not finished within {@value #TIMEOUT_S} s (it is killed), naming its main
     *                        class and what it printed so far.
     * @throws Exception      when it cannot be started or the output cannot be read.
     */
    public static Run run(final List<String> command) throws Exception
    {
        final Path out = Files.createTempFile("smpboot-probe", ".out");
        try
        {
            final Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                .start();
            if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS))
            {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("probe JVM " + command.get(command.size() - 1) + " did not finish within " +
                    TIMEOUT_S + " s; it printed:\n" + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        }
        finally
        {
            Files.deleteIfExists(out);
        }
    }
}
