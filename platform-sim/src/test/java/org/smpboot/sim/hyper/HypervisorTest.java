package org.smpboot.sim.hyper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smpboot.runtime.region.Fill;
import org.smpboot.sim.TestImages;
import org.smpboot.sim.hw.Bank;
import org.smpboot.sim.hw.Machine;
import org.smpboot.sim.hw.MachineConfig;
import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.hw.Tty;
import org.smpboot.sim.image.BootImages;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.image.DevType;
import org.smpboot.sim.image.DiskLayout;
import org.smpboot.sim.image.Fat32Writer;
import org.smpboot.sim.kernel.Chdev;
import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;

/**
 * The hypervisor driven as a user types at its shell: each line is handed over when the shell prompts, and the test
 * looks at the machine between two commands.
 */
class HypervisorTest
{
    private static final long BOUND_S = 60;

    @TempDir
    Path tmp;

    private Machine machine;
    private Hypervisor hv;
    private Typist typist;

    /** A user at the prompt: each line is taken when the shell asks for one. */
    private static final class Typist implements HyperShell.LineSource
    {
        private static final String EOF = "\u0004";
        private final SynchronousQueue<String> lines = new SynchronousQueue<>();
        private final Semaphore prompts = new Semaphore(0);

        @Override
        public String readLine(final String prompt) throws IOException
        {
            prompts.release();
            try
            {
                final String l = lines.poll(BOUND_S, TimeUnit.SECONDS);
                if (l == null)
                {
                    throw new IOException("nobody typed for " + BOUND_S + " s");
                }
                return EOF.equals(l) ? null : l;
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        @Override
        public boolean echo()
        {
            return true;
        }

        /** Types a line at the prompt and waits until the shell prompts again (the command is done). */
        void type(final String line) throws InterruptedException
        {
            assertTrue(prompts.tryAcquire(BOUND_S, TimeUnit.SECONDS), "the shell never prompted");
            assertTrue(lines.offer(line, BOUND_S, TimeUnit.SECONDS), "the shell never took: " + line);
            assertTrue(prompts.tryAcquire(BOUND_S, TimeUnit.SECONDS), "no prompt after: " + line);
            prompts.release();
        }

        void end() throws InterruptedException
        {
            assertTrue(prompts.tryAcquire(BOUND_S, TimeUnit.SECONDS), "the shell never prompted");
            assertTrue(lines.offer(EOF, BOUND_S, TimeUnit.SECONDS));
        }
    }

    private void start(final PlatformSpec spec, final Duration timeout, final Map<Integer, Path> disks)
    {
        machine = new Machine(PlatformBuilder.build(spec), MachineConfig.defaults().withConsole(null)
            .withFill(Fill.X5A).withTtyDir(tmp).withWaitTimeout(timeout));
        hv = new Hypervisor(machine, new HyperSettings(BootLayout.ALMOS_MKH, timeout, tmp, 8, disks));
        typist = new Typist();
        final HyperShell shell = new HyperShell(hv, typist, BOUND_S);
        hv.shell(shell::run);
        hv.start();
    }

    private void start()
    {
        start(new PlatformSpec(3, 2, 4, 3, DeviceType.IOC_BDV, 128, 1, 0, 0, 4, 4, 2,
            List.of()), Duration.ofSeconds(BOUND_S), Map.of());
    }

    @AfterEach
    void stop() throws InterruptedException
    {
        if (hv != null)
        {
            final Thread shell = hv.shellCore().thread();
            if (shell.isAlive())
            {
                typist.end();
                shell.join(TimeUnit.SECONDS.toMillis(BOUND_S));
            }
            hv.close();
            machine.close();
        }
    }

    private String tty0()
    {
        return hv.tty0();
    }

    @Test
    void aGuestWritingAnotherInstancesClusterFaultsAloneAndTheOtherRunsOn() throws InterruptedException
    {
        start();
        typist.type("run -nc 1 -i 1");
        typist.type("wait 1");
        final Instance one = hv.instance(1);
        assertEquals("complete", hv.states().get(1), tty0());
        final int m1 = one.clusters.get(0);
        final byte[] before = bytes(m1, 0x4000, 256);
        // instance 2 has one cluster: its guest cluster 1 does not exist, whatever machine cluster 1 holds
        final long target = PhysicalAddress.of(m1, 0x4000);
        typist.type("run -nc 1 -i 2 --rogue write:" + Long.toHexString(target));
        typist.type("wait 2");
        final Instance two = hv.instance(2);
        final Processor rogue = two.cores.get(0);
        assertEquals(Map.of(1, "complete", 2, "faulted"), hv.states(), tty0());
        assertTrue(tty0().contains("[HYPER] HAT fault: instance 2, " + rogue.name() + " (guest gid 0x000), write32 " +
            "of 4 bytes at guest address " + PhysicalAddress.format(target)), tty0());
        assertArrayEquals(before, bytes(m1, 0x4000, 256), "instance 1's kernel code is intact");
        assertTrue(two.cores.stream().noneMatch(p -> p.thread().isAlive()), "instance 2's cores are stopped");
        final long ticks = one.kernel.ticks(0);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_S);
        while (one.kernel.ticks(0) <= ticks)
        {
            assertTrue(System.nanoTime() < deadline, "instance 1 does not tick on");
            Thread.sleep(2);
        }
        assertTrue(one.cores.stream().allMatch(p -> p.thread().isAlive()));
        typist.type("list");
        assertTrue(tty0().matches("(?s).*\n2 +0x[0-9a-f]{2} +4 +2 +2 +2 +faulted +HAT fault\n.*"), tty0());
    }

    @Test
    void aGuestReachesNeitherTheHypervisorsMemoryNorDevicesItWasNotGiven() throws InterruptedException
    {
        start();
        final byte[] hatCode = HyperImages.hat().segments().get(0).data();
        // the ROM the hypervisor keeps its code in: the guest has no ROM
        typist.type("run -nc 1 -i 1 --rogue read:0x00bfc00000");
        // TTY sub-channel 4: the instance has four
        typist.type("run -nc 1 -i 2 --rogue write:0x00f4000040");
        // where the hypervisor's HAT code lives, as a guest says it: its own cluster 0's copy, not the hypervisor's
        typist.type("run -nc 1 -i 3 --rogue write:0x0001000000");
        typist.type("wait");
        assertEquals(Map.of(1, "faulted", 2, "faulted", 3, "complete"), hv.states(), tty0());
        assertTrue(tty0().contains("read32 of 4 bytes at guest address 0x00bfc00000"), tty0());
        assertTrue(tty0().contains("write32 of 4 bytes at guest address 0x00f4000040"), tty0());
        assertArrayEquals(Arrays.copyOf(hatCode, 64), bytes(0, HyperImages.HAT_CODE, 64),
            "the hypervisor's copy of the HAT code is intact");
        final int m3 = hv.instance(3).clusters.get(0);
        assertEquals(Rogue.VALUE, machine.bus().peek(PhysicalAddress.of(m3, HyperImages.HAT_CODE), 4).getInt(0),
            "the guest wrote its own copy");
        assertTrue(hv.guestTty(3, 0).contains("boot complete"), hv.guestTty(3, 0));
    }

    @Test
    void killScrubsTheClustersWhichTheNextInstanceReuses() throws InterruptedException
    {
        start();
        typist.type("run -nc 2 -i 1");
        typist.type("wait");
        final List<Integer> clusters = hv.instance(1).clusters;
        final byte[] kcode = Arrays.copyOf(TestImages.builtIn(hv.instance(1).guest, BootLayout.ALMOS_MKH).kernel()
            .segment(".kcode").orElseThrow().data(), 64);
        for (final int c : clusters)
        {
            assertArrayEquals(kcode, bytes(c, 0x4000, 64), "the guest's kernel is there before kill");
        }
        typist.type("kill 1");
        assertTrue(tty0().contains("[HYPER] kill 1: 8 cores stopped, clusters " + ClusterAllocator.format(clusters) +
            " scrubbed"), tty0());
        for (final int c : clusters)
        {
            final Bank bank = machine.bus().bank(c);
            int resident = 0;
            final UnsafeBuffer expected = new UnsafeBuffer(new byte[Bank.PAGE]);
            for (int page = 0; page < bank.size() >>> Bank.PAGE_SHIFT; page++)
            {
                if (bank.isResident(page))
                {
                    resident++;
                    final int at = page << Bank.PAGE_SHIFT;
                    bank.fill().derive(PhysicalAddress.of(c, at)).apply(expected, 0, Bank.PAGE);
                    final byte[] want = new byte[Bank.PAGE];
                    expected.getBytes(0, want);
                    if (!Arrays.equals(want, bytes(c, at, Bank.PAGE)))
                    {
                        fail(String.format("page 0x%08x of cluster 0x%02x still holds the old guest's bytes", at, c));
                    }
                }
            }
            assertTrue(resident > 16, "the guest had touched pages of cluster " + c);
            assertNotEquals(Arrays.toString(kcode), Arrays.toString(bytes(c, 0x4000, 64)));
        }
        assertTrue(hv.instance(1) == null && hv.states().isEmpty());
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_S);
        for (final int c : clusters)
        {
            for (int lid = 0; lid < 4; lid++)
            {
                final Processor p = machine.processor(c, lid);
                while (p.state() != Processor.State.WAITING)
                {
                    assertTrue(System.nanoTime() < deadline, "not back in the hypervisor: " + p);
                    Thread.sleep(2);
                }
                assertEquals("hyper_wait", p.function(), p.toString());
                assertEquals(null, p.space(), "no HAT active after kill");
                assertEquals(p.hardwareGid(), p.gid());
            }
        }
        typist.type("run -nc 2 -i 2");
        typist.type("wait");
        assertEquals(clusters, hv.instance(2).clusters, "the freed clusters are the lowest free ones");
        assertEquals(Map.of(2, "complete"), hv.states(), tty0());
    }

    @Test
    void aGuestThatDoesNotCompleteIsReportedAndStoppedNotWaitedFor() throws IOException, InterruptedException
    {
        // a disk whose arch_info has 4 cores per cluster, on a machine of 2, and no kernel.elf: the guest's
        // boot-loader faults (the two cores that never come alone would not stop it: the boot-loader leaves out
        // cores that miss their wake-up deadline, and the guest completes without them)
        final var wrong = PlatformBuilder.build(new PlatformSpec(1, 1, 4, 4, DeviceType.IOC_BDV,
            128, 0, 0, 0, 4, 4, 2, List.of()));
        final BootImages images = TestImages.builtIn(wrong, BootLayout.ALMOS_MKH);
        final Path disk = tmp.resolve("wrong.img");
        final Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(DiskLayout.ARCH_INFO_FILE, images.archInfoFile());
        Fat32Writer.write(disk, DiskLayout.MIN_SIZE_MB, DiskLayout.LABEL, images.bootFile(), files);
        start(new PlatformSpec(2, 2, 2, 3, DeviceType.IOC_BDV, 128, 1, 0, 0, 4, 4, 2,
            List.of()), Duration.ofSeconds(2), Map.of(1, disk));
        final long t0 = System.nanoTime();
        typist.type("run -nc 1 -i 1");
        typist.type("wait 1 --timeout 30");
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0) < 20, "bounded by the 2 s timeout");
        final String state = hv.states().get(1);
        assertTrue(state.equals("timed-out") || state.equals("faulted"), state + "\n" + tty0());
        assertTrue(tty0().contains("[HYPER] instance 1: "), tty0());
        assertTrue(hv.instance(1).cores.stream().noneMatch(p -> p.thread().isAlive()), tty0());
        typist.type("kill 1");
        typist.type("run -nc 1 -i 2");
        typist.type("wait 2");
        assertEquals(Map.of(2, "complete"), hv.states(), tty0());
    }

    @Test
    void aGuestsTtyInterruptReachesItsServingCoreThroughItsOwnIopicAndHat() throws InterruptedException
    {
        start();
        typist.type("run -nc 2 -i 1");
        typist.type("run -nc 2 -i 2");
        typist.type("wait");
        assertEquals(Map.of(1, "complete", 2, "complete"), hv.states(), tty0());
        final Instance two = hv.instance(2);
        final Instance one = hv.instance(1);
        final Chdev tty1 = two.kernel.chdevs().stream().filter(c -> c.type() == DevType.TXT_TTY &&
            c.channel() == 1).findFirst().orElseThrow();
        final int server = tty1.host() << 2 | tty1.server();
        final long before = two.kernel.mailboxes(server);
        final long others = one.kernel.mailboxes(server);
        final Tty tty = (Tty)two.devices.devices().stream().filter(d -> d instanceof Tty).findFirst().orElseThrow();
        tty.feed(1, "x");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_S);
        while (two.kernel.mailboxes(server) == before)
        {
            assertTrue(System.nanoTime() < deadline, "the serving core never took the TTY 1 interrupt");
            Thread.sleep(2);
        }
        assertEquals(others, one.kernel.mailboxes(server), "instance 1's core of the same guest id heard nothing");
        assertTrue(two.kernel.chdevs().stream().allMatch(c -> c.host() < 2), "chdevs on the guest's own clusters");
    }

    private byte[] bytes(final int cxy, final int offset, final int length)
    {
        final byte[] b = new byte[length];
        machine.bus().peek(PhysicalAddress.of(cxy, offset), length).getBytes(0, b);
        return b;
    }

    @Test
    void everyCoreButTheShellsWaitsInTheHypervisorUntilAnIpi() throws InterruptedException
    {
        start();
        typist.type("list");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_S);
        while (machine.processors().stream().skip(1).anyMatch(p -> p.state() != Processor.State.WAITING))
        {
            assertTrue(System.nanoTime() < deadline, "cores not waiting: " + machine.running());
            Thread.sleep(5);
        }
        assertEquals("hyper_shell", machine.processor(0, 0).function());
        assertTrue(machine.processors().stream().skip(1).allMatch(p -> p.function().equals("hyper_wait")));
        assertNotNull(tty0());
        assertFalse(tty0().contains("error"), tty0());
    }
}
