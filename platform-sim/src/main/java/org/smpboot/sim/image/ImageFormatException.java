package org.smpboot.sim.image;

/**
 * A file that is not the image it claims to be (arch_info.bin, ELF, FAT32, a boot.elf at its block). The message is one
 * line that names the field and its byte offset, so a user can look at the bytes with {@code xxd -s OFFSET}; when the
 * reader knows them apart, {@link #field()} and {@link #offset()} give them alone.
 */
public final class ImageFormatException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** The field at fault, or null. */
    private final String field;
    /** Its byte offset in the image, or -1. */
    private final long offset;

    /**
     * @param message one line: what is wrong, which field, at which byte offset.
     */
    public ImageFormatException(final String message)
    {
        // names read from a corrupt image may hold control characters: the message stays one printable line
        super(message.replaceAll("\\p{Cntrl}", "?"));
        this.field = null;
        this.offset = -1;
    }

    /**
     * @param source  the file's name, e.g. {@code arch_info.bin}.
     * @param field   the field, e.g. {@code core[5].gid}.
     * @param offset  its byte offset in the file.
     * @param problem what is wrong.
     */
    public ImageFormatException(final String source, final String field, final long offset, final String problem)
    {
        super((source + ": " + field + " at offset 0x" + Long.toHexString(offset) + ": " + problem)
            .replaceAll("\\p{Cntrl}", "?"));
        this.field = field;
        this.offset = offset;
    }

    /** @return the field at fault, or null when the message alone names it. */
    public String field()
    {
        return field;
    }

    /** @return its byte offset in the file, or -1 when the message alone names it. */
    public long offset()
    {
        return offset;
    }
}
