package org.smpboot.sim.hw;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * A window of simulated RAM for one initiator, handed to the runtime's flyweights ({@code BootBlock},
 * {@code StackPool}, barriers) so that they run unchanged on simulated memory: every word access they make is
 * counted as the initiator's, against the window's bank, like a {@link Bus} access.
 *
 * <p>Stores and atomics wake the cores waiting on the word ({@link WakeTable}); reads are noted in the core's
 * {@link WaitCue}, so that its wait loops park until what they read changes.
 *
 * <p>Virtual time: stores and atomics leave the initiator's cycle in the word's {@link WakeTable} stamp; reads take
 * the reader to a later stamp of another initiator plus the release latency ({@link CycleCounter}).
 *
 * <p>Every access is a point where a deterministic {@link Schedule} may run another core.
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
    private final WakeTable wakes;
    private final WaitCue cue;
    private final Initiator who;
    private final Schedule schedule;

    CountedWindow(final Bank bank, final Initiator who, final int offset, final int length,
        final WakeTable wakes, final WaitCue cue, final Schedule schedule)
    {
        super(bank.address() + offset, length);
        this.bank = bank;
        this.who = who;
        this.schedule = schedule;
        this.counts = who.counts();
        this.target = bank.cxy();
        this.paddr = PhysicalAddress.of(bank.cxy(), offset);
        this.wakes = wakes;
        this.cue = cue;
    }

    /** @return the physical address of byte 0 of the window. */
    public long paddr()
    {
        return paddr;
    }

    private void read(final int index)
    {
        schedule.access(who);
        counts.count(target, AccessKind.READ);
        if (cue != null)
        {
            cue.read(paddr + index);
        }
    }

    /** Virtual time, after a read: another initiator's later store of the word takes this one to its cycle. */
    private long seenLong(final int index, final long value)
    {
        final CycleCounter c = counts.clock();
        if (c != null)
        {
            c.seen(wakes.stamp(paddr + index));
        }
        return value;
    }

    /** Virtual time, before a store or an atomic: the writer's cycle, where readers of the word find it. */
    private void stamp(final int index)
    {
        final CycleCounter c = counts.clock();
        if (c != null)
        {
            wakes.stamp(paddr + index, c.stamp());
        }
    }

    private void write()
    {
        schedule.access(who);
        counts.count(target, AccessKind.WRITE);
    }

    private void stored(final int index)
    {
        wakes.written(paddr + index, true);
    }

    private void atomic()
    {
        schedule.access(who);
        counts.count(target, AccessKind.ATOMIC);
    }

    private void changed(final int index)
    {
        wakes.written(paddr + index, false);
    }

    @Override
    public long getLong(final int index)
    {
        read(index);
        return seenLong(index, super.getLong(index));
    }

    @Override
    public long getLongVolatile(final int index)
    {
        read(index);
        return seenLong(index, super.getLongVolatile(index));
    }

    @Override
    public long getLongAcquire(final int index)
    {
        read(index);
        return seenLong(index, super.getLongAcquire(index));
    }

    @Override
    public int getInt(final int index)
    {
        read(index);
        return (int)seenLong(index, super.getInt(index));
    }

    @Override
    public int getIntVolatile(final int index)
    {
        read(index);
        return (int)seenLong(index, super.getIntVolatile(index));
    }

    @Override
    public int getIntAcquire(final int index)
    {
        read(index);
        return (int)seenLong(index, super.getIntAcquire(index));
    }

    @Override
    public byte getByte(final int index)
    {
        read(index);
        return (byte)seenLong(index, super.getByte(index));
    }

    @Override
    public void putLong(final int index, final long value)
    {
        write();
        stamp(index);
        super.putLong(index, value);
        stored(index);
    }

    @Override
    public void putLongVolatile(final int index, final long value)
    {
        write();
        stamp(index);
        super.putLongVolatile(index, value);
        stored(index);
    }

    @Override
    public void putLongRelease(final int index, final long value)
    {
        write();
        stamp(index);
        super.putLongRelease(index, value);
        stored(index);
    }

    @Override
    public void putInt(final int index, final int value)
    {
        write();
        stamp(index);
        super.putInt(index, value);
        stored(index);
    }

    @Override
    public void putIntVolatile(final int index, final int value)
    {
        write();
        stamp(index);
        super.putIntVolatile(index, value);
        stored(index);
    }

    @Override
    public void putIntRelease(final int index, final int value)
    {
        write();
        stamp(index);
        super.putIntRelease(index, value);
        stored(index);
    }

    @Override
    public void putByte(final int index, final byte value)
    {
        write();
        stamp(index);
        super.putByte(index, value);
        stored(index);
    }

    @Override
    public boolean compareAndSetLong(final int index, final long expected, final long update)
    {
        atomic();
        final boolean swapped = super.compareAndSetLong(index, expected, update);
        seenLong(index, 0); // an atomic reads the word too
        if (swapped)
        {
            stamp(index); // after: a failed CAS stores nothing (a reader may miss a stamp only by a few cycles)
            changed(index);
        }
        return swapped;
    }

    @Override
    public boolean compareAndSetInt(final int index, final int expected, final int update)
    {
        atomic();
        final boolean swapped = super.compareAndSetInt(index, expected, update);
        seenLong(index, 0); // an atomic reads the word too
        if (swapped)
        {
            stamp(index); // after: a failed CAS stores nothing (a reader may miss a stamp only by a few cycles)
            changed(index);
        }
        return swapped;
    }

    @Override
    public long getAndAddLong(final int index, final long delta)
    {
        atomic();
        final long before = super.getAndAddLong(index, delta);
        seenLong(index, 0);
        stamp(index);
        changed(index);
        return before;
    }

    @Override
    public int getAndAddInt(final int index, final int delta)
    {
        atomic();
        final int before = super.getAndAddInt(index, delta);
        seenLong(index, 0);
        stamp(index);
        changed(index);
        return before;
    }

    @Override
    public long getAndSetLong(final int index, final long value)
    {
        atomic();
        final long before = super.getAndSetLong(index, value);
        seenLong(index, 0);
        stamp(index);
        changed(index);
        return before;
    }

    @Override
    public int getAndSetInt(final int index, final int value)
    {
        atomic();
        final int before = super.getAndSetInt(index, value);
        seenLong(index, 0);
        stamp(index);
        changed(index);
        return before;
    }
}
