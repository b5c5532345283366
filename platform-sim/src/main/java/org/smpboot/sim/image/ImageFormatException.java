package org.smpboot.sim.image;

/**
 * A file that is not the image it claims to be. The message is one line that names the field and its byte offset,
 * so a user can look at the bytes with {@code xxd -s OFFSET}.
 */
public final class ImageFormatException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line: what is wrong, which field, at which byte offset.
     */
    public ImageFormatException(final String message)
    {
        // names read from a corrupt image may hold control characters: the message stays one printable line
        super(message.replaceAll("\\p{Cntrl}", "?"));
    }
}
