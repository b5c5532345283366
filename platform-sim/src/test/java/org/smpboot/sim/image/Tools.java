package org.smpboot.sim.image;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real tools (binutils, dosfstools, mtools); a missing tool fails the test and names its Debian package. */
public final class Tools
{
    /** What a tool printed and returned. */
    public record Run(int status, String output)
    {
    }

    private Tools()
    {
    }

    public static Run run(final String pkg, final String tool, final String... args) throws IOException, InterruptedException
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(find(pkg, tool));
        cmd.addAll(List.of(args));
        final ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("MTOOLS_SKIP_CHECK", "1"); // mtools refuses geometry it finds unusual otherwise
        final Process p = pb.start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS))
        {
            p.destroyForcibly();
            fail(tool + " did not finish in 60 s");
        }
        return new Run(p.exitValue(), out);
    }

    /** Debian installs mkfs.fat and fsck.fat in /usr/sbin, which a normal user's PATH lacks. */
    private static String find(final String pkg, final String tool)
    {
        final List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/local/sbin"));
        for (String d : dirs)
        {
            final Path p = Path.of(d.isEmpty() ? "." : d, tool);
            if (Files.isExecutable(p))
            {
                return p.toString();
            }
        }
        return fail(tool + " not found: install the Debian package " + pkg + " (apt-get install -y " + pkg + ")");
    }
}
