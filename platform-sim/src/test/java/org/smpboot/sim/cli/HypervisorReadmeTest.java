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

/** README's hypervisor session is what {@code scripts/readme-hypervisor.sh} makes: a real run, replayed by its seed. */
class HypervisorReadmeTest
{
    @TempDir
    Path dir;

    @Test
    @Tag("slow")
    void readmesSessionIsWhatTheSeededRunPrintsOnTty0() throws Exception
    {
        final Path root = Path.of("..").toAbsolutePath().normalize();
        final List<String> readme = Files.readAllLines(root.resolve("README.md"));
        final int from = readme.indexOf("<!-- hypervisor-session -->");
        final int to = readme.indexOf("<!-- /hypervisor-session -->");
        assertTrue(from >= 0 && to > from + 3, "README has the session's markers");
        assertEquals("$ ./smpboot hypervisor --seed 1 --script scripts/hypervisor-session.txt --out /tmp/hv",
            readme.get(from + 2));
        final List<String> shown = readme.subList(from + 3, to - 1);
        final CliRun r = smpboot("hypervisor", "--seed", "1", "--script", root.resolve("scripts/hypervisor-session.txt")
            .toString(), "--out", dir.toString());
        assertEquals(1, r.status(), "the session's hostile guest faults: exit 1\n" + r.err() + r.out());
        assertEquals(String.join("\n", shown), String.join("\n", Files.readAllLines(dir.resolve("tty0.log"))),
            "README is stale: run scripts/readme-hypervisor.sh");
    }
}
