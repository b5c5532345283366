package org.smpboot.sim.hw;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;

/**
 * A window of simulated RAM for one initiator, handed to the runtime's flyweights ({@code BootBlock},
 * {@code StackPool}, barriers) so that they run unchanged on simulated memory. It is an {@link AtomicBuffer} that
 * exposes only what it can account for: every word access (loads and stores of 1, 2, 4 and 8 bytes in every access
 * mode, either byte order, and every atomic) is one access through the bus's {@link AccessPort}, exactly as the same
 * access by a core's instruction on the {@link Bus} (scheduling point, count, cycles, stamp, wake, write watcher);
 * byte-array copies and {@link #setMemory} are one bulk request ({@link AccessPort#burst}). Everything else (strings,
 * ASCII numbers, transfers through {@link ByteBuffer}s or other buffers, re-wrapping, the raw address) throws
 * {@link UnsupportedOperationException} naming the method: an access the simulator cannot count must not happen
 * silently.
 *
 * <p>Layout: byte {@code i} of the window is the machine address {@code paddr() + i}, in one bank; or, for an
 * interleaved window ({@link Bus#interleavedWindow}), in stripe {@code i / stripe} of several banks taken in turn (a
 * word access may not cross a stripe). Bounds are checked
 * on every access ({@link IndexOutOfBoundsException}).
 *
 * <p>Memory ordering: each method does its access with exactly the mode it names ({@code put*Ordered} is a release
 * store, as in Agrona); {@code add*Ordered}, {@code add*Release} and {@code add*Opaque} are the JVM's fetch-and-add,
 * which is at least as strong.
 *
 * <p>Single thread: a window belongs to the one thread of its initiator, whose counts it writes.
 */
public final class CountedWindow implements AtomicBuffer
{
    private static final boolean NATIVE_LE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private final AccessPort port;
    private final Bank bank;
    private final Initiator who;
    private final long paddr;
    private final int length;
    /** Interleaved: the banks of the stripes in turn, and where in each the window's stripes start; else null. */
    private final Bank[] banks;
    private final long[] bases;
    private final int stripe;
    /** Interleaved, first-touch initialisation: stores to other clusters' stripes are dropped (-1: none is). */
    private final int writesOnlyTo;

    CountedWindow(final AccessPort port, final Bank bank, final Initiator who, final long paddr, final int length)
    {
        this.port = port;
        this.bank = bank;
        this.who = who;
        this.paddr = paddr;
        this.length = length;
        this.banks = null;
        this.bases = null;
        this.stripe = 0;
        this.writesOnlyTo = -1;
    }

    /**
     * An interleaved window: byte {@code i} lies in stripe {@code s = i / stripe}, in bank {@code banks[s % n]} at
     * {@code bases[s % n] + (s / n) * stripe + i % stripe}: consecutive stripes go to the banks in turn, as a NUMA
     * interleave policy places pages.
     */
    CountedWindow(final AccessPort port, final Bank[] banks, final long[] bases, final int stripe, final Initiator who,
        final int length, final int writesOnlyTo)
    {
        this.port = port;
        this.bank = banks[0];
        this.who = who;
        this.paddr = bases[0];
        this.length = length;
        this.banks = banks.clone();
        this.bases = bases.clone();
        this.stripe = stripe;
        this.writesOnlyTo = writesOnlyTo;
    }

    /** @return the stripe of byte {@code index} of an interleaved window. */
    private int way(final int index)
    {
        return (index / stripe) % banks.length;
    }

    /** @return the machine address of byte {@code index} of an interleaved window. */
    private long address(final int index)
    {
        final int s = index / stripe;
        return bases[s % banks.length] + (long)(s / banks.length) * stripe + index % stripe;
    }

    /** @return whether a store to byte {@code index} is dropped (first-touch initialisation of another cluster's part). */
    private boolean dropped(final int index)
    {
        return writesOnlyTo >= 0 && banks[way(index)].cxy() != writesOnlyTo;
    }

    /** @return the physical address of byte 0 of the window. */
    public long paddr()
    {
        return paddr;
    }

    // ---- the one path: a word, or a byte range ----

    private long word(final int index, final int width, final AccessPort.Op op, final long value, final long expect)
    {
        boundsCheck0(index, width);
        if (banks == null)
        {
            return port.window(who, bank, paddr + index, width, op, value, expect);
        }
        if (index % stripe + width > stripe)
        {
            throw new IndexOutOfBoundsException("index=" + index + " length=" + width + " crosses a " + stripe +
                "-byte stripe of " + this);
        }
        if (op.kind != AccessKind.READ && dropped(index))
        {
            return 0;
        }
        return port.window(who, banks[way(index)], address(index), width, op, value, expect);
    }

    private long load(final int index, final int width, final AccessPort.Op op)
    {
        return word(index, width, op, 0, 0);
    }

    private void store(final int index, final int width, final AccessPort.Op op, final long value)
    {
        word(index, width, op, value, 0);
    }

    private org.agrona.concurrent.UnsafeBuffer burst(final int index, final int len, final AccessKind kind)
    {
        boundsCheck0(index, len);
        return port.burst(who, bank, paddr + index, len, kind);
    }

    private int bankOffset(final int index)
    {
        return (int)PhysicalAddress.offset(paddr) + index;
    }

    private void boundsCheck0(final int index, final int len)
    {
        if (index < 0 || len < 0 || (long)index + len > length)
        {
            throw new IndexOutOfBoundsException("index=" + index + " length=" + len + " capacity=" + length +
                " of the window at " + PhysicalAddress.format(paddr));
        }
    }

    private UnsupportedOperationException refused(final String method)
    {
        return new UnsupportedOperationException(method + " on a CountedWindow (" + who.name() + " at " +
            PhysicalAddress.format(paddr) + "): not an access the simulator counts; use word accesses or byte arrays");
    }

    private static boolean swap(final ByteOrder order)
    {
        return (order == ByteOrder.LITTLE_ENDIAN) != NATIVE_LE;
    }

    // ---- geometry (no access) ----

    @Override
    public int capacity()
    {
        return length;
    }

    @Override
    public void checkLimit(final int limit)
    {
        if (limit > length)
        {
            throw new IndexOutOfBoundsException("limit=" + limit + " is beyond capacity=" + length);
        }
    }

    @Override
    public void boundsCheck(final int index, final int len)
    {
        boundsCheck0(index, len);
    }

    @Override
    public boolean isExpandable()
    {
        return false;
    }

    @Override
    public void verifyAlignment()
    {
        if ((paddr & 7) != 0)
        {
            throw new IllegalStateException("window at " + PhysicalAddress.format(paddr) + " is not 8-aligned");
        }
    }

    @Override
    public int wrapAdjustment()
    {
        return 0;
    }

    // ---- loads ----

    @Override
    public long getLong(final int index)
    {
        return load(index, 8, AccessPort.Op.LOAD);
    }

    @Override
    public long getLong(final int index, final ByteOrder order)
    {
        final long v = getLong(index);
        return swap(order) ? Long.reverseBytes(v) : v;
    }

    @Override
    public long getLongVolatile(final int index)
    {
        return load(index, 8, AccessPort.Op.LOAD_VOLATILE);
    }

    @Override
    public long getLongAcquire(final int index)
    {
        return load(index, 8, AccessPort.Op.LOAD_ACQUIRE);
    }

    @Override
    public long getLongOpaque(final int index)
    {
        return load(index, 8, AccessPort.Op.LOAD_OPAQUE);
    }

    @Override
    public int getInt(final int index)
    {
        return (int)load(index, 4, AccessPort.Op.LOAD);
    }

    @Override
    public int getInt(final int index, final ByteOrder order)
    {
        final int v = getInt(index);
        return swap(order) ? Integer.reverseBytes(v) : v;
    }

    @Override
    public int getIntVolatile(final int index)
    {
        return (int)load(index, 4, AccessPort.Op.LOAD_VOLATILE);
    }

    @Override
    public int getIntAcquire(final int index)
    {
        return (int)load(index, 4, AccessPort.Op.LOAD_ACQUIRE);
    }

    @Override
    public int getIntOpaque(final int index)
    {
        return (int)load(index, 4, AccessPort.Op.LOAD_OPAQUE);
    }

    @Override
    public short getShort(final int index)
    {
        return (short)load(index, 2, AccessPort.Op.LOAD);
    }

    @Override
    public short getShort(final int index, final ByteOrder order)
    {
        final short v = getShort(index);
        return swap(order) ? Short.reverseBytes(v) : v;
    }

    @Override
    public short getShortVolatile(final int index)
    {
        return (short)load(index, 2, AccessPort.Op.LOAD_VOLATILE);
    }

    @Override
    public char getChar(final int index)
    {
        return (char)load(index, 2, AccessPort.Op.LOAD);
    }

    @Override
    public char getChar(final int index, final ByteOrder order)
    {
        final char v = getChar(index);
        return swap(order) ? Character.reverseBytes(v) : v;
    }

    @Override
    public char getCharVolatile(final int index)
    {
        return (char)load(index, 2, AccessPort.Op.LOAD_VOLATILE);
    }

    @Override
    public byte getByte(final int index)
    {
        return (byte)load(index, 1, AccessPort.Op.LOAD);
    }

    @Override
    public byte getByteVolatile(final int index)
    {
        return (byte)load(index, 1, AccessPort.Op.LOAD_VOLATILE);
    }

    @Override
    public double getDouble(final int index)
    {
        return Double.longBitsToDouble(getLong(index));
    }

    @Override
    public double getDouble(final int index, final ByteOrder order)
    {
        return Double.longBitsToDouble(getLong(index, order));
    }

    @Override
    public float getFloat(final int index)
    {
        return Float.intBitsToFloat(getInt(index));
    }

    @Override
    public float getFloat(final int index, final ByteOrder order)
    {
        return Float.intBitsToFloat(getInt(index, order));
    }

    // ---- stores ----

    @Override
    public void putLong(final int index, final long value)
    {
        store(index, 8, AccessPort.Op.STORE, value);
    }

    @Override
    public void putLong(final int index, final long value, final ByteOrder order)
    {
        putLong(index, swap(order) ? Long.reverseBytes(value) : value);
    }

    @Override
    public void putLongVolatile(final int index, final long value)
    {
        store(index, 8, AccessPort.Op.STORE_VOLATILE, value);
    }

    @Override
    public void putLongOrdered(final int index, final long value)
    {
        store(index, 8, AccessPort.Op.STORE_RELEASE, value);
    }

    @Override
    public void putLongRelease(final int index, final long value)
    {
        store(index, 8, AccessPort.Op.STORE_RELEASE, value);
    }

    @Override
    public void putLongOpaque(final int index, final long value)
    {
        store(index, 8, AccessPort.Op.STORE_OPAQUE, value);
    }

    @Override
    public void putInt(final int index, final int value)
    {
        store(index, 4, AccessPort.Op.STORE, value);
    }

    @Override
    public void putInt(final int index, final int value, final ByteOrder order)
    {
        putInt(index, swap(order) ? Integer.reverseBytes(value) : value);
    }

    @Override
    public void putIntVolatile(final int index, final int value)
    {
        store(index, 4, AccessPort.Op.STORE_VOLATILE, value);
    }

    @Override
    public void putIntOrdered(final int index, final int value)
    {
        store(index, 4, AccessPort.Op.STORE_RELEASE, value);
    }

    @Override
    public void putIntRelease(final int index, final int value)
    {
        store(index, 4, AccessPort.Op.STORE_RELEASE, value);
    }

    @Override
    public void putIntOpaque(final int index, final int value)
    {
        store(index, 4, AccessPort.Op.STORE_OPAQUE, value);
    }

    @Override
    public void putShort(final int index, final short value)
    {
        store(index, 2, AccessPort.Op.STORE, value);
    }

    @Override
    public void putShort(final int index, final short value, final ByteOrder order)
    {
        putShort(index, swap(order) ? Short.reverseBytes(value) : value);
    }

    @Override
    public void putShortVolatile(final int index, final short value)
    {
        store(index, 2, AccessPort.Op.STORE_VOLATILE, value);
    }

    @Override
    public void putChar(final int index, final char value)
    {
        store(index, 2, AccessPort.Op.STORE, value);
    }

    @Override
    public void putChar(final int index, final char value, final ByteOrder order)
    {
        putChar(index, swap(order) ? Character.reverseBytes(value) : value);
    }

    @Override
    public void putCharVolatile(final int index, final char value)
    {
        store(index, 2, AccessPort.Op.STORE_VOLATILE, value);
    }

    @Override
    public void putByte(final int index, final byte value)
    {
        store(index, 1, AccessPort.Op.STORE, value);
    }

    @Override
    public void putByteVolatile(final int index, final byte value)
    {
        store(index, 1, AccessPort.Op.STORE_VOLATILE, value);
    }

    @Override
    public void putDouble(final int index, final double value)
    {
        putLong(index, Double.doubleToRawLongBits(value));
    }

    @Override
    public void putDouble(final int index, final double value, final ByteOrder order)
    {
        putLong(index, Double.doubleToRawLongBits(value), order);
    }

    @Override
    public void putFloat(final int index, final float value)
    {
        putInt(index, Float.floatToRawIntBits(value));
    }

    @Override
    public void putFloat(final int index, final float value, final ByteOrder order)
    {
        putInt(index, Float.floatToRawIntBits(value), order);
    }

    // ---- atomics ----

    @Override
    public boolean compareAndSetLong(final int index, final long expectedValue, final long updateValue)
    {
        return word(index, 8, AccessPort.Op.CAS, updateValue, expectedValue) != 0;
    }

    @Override
    public long compareAndExchangeLong(final int index, final long expectedValue, final long updateValue)
    {
        return word(index, 8, AccessPort.Op.CAE, updateValue, expectedValue);
    }

    @Override
    public long getAndSetLong(final int index, final long value)
    {
        return word(index, 8, AccessPort.Op.GET_AND_SET, value, 0);
    }

    @Override
    public long getAndAddLong(final int index, final long delta)
    {
        return word(index, 8, AccessPort.Op.GET_AND_ADD, delta, 0);
    }

    @Override
    public long addLongOrdered(final int index, final long increment)
    {
        return word(index, 8, AccessPort.Op.GET_AND_ADD_RELEASE, increment, 0);
    }

    @Override
    public long addLongRelease(final int index, final long increment)
    {
        return word(index, 8, AccessPort.Op.GET_AND_ADD_RELEASE, increment, 0);
    }

    @Override
    public long addLongOpaque(final int index, final long increment)
    {
        return word(index, 8, AccessPort.Op.GET_AND_ADD_RELEASE, increment, 0);
    }

    @Override
    public boolean compareAndSetInt(final int index, final int expectedValue, final int updateValue)
    {
        return word(index, 4, AccessPort.Op.CAS, updateValue, expectedValue) != 0;
    }

    @Override
    public int compareAndExchangeInt(final int index, final int expectedValue, final int updateValue)
    {
        return (int)word(index, 4, AccessPort.Op.CAE, updateValue, expectedValue);
    }

    @Override
    public int getAndSetInt(final int index, final int value)
    {
        return (int)word(index, 4, AccessPort.Op.GET_AND_SET, value, 0);
    }

    @Override
    public int getAndAddInt(final int index, final int delta)
    {
        return (int)word(index, 4, AccessPort.Op.GET_AND_ADD, delta, 0);
    }

    @Override
    public int addIntOrdered(final int index, final int increment)
    {
        return (int)word(index, 4, AccessPort.Op.GET_AND_ADD_RELEASE, increment, 0);
    }

    @Override
    public int addIntRelease(final int index, final int increment)
    {
        return (int)word(index, 4, AccessPort.Op.GET_AND_ADD_RELEASE, increment, 0);
    }

    @Override
    public int addIntOpaque(final int index, final int increment)
    {
        return (int)word(index, 4, AccessPort.Op.GET_AND_ADD_RELEASE, increment, 0);
    }

    // ---- byte ranges: one bulk request each ----

    @Override
    public void getBytes(final int index, final byte[] dst)
    {
        getBytes(index, dst, 0, dst.length);
    }

    @Override
    public void getBytes(final int index, final byte[] dst, final int offset, final int len)
    {
        if (len > 0 && banks == null)
        {
            burst(index, len, AccessKind.READ).getBytes(bankOffset(index), dst, offset, len);
        }
        else if (len > 0)
        {
            boundsCheck0(index, len);
            for (int done = 0; done < len; )
            {
                final int at = index + done;
                final int n = Math.min(len - done, stripe - at % stripe);
                final long a = address(at);
                port.burst(who, banks[way(at)], a, n, AccessKind.READ)
                    .getBytes((int)PhysicalAddress.offset(a), dst, offset + done, n);
                done += n;
            }
        }
    }

    @Override
    public void putBytes(final int index, final byte[] src)
    {
        putBytes(index, src, 0, src.length);
    }

    @Override
    public void putBytes(final int index, final byte[] src, final int offset, final int len)
    {
        if (len > 0 && banks == null)
        {
            burst(index, len, AccessKind.WRITE).putBytes(bankOffset(index), src, offset, len);
        }
        else if (len > 0)
        {
            boundsCheck0(index, len);
            for (int done = 0; done < len; )
            {
                final int at = index + done;
                final int n = Math.min(len - done, stripe - at % stripe);
                if (!dropped(at))
                {
                    final long a = address(at);
                    port.burst(who, banks[way(at)], a, n, AccessKind.WRITE)
                        .putBytes((int)PhysicalAddress.offset(a), src, offset + done, n);
                }
                done += n;
            }
        }
    }

    @Override
    public void setMemory(final int index, final int len, final byte value)
    {
        if (len > 0 && banks == null)
        {
            boundsCheck0(index, len);
            port.set(who, bank, paddr + index, len, value);
        }
        else if (len > 0)
        {
            boundsCheck0(index, len);
            for (int done = 0; done < len; )
            {
                final int at = index + done;
                final int n = Math.min(len - done, stripe - at % stripe);
                if (!dropped(at))
                {
                    final long a = address(at);
                    port.set(who, banks[way(at)], a, n, value);
                }
                done += n;
            }
        }
    }

    // ---- refused: what the simulator cannot account for ----

    @Override
    public void wrap(final byte[] buffer)
    {
        throw refused("wrap(byte[])");
    }

    @Override
    public void wrap(final byte[] buffer, final int offset, final int len)
    {
        throw refused("wrap(byte[], int, int)");
    }

    @Override
    public void wrap(final ByteBuffer buffer)
    {
        throw refused("wrap(ByteBuffer)");
    }

    @Override
    public void wrap(final ByteBuffer buffer, final int offset, final int len)
    {
        throw refused("wrap(ByteBuffer, int, int)");
    }

    @Override
    public void wrap(final DirectBuffer buffer)
    {
        throw refused("wrap(DirectBuffer)");
    }

    @Override
    public void wrap(final DirectBuffer buffer, final int offset, final int len)
    {
        throw refused("wrap(DirectBuffer, int, int)");
    }

    @Override
    public void wrap(final long address, final int len)
    {
        throw refused("wrap(long, int)");
    }

    @Override
    public long addressOffset()
    {
        throw refused("addressOffset()");
    }

    @Override
    public byte[] byteArray()
    {
        throw refused("byteArray()");
    }

    @Override
    public ByteBuffer byteBuffer()
    {
        throw refused("byteBuffer()");
    }

    @Override
    public void getBytes(final int index, final MutableDirectBuffer dst, final int dstIndex, final int len)
    {
        throw refused("getBytes(int, MutableDirectBuffer, int, int)");
    }

    @Override
    public void getBytes(final int index, final ByteBuffer dst, final int len)
    {
        throw refused("getBytes(int, ByteBuffer, int)");
    }

    @Override
    public void getBytes(final int index, final ByteBuffer dst, final int dstOffset, final int len)
    {
        throw refused("getBytes(int, ByteBuffer, int, int)");
    }

    @Override
    public void putBytes(final int index, final ByteBuffer src, final int len)
    {
        throw refused("putBytes(int, ByteBuffer, int)");
    }

    @Override
    public void putBytes(final int index, final ByteBuffer src, final int srcIndex, final int len)
    {
        throw refused("putBytes(int, ByteBuffer, int, int)");
    }

    @Override
    public void putBytes(final int index, final DirectBuffer src, final int srcIndex, final int len)
    {
        throw refused("putBytes(int, DirectBuffer, int, int)");
    }

    @Override
    public int parseNaturalIntAscii(final int index, final int len)
    {
        throw refused("parseNaturalIntAscii(int, int)");
    }

    @Override
    public long parseNaturalLongAscii(final int index, final int len)
    {
        throw refused("parseNaturalLongAscii(int, int)");
    }

    @Override
    public int parseIntAscii(final int index, final int len)
    {
        throw refused("parseIntAscii(int, int)");
    }

    @Override
    public long parseLongAscii(final int index, final int len)
    {
        throw refused("parseLongAscii(int, int)");
    }

    @Override
    public String getStringAscii(final int index)
    {
        throw refused("getStringAscii(int)");
    }

    @Override
    public int getStringAscii(final int index, final Appendable appendable)
    {
        throw refused("getStringAscii(int, Appendable)");
    }

    @Override
    public String getStringAscii(final int index, final ByteOrder byteOrder)
    {
        throw refused("getStringAscii(int, ByteOrder)");
    }

    @Override
    public int getStringAscii(final int index, final Appendable appendable, final ByteOrder byteOrder)
    {
        throw refused("getStringAscii(int, Appendable, ByteOrder)");
    }

    @Override
    public String getStringAscii(final int index, final int len)
    {
        throw refused("getStringAscii(int, int)");
    }

    @Override
    public int getStringAscii(final int index, final int len, final Appendable appendable)
    {
        throw refused("getStringAscii(int, int, Appendable)");
    }

    @Override
    public String getStringWithoutLengthAscii(final int index, final int len)
    {
        throw refused("getStringWithoutLengthAscii(int, int)");
    }

    @Override
    public int getStringWithoutLengthAscii(final int index, final int len, final Appendable appendable)
    {
        throw refused("getStringWithoutLengthAscii(int, int, Appendable)");
    }

    @Override
    public String getStringUtf8(final int index)
    {
        throw refused("getStringUtf8(int)");
    }

    @Override
    public String getStringUtf8(final int index, final ByteOrder byteOrder)
    {
        throw refused("getStringUtf8(int, ByteOrder)");
    }

    @Override
    public String getStringUtf8(final int index, final int len)
    {
        throw refused("getStringUtf8(int, int)");
    }

    @Override
    public String getStringWithoutLengthUtf8(final int index, final int len)
    {
        throw refused("getStringWithoutLengthUtf8(int, int)");
    }

    @Override
    public int putIntAscii(final int index, final int value)
    {
        throw refused("putIntAscii(int, int)");
    }

    @Override
    public int putNaturalIntAscii(final int index, final int value)
    {
        throw refused("putNaturalIntAscii(int, int)");
    }

    @Override
    public void putNaturalPaddedIntAscii(final int offset, final int len, final int value)
    {
        throw refused("putNaturalPaddedIntAscii(int, int, int)");
    }

    @Override
    public int putNaturalIntAsciiFromEnd(final int value, final int endExclusive)
    {
        throw refused("putNaturalIntAsciiFromEnd(int, int)");
    }

    @Override
    public int putNaturalLongAscii(final int index, final long value)
    {
        throw refused("putNaturalLongAscii(int, long)");
    }

    @Override
    public int putLongAscii(final int index, final long value)
    {
        throw refused("putLongAscii(int, long)");
    }

    @Override
    public int putStringAscii(final int index, final String value)
    {
        throw refused("putStringAscii(int, String)");
    }

    @Override
    public int putStringAscii(final int index, final CharSequence value)
    {
        throw refused("putStringAscii(int, CharSequence)");
    }

    @Override
    public int putStringAscii(final int index, final String value, final ByteOrder byteOrder)
    {
        throw refused("putStringAscii(int, String, ByteOrder)");
    }

    @Override
    public int putStringAscii(final int index, final CharSequence value, final ByteOrder byteOrder)
    {
        throw refused("putStringAscii(int, CharSequence, ByteOrder)");
    }

    @Override
    public int putStringWithoutLengthAscii(final int index, final String value)
    {
        throw refused("putStringWithoutLengthAscii(int, String)");
    }

    @Override
    public int putStringWithoutLengthAscii(final int index, final CharSequence value)
    {
        throw refused("putStringWithoutLengthAscii(int, CharSequence)");
    }

    @Override
    public int putStringWithoutLengthAscii(final int index, final String value, final int valueOffset,
        final int len)
    {
        throw refused("putStringWithoutLengthAscii(int, String, int, int)");
    }

    @Override
    public int putStringWithoutLengthAscii(final int index, final CharSequence value, final int valueOffset,
        final int len)
    {
        throw refused("putStringWithoutLengthAscii(int, CharSequence, int, int)");
    }

    @Override
    public int putStringUtf8(final int index, final String value)
    {
        throw refused("putStringUtf8(int, String)");
    }

    @Override
    public int putStringUtf8(final int index, final String value, final ByteOrder byteOrder)
    {
        throw refused("putStringUtf8(int, String, ByteOrder)");
    }

    @Override
    public int putStringUtf8(final int index, final String value, final int maxEncodedLength)
    {
        throw refused("putStringUtf8(int, String, int)");
    }

    @Override
    public int putStringUtf8(final int index, final String value, final ByteOrder byteOrder,
        final int maxEncodedLength)
    {
        throw refused("putStringUtf8(int, String, ByteOrder, int)");
    }

    @Override
    public int putStringWithoutLengthUtf8(final int index, final String value)
    {
        throw refused("putStringWithoutLengthUtf8(int, String)");
    }

    @Override
    public int compareTo(final DirectBuffer that)
    {
        throw refused("compareTo(DirectBuffer)");
    }

    @Override
    public String toString()
    {
        return "CountedWindow{" + who.name() + ", " + PhysicalAddress.format(paddr) + " +" + length + "}";
    }
}
