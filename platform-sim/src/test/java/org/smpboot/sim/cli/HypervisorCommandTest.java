package org.smpboot.sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.smpboot.sim.cli.CliRun.smpboot;
import static org.smpboot.sim.cli.CliRun.smpbootWithInput;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code smpboot hypervisor}, driven through its standard input as a user types at the shell. */
class HypervisorCommandTest
{
    @TempDir
    Path dir;

    private static List<String> errors(final String out)
    {
        return out.lines().filter(l -> l.startsWith("[HYPER] error: ")).toList();
    }

    @Test
    void twoInstancesBootSideBySideOnDisjointClustersAndBothComplete() throws Exception
    {
        final CliRun r = smpbootWithInput("""
            run -nc 2 -i 1
            run -nc 2 -i 2
            wait
            list
            quit
            """, "hypervisor", "--clusters", "3x2", "--out", dir.toString(), "--timeout", "60");
        assertEquals(0, r.status(), r.err() + r.out());
        final String o = r.out();
        // the seed's steps, in order
        final String[] steps = {"allocated 2 cluster(s) 0x01,0x10", "IOC channel 1 selected", "TTY channel 1 (4 " +
            "sub-channels", "arch-info built", "arch_info.bin (", "HAT activation code (1024 bytes) copied from ROM",
            "HATs configured: clusters 0x01,0x10 and their DMAs", "interrupts routed", "core[0x01,0] activated its " +
            "HAT, sent the boot-loader address 0x00207900 to the 7 other cores"};
        int at = 0;
        for (final String s : steps)
        {
            final int i = o.indexOf("[HYPER] run -nc 2 -i 1: " + s, at);
            assertTrue(i >= at, "step '" + s + "' missing or out of order:\n" + o);
            at = i;
        }
        assertTrue(o.contains("[HYPER] run -nc 2 -i 2: allocated 2 cluster(s) 0x11,0x20"), o);
        assertTrue(o.contains("[HYPER] instance 1: kernel_init complete "), o);
        assertTrue(o.contains("[HYPER] instance 2: kernel_init complete "), o);
        assertTrue(o.lines().anyMatch(l -> l.matches("1 +0x01,0x10 +8 +1 +1 +1 +tsar/almos-mkh +complete +kernel_init complete.*")), o);
        assertTrue(o.lines().anyMatch(l -> l.matches("2 +0x11,0x20 +8 +2 +2 +2 +tsar/almos-mkh +complete +kernel_init complete.*")), o);
        assertTrue(o.contains("free clusters: 0x21"), o);
        for (final int i : new int[] {1, 2})
        {
            final String txt0 = Files.readString(dir.resolve("instance" + i + "/tty0.log"));
            assertTrue(txt0.contains("[BOOT] boot-loader (layout almos-mkh) starts on core[0x00,0]"), txt0);
            assertTrue(txt0.contains("[KINIT] boot complete at cycle "), txt0);
            assertTrue(txt0.contains(": 2 clusters, 8 cores, every core ticking in its idle thread"), txt0);
            assertTrue(Files.exists(dir.resolve("instance" + i + "/tty3.log")));
            assertTrue(Files.size(dir.resolve("instance" + i + "/ioc" + i + ".img")) > 0);
        }
        assertTrue(Files.readString(dir.resolve("tty0.log")).contains("[HYPER] instance 2: kernel_init complete"));
        assertTrue(Files.size(dir.resolve("trace.json")) > 0);
        assertEquals(List.of(), errors(o));
    }

    @Test
    void everyBadCommandIsOneErrorLineAndTheShellGoesOn()
    {
        final String junk = "x".repeat(5000);
        final CliRun r = smpbootWithInput("frobnicate\n" + junk + "\n" + "run -nc 1 -i " + "9".repeat(300) + "\n" +
            "run -nc 1 -i 3 --tty " + "7".repeat(100) + "\nrun -nc 1 -i 3 " + "y".repeat(200) + """

            run -nc 0 -i 1
            run -nc 4 -i 1
            run -nc 1 -i 1
            run -nc 1 -i 1
            run -nc 1 -i 2 --tty 1
            run -nc 1 -i 8
            run -nc two -i 2
            run -nc 1
            run -nc 1 -i 2 --fault hostile-guest:poke:0x10
            run -nc 0x1 -i 0x2
            kill 5
            kill one
            wait 9
            list
            """, "hypervisor", "--out", dir.toString(), "--timeout", "60");
        assertEquals(1, r.status(), "a failed command makes the exit status 1:\n" + r.out());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("smpboot hypervisor: ")).count(),
            "and one line on standard error says why:\n" + r.err());
        assertTrue(r.err().contains("shell command(s) failed"), r.err());
        final List<String> errors = errors(r.out());
        assertEquals(List.of(
            "[HYPER] error: unknown command 'frobnicate' (commands: run, list, kill, wait, help, quit)",
            "[HYPER] error: a line holds at most 255 characters, this one had 5000: ignored",
            "[HYPER] error: a line holds at most 255 characters, this one had 313: ignored",
            "[HYPER] error: run: Invalid value for option '--tty': '7777777777777777777777777777777777777777... (100 " +
                "characters)' is out of range (see: help)",
            "[HYPER] error: run: Unmatched argument at index 5: '" + "y".repeat(39) + "... (see: help)",
            "[HYPER] error: run: -nc must be at least 1, got 0",
            "[HYPER] error: run: -nc 4: only 3 of 3 clusters with cores are free (0x01,0x10,0x11)",
            "[HYPER] error: run: instance 1 exists (booting on clusters 0x01): kill it first",
            "[HYPER] error: run: TTY channel 1 is in use by instance 1",
            "[HYPER] error: run: IOC channel 8 does not exist for instances (channels 0..7)",
            "[HYPER] error: run: Invalid value for option '-nc': 'two' is not a number (decimal or 0x hexadecimal) " +
                "(see: help)",
            "[HYPER] error: run: Missing required option: '-i=I' (see: help)",
            "[HYPER] error: run: --fault hostile-guest:poke:0x10: expected hostile-guest:read|write:ADDR",
            "[HYPER] error: kill: no instance 5 (instances: [1, 2])",
            "[HYPER] error: kill: Invalid value for positional parameter at index 0 (I): 'one' is not a number " +
                "(decimal or 0x hexadecimal) (see: help)",
            "[HYPER] error: wait: no instance 9"),
            errors.stream().map(l -> l.replace("(complete on", "(booting on")).toList(), r.out());
        // never more than about 80 characters of what was typed in an error
        assertTrue(errors.stream().allMatch(l -> l.length() < 200 && !l.contains("x".repeat(41)) &&
            !l.contains("9".repeat(41))), errors.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("1 +0x01 +4 +1 +1 +1 +tsar/almos-mkh +(booting|complete).*")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("2 +0x10 +4 +2 +2 +2 +tsar/almos-mkh +(booting|complete).*")),
            "numbers in 0x hexadecimal:\n" + r.out());
        assertTrue(r.out().contains("free clusters: 0x11"), "the refused requests allocated nothing:\n" + r.out());
    }

    @Test
    void aMissingChannelIsOneErrorLineAndTheRefusedRequestHoldsNothing()
    {
        final CliRun r = smpbootWithInput("""
            run -nc 1 -i 0
            run -nc 1 -i 1
            kill 0
            run -nc 1 -i 1
            wait
            list
            """, "hypervisor", "--channels", "2", "--out", dir.toString(), "--timeout", "60");
        assertEquals(List.of("[HYPER] error: run: no free TTY channel (channels 1..1 are in use)"), errors(r.out()),
            r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("1 +0x01 +4 +1 +1 +1 +tsar/almos-mkh +complete +kernel_init.*")),
            "IOC channel 1 and cluster 0x01 were free again:\n" + r.out());
    }

    @Test
    void scriptFileAndHelpAndBadFlags() throws Exception
    {
        final Path script = dir.resolve("session.txt");
        Files.writeString(script, "# a comment\n\nhelp\nquit\nrun -nc 1 -i 1\n");
        final CliRun r = smpboot("hypervisor", "--script", script.toString(), "--out", dir.resolve("o").toString());
        assertEquals(0, r.status(), r.err() + r.out());
        assertTrue(r.out().contains("hyper> # a comment\nhyper> \nhyper> help\nrun -nc N -i I [--flavor elected|tsar] " +
            "[--layout almos-mk|almos-mkh]\n               [--straggler RULE] [--tty T] [--fault KIND:ARGS]\n"),
            r.out());
        assertTrue(r.out().contains("[HYPER] quit"), r.out());
        assertTrue(!r.out().contains("hyper> run"), "nothing runs after quit:\n" + r.out());
        final CliRun missing = smpboot("hypervisor", "--script", dir.resolve("none").toString());
        assertEquals(2, missing.status());
        assertTrue(missing.err().startsWith("smpboot hypervisor: --script "), missing.err());
        final CliRun channels = smpbootWithInput("quit\n", "hypervisor", "--channels", "1");
        assertEquals(2, channels.status());
        assertTrue(channels.err().contains("--channels must be in 2..16, got 1"), channels.err());
    }
}
