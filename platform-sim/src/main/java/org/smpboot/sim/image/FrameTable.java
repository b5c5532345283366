package org.smpboot.sim.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The {@code .frames} section of an image: how many bytes of stack each function's prologue takes (return address,
 * saved registers, locals), what a compiler would write as the immediate of the function's {@code addiu sp, sp, -N}
 * and as its unwind information. The image builder writes it; the simulated software reads a function's entry from
 * the image it loaded into memory when it enters the function. The table's symbol is {@link #SYMBOL}.
 *
 * <h2>Layout (little-endian; entries sorted by function address)</h2>
 * <pre>
 *  +0         magic     u32  {@link #MAGIC} ("FRMS")
 *  +4         count     u32  entries
 *  +8 + 8 i   function  u32  the function's link address
 *  +12 + 8 i  bytes     u32  its frame size, a multiple of 8, at least 16
 * </pre>
 */
public final class FrameTable
{
    /** The symbol of the table in an image. */
    public static final String SYMBOL = "frames";
    /** The section's name. */
    public static final String SECTION = ".frames";
    /** "FRMS". */
    public static final int MAGIC = 0x534D_5246;
    /** Bytes before the first entry. */
    public static final int HEADER = 8;
    /** Bytes per entry. */
    public static final int ENTRY = 8;

    /**
     * One function's frame.
     *
     * @param function its link address.
     * @param bytes    its frame size.
     */
    public record Entry(int function, int bytes)
    {
    }

    private FrameTable()
    {
    }

    /**
     * @param frames    function symbol to frame bytes.
     * @param addresses the image's symbols (name to link address).
     * @return the table's bytes.
     * @throws IllegalArgumentException for a symbol the image lacks or a frame size that is not a multiple of 8 of at
     *                                  least 16.
     */
    public static byte[] bytes(final Map<String, Integer> frames, final Map<String, Integer> addresses)
    {
        final List<Entry> entries = new ArrayList<>();
        frames.forEach((name, bytes) ->
        {
            final Integer at = addresses.get(name);
            if (at == null)
            {
                throw new IllegalArgumentException(".frames: no function " + name + " in the image");
            }
            if (bytes < 16 || (bytes & 7) != 0)
            {
                throw new IllegalArgumentException(".frames: " + name + "'s frame of " + bytes + " bytes is not a " +
                    "multiple of 8 of at least 16");
            }
            entries.add(new Entry(at, bytes));
        });
        entries.sort(Comparator.comparingLong(e -> e.function() & 0xFFFF_FFFFL));
        final ByteBuffer b = ByteBuffer.allocate(length(entries.size())).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt(entries.size());
        entries.forEach(e -> b.putInt(e.function()).putInt(e.bytes()));
        return b.array();
    }

    /**
     * @param entries how many.
     * @return the table's bytes for that many entries.
     */
    public static int length(final int entries)
    {
        return HEADER + entries * ENTRY;
    }

    /**
     * @param bytes a table, as written by {@link #bytes}.
     * @return its entries, in order.
     * @throws ImageFormatException when the magic or the count does not fit.
     */
    public static List<Entry> read(final byte[] bytes) throws ImageFormatException
    {
        final ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < HEADER || b.getInt(0) != MAGIC)
        {
            throw new ImageFormatException(".frames: no FRMS magic");
        }
        final int count = b.getInt(4);
        if (count < 0 || length(count) > bytes.length)
        {
            throw new ImageFormatException(".frames: " + count + " entries do not fit its " + bytes.length + " bytes");
        }
        final List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            entries.add(new Entry(b.getInt(HEADER + i * ENTRY), b.getInt(HEADER + i * ENTRY + 4)));
        }
        return entries;
    }

    /**
     * @param image an image with a {@code frames} table.
     * @return the table's entries, read from the image's file bytes.
     * @throws ImageFormatException when the image has no table or it does not parse.
     */
    public static List<Entry> of(final ElfImage image) throws ImageFormatException
    {
        final int at;
        try
        {
            at = image.address(SYMBOL);
        }
        catch (final IllegalArgumentException e)
        {
            throw new ImageFormatException("no " + SYMBOL + " symbol: the image has no " + SECTION + " table");
        }
        for (final ElfSegment s : image.segments())
        {
            if (s.contains(at) && at - s.vaddr() + HEADER <= s.fileSize())
            {
                final byte[] data = s.data();
                return read(java.util.Arrays.copyOfRange(data, at - s.vaddr(), data.length));
            }
        }
        throw new ImageFormatException(SECTION + " at 0x" + Integer.toHexString(at) + " is in no segment's file bytes");
    }
}
