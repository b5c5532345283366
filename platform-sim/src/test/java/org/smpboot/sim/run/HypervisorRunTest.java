package org.smpboot.sim.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smpboot.sim.image.BootImages;
import org.smpboot.sim.hw.AccessKind;
import org.smpboot.sim.hw.Bank;
import org.smpboot.sim.hw.Hat;
import org.smpboot.sim.hw.HyperHardware;
import org.smpboot.sim.hw.Machine;
import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.hyper.HatMistake;
import org.smpboot.sim.hyper.HyperImages;
import org.smpboot.sim.hyper.Instance;
import org.smpboot.sim.image.BootLayout;
import org.smpboot.sim.image.DiskLayout;
import org.smpboot.sim.image.Fat32Reader;
import org.smpboot.sim.image.Fat32Writer;
import org.smpboot.sim.image.FatEntry;
import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;
import org.smpboot.sim.trace.EventKind;
import org.smpboot.sim.trace.TraceEvent;

/**
 * The hypervisor of seed 000 driven through its shell as a user types: the hand-off to the guest's boot-loader, the
 * HATs programmed by register writes, kill, and a mistaken HAT entry.
 */
class HypervisorRunTest
{
    @TempDir
    Path tmp;

    private static long hatRegister(final int cxy, final int register)
    {
        return PhysicalAddress.of(cxy, (int)HyperHardware.CORE_HAT) + register;
    }

    @Test
    void theGuestStartsInItsBootLoaderWithTheArchInfoTheHypervisorCopiedAndReadsOnlyItsKernelFromItsDisk()
        throws Exception
    {
        // the disk of IOC channel 1: boot.elf raw, kernel.elf, 256 KiB of other data, then an arch_info.bin for
        // another platform (1 cluster of 2 cores), far from kernel.elf: the driver's read-ahead never reaches it
        final BootImages wrong = org.smpboot.sim.run.PlatformBoot.images(PlatformBuilder.build(new PlatformSpec(1, 1, 2, 1,
            DeviceType.IOC_BDV, 0, 0, 0, 0, 4, 4, 2, List.of())), BootLayout.ALMOS_MKH);
        final Path disk = tmp.resolve("far.img");
        final Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(DiskLayout.KERNEL_FILE, wrong.kernelFile());
        files.put("other.bin", new byte[256 << 10]);
        files.put(DiskLayout.ARCH_INFO_FILE, wrong.archInfoFile());
        Fat32Writer.write(disk, DiskLayout.MIN_SIZE_MB, DiskLayout.LABEL, wrong.bootFile(), files);
        try (HyperSession s = new HyperSession(HyperSession.mesh(), Duration.ofSeconds(HyperSession.BOUND_S), tmp,
            Map.of(1, disk), HatMistake.NONE))
        {
            s.type("run -nc 2 -i 1");
            s.type("wait 1");
            final Instance one = s.hv().instance(1);
            assertEquals("complete", s.hv().states().get(1), s.tty0());
            final String txt0 = s.hv().guestTty(1, 0);
            assertFalse(txt0.contains("[RESET]"), "no preloader ran:\n" + txt0);
            assertTrue(txt0.contains("[BOOT] arch_info.bin found at 0x00300000 (" + one.archInfo().length +
                " bytes), left there by the hypervisor"), txt0);
            assertTrue(txt0.contains("[BOOT] kernel.elf loaded at 0x00400000"), txt0);
            assertTrue(txt0.contains(": 2 clusters, 8 cores, every core ticking"), "the hypervisor's arch-info, not " +
                "the disk's:\n" + txt0);
            final int entry = one.images().boot().address("boot_handoff");
            final String handoff = String.format("0x%08x", entry);
            assertTrue(s.tty0().contains("sent the boot-loader address " + handoff + " to the " +
                "7 other cores"), s.tty0());

            // every other core of the instance woke in the hypervisor with the boot-loader's address, read from its
            // mailbox, or with what the guest's boot-loader wrote over it: a mailbox holds one value, and the
            // boot-loader on P0 wakes the CP0s (and they their cluster's cores) through the same mailboxes, so a core
            // whose host thread reads its mailbox only after that write (seen once in CI: a platform thread on Java 17,
            // about 77 ms late) enters the boot-loader at that wake-up instead of boot_handoff, as it would on the
            // hardware; the instance is complete either way
            final List<TraceEvent> events = s.run.machine().trace().events();
            final Set<Integer> gids = new TreeSet<>();
            for (final int m : one.clusters())
            {
                for (int lid = 0; lid < 4; lid++)
                {
                    gids.add(s.run.machine().processor(m, lid).hardwareGid());
                }
            }
            final int p0 = s.run.machine().processor(one.clusters().get(0), 0).hardwareGid();
            for (final int gid : gids)
            {
                if (gid != p0)
                {
                    final String mb = mailbox(s, gid);
                    final List<TraceEvent> box = events.stream().filter(e -> e.name().equals(mb) &&
                        (e.kind() == EventKind.IPI_SENT || e.kind() == EventKind.IPI_RECEIVED)).toList();
                    final int sent = indexOf(box, e -> e.tid() == p0 && e.kind() == EventKind.IPI_SENT &&
                        e.args().get("value").equals(handoff));
                    final int read = indexOf(box, e -> e.tid() == gid && e.kind() == EventKind.IPI_RECEIVED);
                    final java.util.function.Supplier<String> what = () -> "core gid " + gid + " (" + mb + "), " +
                        "instance clusters " + one.clusters() + ", P0 gid " + p0 + "; every IPI into its mailbox: " +
                        box.stream().map(e -> e.micros() + " us gid " + e.tid() + " " + e.kind() + " " + e.args())
                        .toList();
                    assertTrue(sent >= 0 && read > sent, what);
                    final String value = String.valueOf(box.get(read).args().get("value"));
                    // the value it read is the last one written before its read: the hand-off's or the boot-loader's
                    final int last = lastIndexOf(box.subList(0, read), e -> e.kind() == EventKind.IPI_SENT);
                    assertEquals(value, String.valueOf(box.get(last).args().get("value")), what);
                    assertTrue(value.equals(handoff) || gids.contains(box.get(last).tid()), what);
                }
            }
            assertEquals(7, events.stream().filter(e -> e.tid() == p0 && e.kind() == EventKind.IPI_SENT &&
                e.args().get("value").equals(handoff)).count(), "P0 sent it to 7 cores");

            // the blocks the guest read: FAT32 metadata and kernel.elf, never boot.elf nor arch_info.bin
            final List<long[]> reads = new ArrayList<>();
            events.stream().filter(e -> gids.contains(e.tid()) && e.kind() == EventKind.DISK &&
                e.name().endsWith(" read")).forEach(e -> reads.add(new long[] {Long.parseLong(String.valueOf(
                e.args().get("lba"))), Long.parseLong(String.valueOf(e.args().get("count")))}));
            assertFalse(reads.isEmpty());
            final long[] boot = {DiskLayout.BOOT_ELF_BLOCK, DiskLayout.BOOT_ELF_MAX_BLOCKS};
            final long[] arch;
            final long[] kernel;
            try (Fat32Reader fat = Fat32Reader.open(one.disk()))
            {
                arch = blocks(fat, DiskLayout.ARCH_INFO_FILE);
                kernel = blocks(fat, DiskLayout.KERNEL_FILE);
            }
            for (final long[] r : reads)
            {
                assertFalse(overlaps(r, boot), "read blocks " + Arrays.toString(r) + ": boot.elf's");
                assertFalse(overlaps(r, arch), "read blocks " + Arrays.toString(r) + ": arch_info.bin's");
            }
            assertTrue(reads.stream().anyMatch(r -> overlaps(r, kernel)), "kernel.elf was read");
        }
    }

    // the blocks of a file our writer laid out in contiguous clusters
    private static long[] blocks(final Fat32Reader fat, final String name) throws Exception
    {
        final FatEntry e = fat.list().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        final long from = fat.geometry().clusterOffset(e.firstCluster()) / DiskLayout.BLOCK_SIZE;
        return new long[] {from, (e.size() + DiskLayout.BLOCK_SIZE - 1) / DiskLayout.BLOCK_SIZE};
    }

    private static boolean overlaps(final long[] a, final long[] b)
    {
        return a[0] < b[0] + b[1] && b[0] < a[0] + a[1];
    }

    @Test
    void theHatsAreProgrammedThroughTheirRegistersAndKillClearsThemTheSameWay() throws Exception
    {
        try (HyperSession s = HyperSession.start(tmp))
        {
            s.type("run -nc 2 -i 3 --tty 2");
            final Instance three = s.hv().instance(3);
            final Machine m = s.run.machine();
            final Processor hyper = s.run.shellCore();
            final int m0 = three.clusters().get(0);
            final int m1 = three.clusters().get(1);
            for (final int k : new int[] {0, 1})
            {
                final int c = three.clusters().get(k);
                assertEquals(Hat.ENABLE, m.bus().read32(hyper, hatRegister(c, Hat.CONTROL)));
                assertEquals(3, m.bus().read32(hyper, hatRegister(c, Hat.INSTANCE)));
                assertEquals(k, m.bus().read32(hyper, hatRegister(c, Hat.GUEST_CXY)));
                assertEquals(Hat.VALID | m0, m.bus().read32(hyper, hatRegister(c, Hat.MAP)));
                assertEquals(Hat.VALID | m1, m.bus().read32(hyper, hatRegister(c, Hat.MAP + 4)));
                assertEquals(0, m.bus().read32(hyper, hatRegister(c, Hat.MAP + 8)));
                assertEquals(0xF, m.bus().read32(hyper, hatRegister(c, Hat.ACTIVE)), "its 4 cores activated it");
            }
            // written by the hypervisor core over the bus: traced on its timeline, counted as its device accesses
            final List<TraceEvent> writes = m.trace().events().stream().filter(e -> e.kind() == EventKind.HAT &&
                e.tid() == hyper.hardwareGid()).toList();
            assertTrue(writes.stream().anyMatch(e -> e.name().equals(String.format("hat[0x%02x] MAP[1]", m0))),
                writes.toString());
            assertTrue(writes.stream().anyMatch(e -> e.name().equals(String.format("dma-hat[0x%02x] CONTROL", m1))));
            assertTrue(writes.stream().anyMatch(e -> e.name().equals("ioc-hat[3] REMAP[0].MACHINE_LO")));
            assertTrue(writes.stream().anyMatch(e -> e.name().equals("irq-mux[0x00] ROUTE[2][8]")));
            // counted and costed as the hypervisor core's device accesses to the instance's clusters: 2 HATs of
            // (at least) 58 register writes in each cluster
            assertTrue(hyper.counts().get(m1, AccessKind.DEVICE) >= 2 * 58, "device accesses to cluster " + m1);
            assertTrue(hyper.cycles() > 0);
            s.type("kill 3");
            for (final int c : three.clusters())
            {
                for (final int reg : new int[] {Hat.CONTROL, Hat.INSTANCE, Hat.GUEST_CXY, Hat.MAP, Hat.MAP + 4,
                    Hat.LOCAL + 4, Hat.REMAP + 8, Hat.ACTIVE, Hat.FAULT})
                {
                    assertEquals(0, m.bus().read32(hyper, hatRegister(c, reg)), "register " + reg + " of cluster " + c);
                }
            }
            assertEquals(0, m.bus().read32(hyper, PhysicalAddress.of(0, (int)HyperHardware.MUX) + 4L * (2 * 32 + 8)),
                "the route to IOPIC 2 cleared");
        }
    }

    @Test
    void aMistakenHatEntryShowsAsTheFaultItCauses() throws Exception
    {
        try (HyperSession s = new HyperSession(HyperSession.mesh(), Duration.ofSeconds(HyperSession.BOUND_S), tmp,
            Map.of(), HatMistake.SHORT_RAM))
        {
            s.type("run -nc 1 -i 1");
            s.type("wait 1");
            assertEquals("faulted", s.hv().states().get(1), s.tty0());
            // the RAM range ends at 8 MiB: the second half of the activation code, at 16 MiB, cannot be fetched
            assertTrue(s.tty0().contains("[HYPER] HAT fault: instance 1, core[0x01,0] gid 0x004 (guest gid 0x000), " +
                "fetch of "), s.tty0());
            assertTrue(s.tty0().contains("at guest address 0x0001000100 (hat[0x01])"), s.tty0());
        }
    }

    @Test
    void killHoldsTheCoresScrubsTheClustersAndTheNextInstanceReusesThem() throws Exception
    {
        try (HyperSession s = HyperSession.start(tmp))
        {
            s.type("run -nc 2 -i 1");
            s.type("wait");
            final Instance one = s.hv().instance(1);
            final List<Integer> clusters = one.clusters();
            final Machine machine = s.run.machine();
            final byte[] kcode = Arrays.copyOf(one.images().kernel().segment(".kcode").orElseThrow().data(), 64);
            for (final int c : clusters)
            {
                assertArrayEquals(kcode, bytes(machine, c, 0x4000, 64), "the guest's kernel is there before kill");
            }
            s.type("kill 1");
            assertTrue(s.tty0().contains("[HYPER] kill 1: 8 cores stopped, clusters 0x01,0x10 scrubbed"), s.tty0());
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
                        if (!Arrays.equals(want, bytes(machine, c, at, Bank.PAGE)))
                        {
                            fail(String.format("page 0x%08x of cluster 0x%02x still holds the old guest's bytes", at,
                                c));
                        }
                    }
                }
                assertTrue(resident > 16, "the guest had touched pages of cluster " + c);
                assertNotEquals(Arrays.toString(kcode), Arrays.toString(bytes(machine, c, 0x4000, 64)));
            }
            assertNull(s.hv().instance(1));
            assertTrue(s.hv().states().isEmpty());
            for (final int c : clusters)
            {
                for (int lid = 0; lid < 4; lid++)
                {
                    final Processor p = machine.processor(c, lid);
                    s.await(() -> p.state() == Processor.State.WAITING && p.function().equals("hyper_wait"),
                        "core " + p + " back in the hypervisor");
                    assertNull(p.space(), "no HAT active after kill");
                    assertEquals(p.hardwareGid(), p.gid());
                }
            }
            s.type("run -nc 2 -i 2");
            s.type("wait");
            assertEquals(clusters, s.hv().instance(2).clusters(), "the freed clusters are the lowest free ones");
            assertEquals(Map.of(2, "complete"), s.hv().states(), s.tty0());
        }
    }

    private static byte[] bytes(final Machine machine, final int cxy, final int offset, final int length)
    {
        final byte[] b = new byte[length];
        machine.bus().peek(PhysicalAddress.of(cxy, offset), length).getBytes(0, b);
        return b;
    }

    @Test
    void everyCoreButTheShellsWaitsInTheHypervisorAndTheShellReadsTty0IntoItsRam() throws Exception
    {
        try (HyperSession s = HyperSession.start(tmp))
        {
            final Machine machine = s.run.machine();
            s.type("list");
            s.await(() -> machine.processors().stream().skip(1).allMatch(p -> p.state() == Processor.State.WAITING &&
                p.function().equals("hyper_wait")), "every other core waiting in hyper_wait");
            assertEquals("hyper_shell", machine.processor(0, 0).function());
            // typed with a backspace: the shell's line buffer in the hypervisor's RAM holds what it kept
            s.type("helq\u007fp");
            final byte[] line = bytes(machine, 0, HyperImages.SHELL_LINE, 4);
            assertEquals("help", new String(line, java.nio.charset.StandardCharsets.US_ASCII));
            assertTrue(s.tty0().contains("hyper> helq\b \bp\nrun -nc N -i I"), s.tty0());
            s.type("run -nc 1\u0003");
            assertTrue(s.tty0().contains("hyper> run -nc 1^C\n"), "Ctrl-C drops the line");
            assertFalse(s.tty0().contains("error"), s.tty0());
        }
    }

    private static int indexOf(final List<TraceEvent> events, final java.util.function.Predicate<TraceEvent> p)
    {
        for (int i = 0; i < events.size(); i++)
        {
            if (p.test(events.get(i)))
            {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(final List<TraceEvent> events, final java.util.function.Predicate<TraceEvent> p)
    {
        for (int i = events.size() - 1; i >= 0; i--)
        {
            if (p.test(events.get(i)))
            {
                return i;
            }
        }
        return -1;
    }

    /** @return how the trace names a core's WTI mailbox: its XCU and its lid ({@code xcu[0x10] WTI 0}). */
    private static String mailbox(final HyperSession s, final int gid)
    {
        final Processor p = s.run.machine().processors().stream().filter(c -> c.hardwareGid() == gid).findFirst()
            .orElseThrow();
        return "xcu[" + String.format("0x%02x", p.cxy()) + "] WTI " + p.lid();
    }
}
