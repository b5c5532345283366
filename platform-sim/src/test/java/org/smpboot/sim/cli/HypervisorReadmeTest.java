package org.smpboot.sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.smpboot.sim.cli.CliRun.smpboot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's hypervisor session, and the elected guest's TXT0 after it, are what {@code scripts/readme-hypervisor.sh}
 * makes: a real run, replayed by its seed.
 */
class HypervisorReadmeTest
{
    @TempDir
    Path dir;

    @Test
    @Tag("slow")
    void readmesSessionIsWhatTheSeededRunPrintsOnTty0AndTheElectedGuestsTxt0() throws Exception
    {
        final Path root = Path.of("..").toAbsolutePath().normalize();
        final List<String> readme = Files.readAllLines(root.resolve("README.md"));
        final CliRun r = smpboot("hypervisor", "--seed", "1", "--script", root.resolve("scripts/hypervisor-session.txt")
            .toString(), "--out", dir.toString());
        assertEquals(1, r.status(), "the session's hostile guest faults: exit 1\n" + r.err() + r.out());
        assertEquals(block(readme, "hypervisor-session", "$ ./smpboot hypervisor --seed 1 --script " +
            "scripts/hypervisor-session.txt --out /tmp/hv"), String.join("\n", Files.readAllLines(dir.resolve(
            "tty0.log"))), "README is stale: run scripts/readme-hypervisor.sh");
        assertEquals(block(readme, "hypervisor-guest", "$ cat /tmp/hv/instance6/tty0.log"), String.join("\n",
            Files.readAllLines(dir.resolve("instance6/tty0.log"))), "README is stale: run scripts/readme-hypervisor.sh");
    }

    // the lines of README's code block between <!-- name --> and <!-- /name -->, after its command line
    private static String block(final List<String> readme, final String name, final String command)
    {
        final int from = readme.indexOf("<!-- " + name + " -->");
        final int to = readme.indexOf("<!-- /" + name + " -->");
        assertTrue(from >= 0 && to > from + 3, "README has the markers of " + name);
        assertEquals(command, readme.get(from + 2));
        return String.join("\n", readme.subList(from + 3, to - 1));
    }
}
