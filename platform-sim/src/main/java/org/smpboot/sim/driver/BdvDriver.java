package org.smpboot.sim.driver;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.BusySpinIdleStrategy;
import org.smpboot.sim.hw.Bdv;
import org.smpboot.sim.hw.CoreFault;
import org.smpboot.sim.hw.PhysicalAddress;
import org.smpboot.sim.hw.Processor;
import org.smpboot.sim.hw.TimedIdle;
import org.smpboot.sim.image.BlockSource;

/**
 * The polling driver of the block device, as the preloader's {@code reset_ioc_bdv}, the boot-loader's
 * {@code boot_bdv_driver} and the kernel's IOC chdev (in non-descheduling mode) use it: program BUFFER, BUFFER_EXT, LBA, COUNT, IRQ_ENABLE = 0, then OP = READ, and poll
 * STATUS until the transfer ends (a poll bounded in the machine's time: its timeout names the request). Blocks land in a
 * buffer in simulated RAM, and bytes are read from there, so everything the boot reads from the disk really crosses
 * the simulated memory.
 *
 * <p>As a {@link BlockSource} it serves any byte range, one buffer-full of blocks at a time, keeping the last
 * buffer-full as a cache (the FAT lookups read the same block again and again).
 */
public final class BdvDriver implements BlockSource
{
    private final Processor core;
    private final long base;
    private final long buffer;
    private final int bufferBlocks;
    private final long timeoutNanos;
    private long cachedLba = -1;
    private int cachedBlocks;
    private long sizeBlocks = -1;

    /**
     * @param core         the core driving the device.
     * @param base         physical base of the BDV registers.
     * @param buffer       physical address of the RAM buffer.
     * @param bufferBytes  its size, a multiple of 512.
     * @param timeoutNanos bound of one transfer, in nanoseconds of the machine's time.
     */
    public BdvDriver(final Processor core, final long base, final long buffer, final int bufferBytes,
        final long timeoutNanos)
    {
        this.core = core;
        this.base = base;
        this.buffer = buffer;
        this.bufferBlocks = bufferBytes / Bdv.BLOCK;
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * IOC initialisation: checks the block size the device reports.
     *
     * @return the disk's size in blocks.
     */
    public long init()
    {
        final int blockSize = reg(Bdv.BLOCK_SIZE);
        if (blockSize != Bdv.BLOCK)
        {
            throw new CoreFault(core, "the block device reports " + blockSize + "-byte blocks, the boot reads 512");
        }
        sizeBlocks = reg(Bdv.SIZE) & 0xFFFF_FFFFL;
        return sizeBlocks;
    }

    /**
     * Reads blocks into RAM.
     *
     * @param lba   first block.
     * @param count blocks.
     * @param to    physical address they land at.
     */
    public void readBlocks(final long lba, final int count, final long to)
    {
        write(Bdv.BUFFER, (int)PhysicalAddress.offset(to));
        write(Bdv.BUFFER_EXT, PhysicalAddress.cxy(to));
        write(Bdv.LBA, (int)lba);
        write(Bdv.COUNT, count);
        write(Bdv.IRQ_ENABLE, 0);
        write(Bdv.OP, Bdv.OP_READ);
        final int[] status = new int[1];
        final boolean ended = Poll.within(core, timeoutNanos,
            new TimedIdle(core, new BusySpinIdleStrategy()), () ->
            {
                status[0] = reg(Bdv.STATUS);
                return status[0] != Bdv.BUSY && status[0] != Bdv.IDLE;
            });
        if (!ended)
        {
            throw new CoreFault(core, String.format("block device read of %d blocks at LBA %d: STATUS still %d " +
                "after %d ms", count, lba, status[0], TimeUnit.NANOSECONDS.toMillis(timeoutNanos)));
        }
        if (status[0] != Bdv.READ_SUCCESS)
        {
            throw new CoreFault(core, String.format("block device read of %d blocks at LBA %d into %s failed " +
                "with status %d", count, lba, PhysicalAddress.format(to), status[0]));
        }
    }

    @Override
    public long length()
    {
        if (sizeBlocks < 0)
        {
            init();
        }
        return sizeBlocks * Bdv.BLOCK;
    }

    @Override
    public int read(final long position, final byte[] dst, final int at, final int n) throws IOException
    {
        final long size = length();
        if (position >= size)
        {
            return -1;
        }
        int done = 0;
        while (done < n && position + done < size)
        {
            final long pos = position + done;
            final long lba = pos / Bdv.BLOCK;
            if (cachedLba < 0 || lba < cachedLba || lba >= cachedLba + cachedBlocks)
            {
                final int blocks = (int)Math.min(bufferBlocks, size / Bdv.BLOCK - lba);
                readBlocks(lba, blocks, buffer);
                cachedLba = lba;
                cachedBlocks = blocks;
            }
            final long inBuffer = pos - cachedLba * Bdv.BLOCK;
            final int m = (int)Math.min(n - done, (long)cachedBlocks * Bdv.BLOCK - inBuffer);
            core.bus().read(core, buffer + inBuffer, dst, at + done, m);
            done += m;
        }
        return done;
    }

    @Override
    public void close()
    {
        cachedLba = -1;
    }

    private int reg(final int index)
    {
        return core.bus().read32(core, base + 4L * index);
    }

    private void write(final int index, final int value)
    {
        core.bus().write32(core, base + 4L * index, value);
    }
}
