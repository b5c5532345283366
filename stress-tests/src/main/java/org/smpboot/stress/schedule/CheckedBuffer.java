package org.smpboot.stress.schedule;

import java.nio.ByteOrder;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * The instrumented memory of the schedule checker: an Agrona {@link UnsafeBuffer} over a heap array, handed to the
 * runtime's flyweights ({@code BootBlock}, {@code StackPool}, the barriers), which run over it unchanged. Every word
 * access a checked thread makes is a scheduling point: before it, the {@link Execution} decides which thread performs
 * the next access; after it, the execution learns what was read or written (to wake waiters, and for the trace).
 *
 * <p>Accesses from any other thread (the explorer building a state or checking it afterwards) pass straight through.
 *
 * <p>Every accessor of {@code UnsafeBuffer} that takes a word index and reads or writes memory is overridden (a test
 * holds the list to Agrona's), so no access escapes the scheduler. Each override does the access with exactly the
 * memory ordering its name says; since one thread runs at a time, the checker explores sequentially consistent
 * interleavings, and leaves the reorderings the Java memory model allows to jcstress.
 */
public final class CheckedBuffer extends UnsafeBuffer
{
    private final Execution execution;

    CheckedBuffer(final Execution execution, final int length)
    {
        super(new byte[length]);
        this.execution = execution;
    }

    /** @return a hash of the whole content, read plainly (for the explorer's visited states). */
    long contentHash()
    {
        final int length = capacity();
        long h = length;
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES)
        {
            h = (h ^ super.getLong(i)) * 0x9e3779b97f4a7c15L;
            h ^= h >>> 29;
        }
        for (; i < length; i++)
        {
            h = (h ^ super.getByte(i)) * 0x9e3779b97f4a7c15L;
        }
        return h;
    }

    private Execution.Worker worker()
    {
        final Thread t = Thread.currentThread();
        return t instanceof Execution.Worker w && w.execution == execution ? w : null;
    }

    private int before(final Op op, final int index)
    {
        final Execution.Worker w = worker();
        if (w == null)
        {
            return -1;
        }
        execution.beforeAccess(w.index, op, index);
        return w.index;
    }

    private long read(final int thread, final Op op, final int index, final long value)
    {
        if (thread >= 0)
        {
            execution.afterAccess(thread, op, index, false, value);
        }
        return value;
    }

    private void wrote(final int thread, final Op op, final int index, final long value)
    {
        if (thread >= 0)
        {
            execution.afterAccess(thread, op, index, true, value);
        }
    }

    // ----- reads -----

    @Override
    public long getLong(final int index)
    {
        final int t = before(Op.LOAD, index);
        return read(t, Op.LOAD, index, super.getLong(index));
    }

    @Override
    public long getLong(final int index, final ByteOrder byteOrder)
    {
        final int t = before(Op.LOAD, index);
        return read(t, Op.LOAD, index, super.getLong(index, byteOrder));
    }

    @Override
    public long getLongVolatile(final int index)
    {
        final int t = before(Op.LOAD_VOLATILE, index);
        return read(t, Op.LOAD_VOLATILE, index, super.getLongVolatile(index));
    }

    @Override
    public long getLongAcquire(final int index)
    {
        final int t = before(Op.LOAD_ACQUIRE, index);
        return read(t, Op.LOAD_ACQUIRE, index, super.getLongAcquire(index));
    }

    @Override
    public long getLongOpaque(final int index)
    {
        final int t = before(Op.LOAD_OPAQUE, index);
        return read(t, Op.LOAD_OPAQUE, index, super.getLongOpaque(index));
    }

    @Override
    public int getInt(final int index)
    {
        final int t = before(Op.LOAD, index);
        return (int)read(t, Op.LOAD, index, super.getInt(index));
    }

    @Override
    public int getInt(final int index, final ByteOrder byteOrder)
    {
        final int t = before(Op.LOAD, index);
        return (int)read(t, Op.LOAD, index, super.getInt(index, byteOrder));
    }

    @Override
    public int getIntVolatile(final int index)
    {
        final int t = before(Op.LOAD_VOLATILE, index);
        return (int)read(t, Op.LOAD_VOLATILE, index, super.getIntVolatile(index));
    }

    @Override
    public int getIntAcquire(final int index)
    {
        final int t = before(Op.LOAD_ACQUIRE, index);
        return (int)read(t, Op.LOAD_ACQUIRE, index, super.getIntAcquire(index));
    }

    @Override
    public int getIntOpaque(final int index)
    {
        final int t = before(Op.LOAD_OPAQUE, index);
        return (int)read(t, Op.LOAD_OPAQUE, index, super.getIntOpaque(index));
    }

    @Override
    public short getShortVolatile(final int index)
    {
        final int t = before(Op.LOAD_VOLATILE, index);
        return (short)read(t, Op.LOAD_VOLATILE, index, super.getShortVolatile(index));
    }

    @Override
    public char getCharVolatile(final int index)
    {
        final int t = before(Op.LOAD_VOLATILE, index);
        return (char)read(t, Op.LOAD_VOLATILE, index, super.getCharVolatile(index));
    }

    @Override
    public byte getByte(final int index)
    {
        final int t = before(Op.LOAD, index);
        return (byte)read(t, Op.LOAD, index, super.getByte(index));
    }

    @Override
    public byte getByteVolatile(final int index)
    {
        final int t = before(Op.LOAD_VOLATILE, index);
        return (byte)read(t, Op.LOAD_VOLATILE, index, super.getByteVolatile(index));
    }

    // ----- writes -----

    @Override
    public void putLong(final int index, final long value)
    {
        final int t = before(Op.STORE, index);
        super.putLong(index, value);
        wrote(t, Op.STORE, index, value);
    }

    @Override
    public void putLong(final int index, final long value, final ByteOrder byteOrder)
    {
        final int t = before(Op.STORE, index);
        super.putLong(index, value, byteOrder);
        wrote(t, Op.STORE, index, value);
    }

    @Override
    public void putLongVolatile(final int index, final long value)
    {
        final int t = before(Op.STORE_VOLATILE, index);
        super.putLongVolatile(index, value);
        wrote(t, Op.STORE_VOLATILE, index, value);
    }

    @Override
    public void putLongRelease(final int index, final long value)
    {
        final int t = before(Op.STORE_RELEASE, index);
        super.putLongRelease(index, value);
        wrote(t, Op.STORE_RELEASE, index, value);
    }

    @Override
    @SuppressWarnings("deprecation")
    public void putLongOrdered(final int index, final long value)
    {
        final int t = before(Op.STORE_RELEASE, index);
        super.putLongRelease(index, value); // Agrona's putLongOrdered calls putLongRelease: one access, not two
        wrote(t, Op.STORE_RELEASE, index, value);
    }

    @Override
    public void putLongOpaque(final int index, final long value)
    {
        final int t = before(Op.STORE_OPAQUE, index);
        super.putLongOpaque(index, value);
        wrote(t, Op.STORE_OPAQUE, index, value);
    }

    @Override
    public void putInt(final int index, final int value)
    {
        final int t = before(Op.STORE, index);
        super.putInt(index, value);
        wrote(t, Op.STORE, index, value);
    }

    @Override
    public void putInt(final int index, final int value, final ByteOrder byteOrder)
    {
        final int t = before(Op.STORE, index);
        super.putInt(index, value, byteOrder);
        wrote(t, Op.STORE, index, value);
    }

    @Override
    public void putIntVolatile(final int index, final int value)
    {
        final int t = before(Op.STORE_VOLATILE, index);
        super.putIntVolatile(index, value);
        wrote(t, Op.STORE_VOLATILE, index, value);
    }

    @Override
    public void putIntRelease(final int index, final int value)
    {
        final int t = before(Op.STORE_RELEASE, index);
        super.putIntRelease(index, value);
        wrote(t, Op.STORE_RELEASE, index, value);
    }

    @Override
    @SuppressWarnings("deprecation")
    public void putIntOrdered(final int index, final int value)
    {
        final int t = before(Op.STORE_RELEASE, index);
        super.putIntRelease(index, value);
        wrote(t, Op.STORE_RELEASE, index, value);
    }

    @Override
    public void putIntOpaque(final int index, final int value)
    {
        final int t = before(Op.STORE_OPAQUE, index);
        super.putIntOpaque(index, value);
        wrote(t, Op.STORE_OPAQUE, index, value);
    }

    @Override
    public void putShortVolatile(final int index, final short value)
    {
        final int t = before(Op.STORE_VOLATILE, index);
        super.putShortVolatile(index, value);
        wrote(t, Op.STORE_VOLATILE, index, value);
    }

    @Override
    public void putCharVolatile(final int index, final char value)
    {
        final int t = before(Op.STORE_VOLATILE, index);
        super.putCharVolatile(index, value);
        wrote(t, Op.STORE_VOLATILE, index, value);
    }

    @Override
    public void putByte(final int index, final byte value)
    {
        final int t = before(Op.STORE, index);
        super.putByte(index, value);
        wrote(t, Op.STORE, index, value);
    }

    @Override
    public void putByteVolatile(final int index, final byte value)
    {
        final int t = before(Op.STORE_VOLATILE, index);
        super.putByteVolatile(index, value);
        wrote(t, Op.STORE_VOLATILE, index, value);
    }

    @Override
    public void setMemory(final int index, final int length, final byte value)
    {
        final int t = before(Op.STORE, index);
        super.setMemory(index, length, value);
        if (t >= 0)
        {
            for (int at = index & ~7; at < index + length; at += 8)
            {
                execution.afterAccess(t, Op.STORE, at, true, value);
            }
        }
    }

    // ----- the other widths (the runtime uses none; overridden so that no access escapes) -----

    @Override
    public short getShort(final int index)
    {
        final int t = before(Op.LOAD, index);
        return (short)read(t, Op.LOAD, index, super.getShort(index));
    }

    @Override
    public short getShort(final int index, final ByteOrder byteOrder)
    {
        final int t = before(Op.LOAD, index);
        return (short)read(t, Op.LOAD, index, super.getShort(index, byteOrder));
    }

    @Override
    public void putShort(final int index, final short value)
    {
        final int t = before(Op.STORE, index);
        super.putShort(index, value);
        wrote(t, Op.STORE, index, value);
    }

    @Override
    public void putShort(final int index, final short value, final ByteOrder byteOrder)
    {
        final int t = before(Op.STORE, index);
        super.putShort(index, value, byteOrder);
        wrote(t, Op.STORE, index, value);
    }

    @Override
    public char getChar(final int index)
    {
        final int t = before(Op.LOAD, index);
        return (char)read(t, Op.LOAD, index, super.getChar(index));
    }

    @Override
    public char getChar(final int index, final ByteOrder byteOrder)
    {
        final int t = before(Op.LOAD, index);
        return (char)read(t, Op.LOAD, index, super.getChar(index, byteOrder));
    }

    @Override
    public void putChar(final int index, final char value)
    {
        final int t = before(Op.STORE, index);
        super.putChar(index, value);
        wrote(t, Op.STORE, index, value);
    }

    @Override
    public void putChar(final int index, final char value, final ByteOrder byteOrder)
    {
        final int t = before(Op.STORE, index);
        super.putChar(index, value, byteOrder);
        wrote(t, Op.STORE, index, value);
    }

    @Override
    public double getDouble(final int index)
    {
        final int t = before(Op.LOAD, index);
        final double v = super.getDouble(index);
        read(t, Op.LOAD, index, Double.doubleToRawLongBits(v));
        return v;
    }

    @Override
    public double getDouble(final int index, final ByteOrder byteOrder)
    {
        final int t = before(Op.LOAD, index);
        final double v = super.getDouble(index, byteOrder);
        read(t, Op.LOAD, index, Double.doubleToRawLongBits(v));
        return v;
    }

    @Override
    public void putDouble(final int index, final double value)
    {
        final int t = before(Op.STORE, index);
        super.putDouble(index, value);
        wrote(t, Op.STORE, index, Double.doubleToRawLongBits(value));
    }

    @Override
    public void putDouble(final int index, final double value, final ByteOrder byteOrder)
    {
        final int t = before(Op.STORE, index);
        super.putDouble(index, value, byteOrder);
        wrote(t, Op.STORE, index, Double.doubleToRawLongBits(value));
    }

    @Override
    public float getFloat(final int index)
    {
        final int t = before(Op.LOAD, index);
        final float v = super.getFloat(index);
        read(t, Op.LOAD, index, Float.floatToRawIntBits(v));
        return v;
    }

    @Override
    public float getFloat(final int index, final ByteOrder byteOrder)
    {
        final int t = before(Op.LOAD, index);
        final float v = super.getFloat(index, byteOrder);
        read(t, Op.LOAD, index, Float.floatToRawIntBits(v));
        return v;
    }

    @Override
    public void putFloat(final int index, final float value)
    {
        final int t = before(Op.STORE, index);
        super.putFloat(index, value);
        wrote(t, Op.STORE, index, Float.floatToRawIntBits(value));
    }

    @Override
    public void putFloat(final int index, final float value, final ByteOrder byteOrder)
    {
        final int t = before(Op.STORE, index);
        super.putFloat(index, value, byteOrder);
        wrote(t, Op.STORE, index, Float.floatToRawIntBits(value));
    }

    // ----- read-modify-writes -----

    @Override
    public boolean compareAndSetLong(final int index, final long expected, final long update)
    {
        final int t = before(Op.CAS, index);
        final boolean swapped = super.compareAndSetLong(index, expected, update);
        if (t >= 0)
        {
            execution.afterAccess(t, swapped ? Op.CAS : Op.CAS_FAILED, index, swapped, swapped ? update : expected);
        }
        return swapped;
    }

    @Override
    public boolean compareAndSetInt(final int index, final int expected, final int update)
    {
        final int t = before(Op.CAS, index);
        final boolean swapped = super.compareAndSetInt(index, expected, update);
        if (t >= 0)
        {
            execution.afterAccess(t, swapped ? Op.CAS : Op.CAS_FAILED, index, swapped, swapped ? update : expected);
        }
        return swapped;
    }

    @Override
    public long compareAndExchangeLong(final int index, final long expected, final long update)
    {
        final int t = before(Op.CAS, index);
        final long witness = super.compareAndExchangeLong(index, expected, update);
        if (t >= 0)
        {
            execution.afterAccess(t, witness == expected ? Op.CAS : Op.CAS_FAILED, index, witness == expected, witness);
        }
        return witness;
    }

    @Override
    public int compareAndExchangeInt(final int index, final int expected, final int update)
    {
        final int t = before(Op.CAS, index);
        final int witness = super.compareAndExchangeInt(index, expected, update);
        if (t >= 0)
        {
            execution.afterAccess(t, witness == expected ? Op.CAS : Op.CAS_FAILED, index, witness == expected, witness);
        }
        return witness;
    }

    @Override
    public long getAndAddLong(final int index, final long delta)
    {
        final int t = before(Op.RMW, index);
        final long before = super.getAndAddLong(index, delta);
        wrote(t, Op.RMW, index, before + delta);
        return before;
    }

    @Override
    public int getAndAddInt(final int index, final int delta)
    {
        final int t = before(Op.RMW, index);
        final int before = super.getAndAddInt(index, delta);
        wrote(t, Op.RMW, index, before + delta);
        return before;
    }

    @Override
    public long getAndSetLong(final int index, final long value)
    {
        final int t = before(Op.RMW, index);
        final long before = super.getAndSetLong(index, value);
        wrote(t, Op.RMW, index, value);
        return before;
    }

    @Override
    public int getAndSetInt(final int index, final int value)
    {
        final int t = before(Op.RMW, index);
        final int before = super.getAndSetInt(index, value);
        wrote(t, Op.RMW, index, value);
        return before;
    }

    @Override
    @SuppressWarnings("deprecation")
    public long addLongOrdered(final int index, final long increment)
    {
        return addLongRelease(index, increment);
    }

    @Override
    public long addLongRelease(final int index, final long increment)
    {
        final int t = before(Op.RMW, index);
        final long before = super.addLongRelease(index, increment); // single writer: load, then release store
        wrote(t, Op.RMW, index, before + increment);
        return before;
    }

    @Override
    public long addLongOpaque(final int index, final long increment)
    {
        final int t = before(Op.RMW, index);
        final long before = super.addLongOpaque(index, increment);
        wrote(t, Op.RMW, index, before + increment);
        return before;
    }

    @Override
    @SuppressWarnings("deprecation")
    public int addIntOrdered(final int index, final int increment)
    {
        return addIntRelease(index, increment);
    }

    @Override
    public int addIntRelease(final int index, final int increment)
    {
        final int t = before(Op.RMW, index);
        final int before = super.addIntRelease(index, increment);
        wrote(t, Op.RMW, index, before + increment);
        return before;
    }

    @Override
    public int addIntOpaque(final int index, final int increment)
    {
        final int t = before(Op.RMW, index);
        final int before = super.addIntOpaque(index, increment);
        wrote(t, Op.RMW, index, before + increment);
        return before;
    }

    /** What an access does, for the scheduler (a read may spin, a write wakes) and the trace. */
    enum Op
    {
        LOAD("load", false), LOAD_VOLATILE("load volatile", false), LOAD_ACQUIRE("load acquire", false),
        LOAD_OPAQUE("load opaque", false),
        STORE("store", true), STORE_VOLATILE("store volatile", true), STORE_RELEASE("store release", true),
        STORE_OPAQUE("store opaque", true),
        CAS("CAS", true), CAS_FAILED("CAS failed", true), RMW("atomic add/set", true);

        final String text;
        /** May change memory: not a candidate for spin detection. */
        final boolean writes;

        Op(final String text, final boolean writes)
        {
            this.text = text;
            this.writes = writes;
        }
    }
}
