package org.smpboot.sim.image;

import java.io.IOException;

/** An arch_info.bin that cannot be used: one line naming the file, the field, its byte offset and the problem. */
public final class ArchInfoException extends IOException
{
    private static final long serialVersionUID = 1L;

    private final String field;
    private final long offset;

    /**
     * @param source  the file's name, e.g. {@code arch_info.bin}.
     * @param field   the field, e.g. {@code core[5].gid}.
     * @param offset  its byte offset in the file.
     * @param problem what is wrong.
     */
    public ArchInfoException(final String source, final String field, final long offset, final String problem)
    {
        super(source + ": " + field + " at offset 0x" + Long.toHexString(offset) + ": " + problem);
        this.field = field;
        this.offset = offset;
    }

    /** @return the field at fault. */
    public String field()
    {
        return field;
    }

    /** @return its byte offset. */
    public long offset()
    {
        return offset;
    }
}
