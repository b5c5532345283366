package org.smpboot.sim.image;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes a flattened device tree blob, version 17 (devicetree specification chapter 5). Big-endian throughout.
 *
 * <table>
 * <caption>blob layout</caption>
 * <tr><th>offset</th><th>block</th><th>content</th></tr>
 * <tr><td>0</td><td>header, 40 bytes</td><td>u32 magic 0xd00dfeed, totalsize, off_dt_struct, off_dt_strings,
 *     off_mem_rsvmap, version 17, last_comp_version 16, boot_cpuid_phys, size_dt_strings, size_dt_struct</td></tr>
 * <tr><td>40</td><td>memory reservation block</td><td>(u64 address, u64 size) pairs; here only the 0/0
 *     terminator, 16 bytes</td></tr>
 * <tr><td>56</td><td>structure block</td><td>u32 tokens: FDT_BEGIN_NODE 1 + NUL-terminated name padded to 4;
 *     FDT_PROP 3 + u32 len + u32 nameoff + value padded to 4; FDT_END_NODE 2; FDT_END 9 once, last</td></tr>
 * <tr><td>56 + size_dt_struct</td><td>strings block</td><td>NUL-terminated property names, each stored once,
 *     referenced by nameoff</td></tr>
 * </table>
 *
 * A node's properties must come before its children; this writer refuses a property after a child.
 */
public final class FdtWriter
{
    /** FDT magic. */
    public static final int MAGIC = 0xd00dfeed;
    private static final int BEGIN_NODE = 1;
    private static final int END_NODE = 2;
    private static final int PROP = 3;
    private static final int END = 9;
    private static final int HEADER_SIZE = 40;
    private static final int RSVMAP_SIZE = 16;

    private final ByteArrayOutputStream struct = new ByteArrayOutputStream();
    private final ByteArrayOutputStream strings = new ByteArrayOutputStream();
    private final Map<String, Integer> nameOffsets = new HashMap<>();
    private int depth;
    private boolean childWritten;

    /**
     * Opens a node; the root is named "".
     *
     * @param name the node name, {@code name@unit-address}.
     * @return this.
     */
    public FdtWriter beginNode(final String name)
    {
        if (depth == 0 && (struct.size() > 0 || !name.isEmpty()))
        {
            throw new IllegalStateException("one root node, named \"\"");
        }
        token(BEGIN_NODE);
        struct.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
        struct.write(0);
        pad();
        depth++;
        childWritten = false;
        return this;
    }

    /** @return this, with the innermost open node closed. */
    public FdtWriter endNode()
    {
        if (depth == 0)
        {
            throw new IllegalStateException("no open node");
        }
        token(END_NODE);
        depth--;
        childWritten = true;
        return this;
    }

    /**
     * @param name  property name.
     * @param value raw value.
     * @return this.
     */
    public FdtWriter prop(final String name, final byte[] value)
    {
        if (depth == 0 || childWritten)
        {
            throw new IllegalStateException("property " + name + " outside a node or after a child node");
        }
        token(PROP);
        token(value.length);
        token(nameOffsets.computeIfAbsent(name, n ->
        {
            final int at = strings.size();
            strings.writeBytes(n.getBytes(StandardCharsets.US_ASCII));
            strings.write(0);
            return at;
        }));
        struct.writeBytes(value);
        pad();
        return this;
    }

    /**
     * @param name  property name.
     * @param cells big-endian u32 cells.
     * @return this.
     */
    public FdtWriter prop(final String name, final int... cells)
    {
        final ByteBuffer b = ByteBuffer.allocate(4 * cells.length);
        for (final int c : cells)
        {
            b.putInt(c);
        }
        return prop(name, b.array());
    }

    /**
     * @param name  property name.
     * @param value a string, stored NUL-terminated.
     * @return this.
     */
    public FdtWriter prop(final String name, final String value)
    {
        final byte[] s = value.getBytes(StandardCharsets.US_ASCII);
        final byte[] z = new byte[s.length + 1];
        System.arraycopy(s, 0, z, 0, s.length);
        return prop(name, z);
    }

    /**
     * @param bootCpuid the boot core's {@code reg}.
     * @return the blob.
     */
    public byte[] finish(final int bootCpuid)
    {
        if (depth != 0 || struct.size() == 0)
        {
            throw new IllegalStateException("unbalanced tree: " + depth + " nodes open");
        }
        token(END);
        final int offStruct = HEADER_SIZE + RSVMAP_SIZE;
        final int offStrings = offStruct + struct.size();
        final int total = offStrings + strings.size();
        final ByteBuffer b = ByteBuffer.allocate(total);
        b.putInt(MAGIC).putInt(total).putInt(offStruct).putInt(offStrings).putInt(HEADER_SIZE).putInt(17).putInt(16)
            .putInt(bootCpuid).putInt(strings.size()).putInt(struct.size());
        b.putLong(0).putLong(0);
        b.put(struct.toByteArray()).put(strings.toByteArray());
        return b.array();
    }

    private void token(final int v)
    {
        struct.write(v >>> 24);
        struct.write(v >>> 16);
        struct.write(v >>> 8);
        struct.write(v);
    }

    private void pad()
    {
        while (struct.size() % 4 != 0)
        {
            struct.write(0);
        }
    }
}
