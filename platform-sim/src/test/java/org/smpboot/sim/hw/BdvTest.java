package org.smpboot.sim.hw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;

class BdvTest
{
    private static final int BASE = 0xF200_0000;
    private static final int BLOCKS = 64;
    private static final long DEADLINE_NANOS = 10_000_000_000L;

    @TempDir
    Path dir;

    private Machine machine;
    private Processor core;
    private byte[] image;
    private Path disk;

    @AfterEach
    void close()
    {
        if (machine != null)
        {
            machine.close();
        }
    }

    private Bdv build(final boolean withDisk) throws Exception
    {
        image = new byte[BLOCKS * Bdv.BLOCK];
        new Random(42).nextBytes(image);
        disk = dir.resolve("disk.img");
        Files.write(disk, image);
        machine = new Machine(PlatformBuilder.build(PlatformSpec.defaults()),
            MachineConfig.defaults().withConsole(null).withDisk(withDisk ? disk : null).withTtyDir(dir));
        core = machine.processor(0, 0);
        return (Bdv)machine.device(0, DeviceType.IOC_BDV);
    }

    private int get(final int word)
    {
        return machine.bus().read32(core, PhysicalAddress.of(0, BASE + 4 * word));
    }

    private void set(final int word, final int value)
    {
        machine.bus().write32(core, PhysicalAddress.of(0, BASE + 4 * word), value);
    }

    private void program(final int ext, final int buffer, final int lba, final int count)
    {
        set(Bdv.BUFFER, buffer);
        set(Bdv.BUFFER_EXT, ext);
        set(Bdv.LBA, lba);
        set(Bdv.COUNT, count);
    }

    /** Polls STATUS as the preloader does, until it leaves BUSY, within a deadline. */
    private int awaitEnd()
    {
        final long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (System.nanoTime() < deadline)
        {
            final int s = get(Bdv.STATUS);
            if (s != Bdv.BUSY)
            {
                return s;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("BDV still BUSY after the deadline");
    }

    @Test
    void readGoesIdleBusySuccessIdleAndLandsByteExactInRemoteMemory() throws Exception
    {
        final Bdv bdv = build(true);
        assertEquals(Bdv.IDLE, get(Bdv.STATUS));
        final CountDownLatch gate = new CountDownLatch(1);
        bdv.hold(gate);
        program(0x01, 0x0001_0000, 3, 5);
        set(Bdv.IRQ_ENABLE, 0);
        set(Bdv.OP, Bdv.OP_READ);
        assertEquals(Bdv.BUSY, get(Bdv.STATUS));
        assertEquals(Bdv.BUSY, get(Bdv.STATUS), "reading BUSY does not acknowledge anything");
        set(Bdv.OP, Bdv.OP_WRITE);
        assertEquals(Bdv.OP_READ, get(Bdv.OP), "a command while BUSY is ignored");
        gate.countDown();
        assertEquals(Bdv.READ_SUCCESS, awaitEnd());
        assertEquals(Bdv.IDLE, get(Bdv.STATUS), "reading the end state acknowledges it");
        assertNull(bdv.error());
        final byte[] got = new byte[5 * Bdv.BLOCK];
        machine.bus().peek(PhysicalAddress.of(0x01, 0x0001_0000), got.length).getBytes(0, got);
        assertArrayEquals(Arrays.copyOfRange(image, 3 * Bdv.BLOCK, 8 * Bdv.BLOCK), got);
        // The device's own traffic is counted from its cluster (0) to the target bank (1): bursts of every word.
        assertEquals(5 * Bdv.BLOCK / 4, machine.words(-1).get(0x00, 0x01, AccessKind.WRITE));
        assertTrue(machine.accesses().get(0x00, 0x01, AccessKind.WRITE) >= 1);
    }

    /** Virtual time: the transfer starts at the driver's OP write, and the driver that sees its end is past it. */
    @Test
    void theDriverThatSeesTheEndIsAtTheTransfersLastCyclePlusTheLatency() throws Exception
    {
        final Bdv bdv = build(true);
        program(0x01, 0x0001_0000, 0, 8);
        core.counts().clock().advance(1_000_000); // the driver is far ahead of the device's own clock
        set(Bdv.OP, Bdv.OP_READ);
        final long issued = core.cycles();
        final long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (bdv.status() == Bdv.BUSY && System.nanoTime() < deadline)
        {
            Thread.onSpinWait(); // without a bus access: the driver's clock stays where the OP write left it
        }
        assertEquals(issued, core.cycles());
        final long read = machine.costModel().cost(0x00, 0x00, AccessKind.DEVICE);
        assertEquals(Bdv.READ_SUCCESS, get(Bdv.STATUS));
        // 8 blocks written in bursts from cluster 0 to cluster 1's bank (1 hop), starting at the OP write
        long transfer = 0;
        for (int done = 0; done < 8; done += Bdv.CHUNK_BLOCKS)
        {
            transfer += machine.costModel().cost(0x00, 0x01, AccessKind.WRITE,
                (long)Math.min(8 - done, Bdv.CHUNK_BLOCKS) * Bdv.BLOCK / 4);
        }
        assertEquals(Math.max(issued + read, issued + transfer + CostModel.RELEASE_LATENCY), core.cycles(),
            "the driver that reads READ_SUCCESS is at the transfer's end plus the latency");
    }

    @Test
    void writeLandsInTheImageFile() throws Exception
    {
        build(true);
        final byte[] data = new byte[2 * Bdv.BLOCK];
        new Random(7).nextBytes(data);
        machine.bus().write(core, PhysicalAddress.of(0, 0x0002_0000), data, 0, data.length);
        program(0, 0x0002_0000, 10, 2);
        set(Bdv.OP, Bdv.OP_WRITE);
        assertEquals(Bdv.WRITE_SUCCESS, awaitEnd());
        final byte[] file = Files.readAllBytes(disk);
        assertArrayEquals(data, Arrays.copyOfRange(file, 10 * Bdv.BLOCK, 12 * Bdv.BLOCK));
        assertArrayEquals(Arrays.copyOfRange(image, 0, 10 * Bdv.BLOCK), Arrays.copyOfRange(file, 0, 10 * Bdv.BLOCK));
        assertArrayEquals(Arrays.copyOfRange(image, 12 * Bdv.BLOCK, image.length),
            Arrays.copyOfRange(file, 12 * Bdv.BLOCK, file.length));
    }

    @Test
    void blocksBeyondTheImageAreAReadError() throws Exception
    {
        final Bdv bdv = build(true);
        assertEquals(BLOCKS, get(Bdv.SIZE));
        assertEquals(Bdv.BLOCK, get(Bdv.BLOCK_SIZE));
        program(0, 0x0003_0000, BLOCKS - 1, 2);
        set(Bdv.OP, Bdv.OP_READ);
        assertEquals(Bdv.READ_ERROR, awaitEnd());
        assertTrue(bdv.error().contains("blocks 63..64: the image has 64 blocks"), bdv.error());
        assertEquals(Bdv.IDLE, get(Bdv.STATUS));
    }

    @Test
    void noDiskIsAnErrorWithAReadableMessage() throws Exception
    {
        final Bdv bdv = build(false);
        assertEquals(0, get(Bdv.SIZE));
        program(0, 0x0003_0000, 0, 1);
        set(Bdv.OP, Bdv.OP_READ);
        assertEquals(Bdv.READ_ERROR, awaitEnd());
        assertEquals("bdv[0x00] cannot read: no disk image configured", bdv.error());
        set(Bdv.OP, 7);
        assertEquals(Bdv.ERROR, get(Bdv.STATUS));
        assertTrue(bdv.error().contains("unknown operation 7"), bdv.error());
    }

    @Test
    void aBusErrorOnTheMemorySideIsReportedAndNamesTheDevice() throws Exception
    {
        final Bdv bdv = build(true);
        program(0x05, 0, 0, 1);
        set(Bdv.OP, Bdv.OP_READ);
        assertEquals(Bdv.READ_ERROR, awaitEnd());
        assertTrue(bdv.error().startsWith("bus error: bdv[0x00] write of 512 bytes at 0x0500000000"), bdv.error());
        program(0x00, 0x0400_0000 - Bdv.BLOCK, 0, 2);
        set(Bdv.OP, Bdv.OP_WRITE);
        assertEquals(Bdv.WRITE_ERROR, awaitEnd());
        assertTrue(bdv.error().contains("range leaves the RAM of cluster 0x00"), bdv.error());
    }

    @Test
    void theLineRisesAtCompletionWhenEnabledAndFallsWhenStatusIsRead() throws Exception
    {
        final Bdv bdv = build(true);
        final AtomicBoolean level = new AtomicBoolean();
        bdv.connectIrq(0, false, level::set);
        program(0, 0x0004_0000, 0, 1);
        set(Bdv.IRQ_ENABLE, 1);
        set(Bdv.OP, Bdv.OP_READ);
        final long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!level.get() && System.nanoTime() < deadline)
        {
            Thread.onSpinWait();
        }
        assertTrue(level.get(), "irq not raised");
        assertEquals(Bdv.READ_SUCCESS, bdv.status());
        assertEquals(Bdv.READ_SUCCESS, get(Bdv.STATUS));
        assertFalse(level.get(), "reading the end state lowers the line");
        // Disabled: the transfer ends without raising it.
        set(Bdv.IRQ_ENABLE, 0);
        set(Bdv.OP, Bdv.OP_READ);
        final long deadline2 = System.nanoTime() + DEADLINE_NANOS;
        while (bdv.status() == Bdv.BUSY && System.nanoTime() < deadline2)
        {
            Thread.onSpinWait();
        }
        assertEquals(Bdv.READ_SUCCESS, bdv.status());
        assertFalse(level.get());
    }

    @Test
    void readOnlyAndMissingRegistersAreBusErrors() throws Exception
    {
        build(true);
        final BusError ro = assertThrows(BusError.class, () -> set(Bdv.SIZE, 1));
        assertTrue(ro.getMessage().contains("bdv[0x00] register 6 is read-only"), ro.getMessage());
        final BusError none = assertThrows(BusError.class, () -> get(9));
        assertTrue(none.getMessage().contains("bdv[0x00] has no register 9"), none.getMessage());
    }
}
