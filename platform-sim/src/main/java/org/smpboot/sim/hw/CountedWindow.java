package org.smpboot.sim.hw;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * A window of simulated RAM for one initiator, handed to the runtime's flyweights ({@code BootBlock},
 * {@code StackPool}, barriers) so that they run unchanged on simulated memory: every word access they make is
 * counted as the initiator's, against the window's bank, like a {@link Bus} access.
 *
 * <p>Counting is single-writer ({@link AccessCounts}): a window belongs to the one thread of its initiator. Each
 * overridden method counts one access of its kind then does the access on the same native memory the bus uses, with
 * exactly the memory ordering the method names. The deprecated {@code put*Ordered} methods are not overridden: Agrona
 * implements them by calling {@code put*Release}, which counts (a test pins this). Methods not overridden (byte arrays, strings) are not counted;
 * the flyweights do not use them on contended words.
 */
public final class CountedWindow extends UnsafeBuffer
{
    @SuppressWarnings("unused")
    private final Bank bank;
    private final AccessCounts counts;
    private final int target;
    private final long paddr;

    CountedWindow(final Bank bank, final AccessCounts counts, final int offset, final int length)
    {
        super(bank.address() + offset, length);
        this.bank = bank;
        this.counts = counts;
        this.target = bank.cxy();
        this.paddr = PhysicalAddress.of(bank.cxy(), offset);
    }

    /** @return the physical address of byte 0 of the window. */
    public long paddr()
    {
        return paddr;
    }

    private void read()
    {
        counts.count(target, AccessKind.READ);
    }

    private void write()
    {
        counts.count(target, AccessKind.WRITE);
    }

    private void atomic()
    {
        counts.count(target, AccessKind.ATOMIC);
    }

    @Override
    public long getLong(final int index)
    {
        read();
        return super.getLong(index);
    }

    @Override
    public long getLongVolatile(final int index)
    {
        read();
        return super.getLongVolatile(index);
    }

    @Override
    public long getLongAcquire(final int index)
    {
        read();
        return super.getLongAcquire(index);
    }

    @Override
    public int getInt(final int index)
    {
        read();
        return super.getInt(index);
    }

    @Override
    public int getIntVolatile(final int index)
    {
        read();
        return super.getIntVolatile(index);
    }

    @Override
    public int getIntAcquire(final int index)
    {
        read();
        return super.getIntAcquire(index);
    }

    @Override
    public byte getByte(final int index)
    {
        read();
        return super.getByte(index);
    }

    @Override
    public void putLong(final int index, final long value)
    {
        write();
        super.putLong(index, value);
    }

    @Override
    public void putLongVolatile(final int index, final long value)
    {
        write();
        super.putLongVolatile(index, value);
    }

    @Override
    public void putLongRelease(final int index, final long value)
    {
        write();
        super.putLongRelease(index, value);
    }

    @Override
    public void putInt(final int index, final int value)
    {
        write();
        super.putInt(index, value);
    }

    @Override
    public void putIntVolatile(final int index, final int value)
    {
        write();
        super.putIntVolatile(index, value);
    }

    @Override
    public void putIntRelease(final int index, final int value)
    {
        write();
        super.putIntRelease(index, value);
    }

    @Override
    public void putByte(final int index, final byte value)
    {
        write();
        super.putByte(index, value);
    }

    @Override
    public boolean compareAndSetLong(final int index, final long expected, final long update)
    {
        atomic();
        return super.compareAndSetLong(index, expected, update);
    }

    @Override
    public boolean compareAndSetInt(final int index, final int expected, final int update)
    {
        atomic();
        return super.compareAndSetInt(index, expected, update);
    }

    @Override
    public long getAndAddLong(final int index, final long delta)
    {
        atomic();
        return super.getAndAddLong(index, delta);
    }

    @Override
    public int getAndAddInt(final int index, final int delta)
    {
        atomic();
        return super.getAndAddInt(index, delta);
    }

    @Override
    public long getAndSetLong(final int index, final long value)
    {
        atomic();
        return super.getAndSetLong(index, value);
    }

    @Override
    public int getAndSetInt(final int index, final int value)
    {
        atomic();
        return super.getAndSetInt(index, value);
    }
}
