package org.smpboot.runtime.wait;

import java.util.concurrent.TimeUnit;

/**
 * A bounded wait expired. The message names the stage, the word waited on, the value last seen and the value awaited,
 * so that a hang becomes a one-line diagnosis.
 */
public class WaitTimeoutException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** What was awaited. */
    private final String stage;
    /** The word read last, with its offset. */
    private final String word;

    /**
     * @param stage   what the waiter was doing ("follower: await MAGIC2").
     * @param word    the word, with its offset ("asm_magic_val @0x0").
     * @param seen    the value last read, formatted.
     * @param awaited the value or condition awaited, formatted.
     * @param waitedNs how long it waited.
     */
    public WaitTimeoutException(
        final String stage, final String word, final String seen, final String awaited, final long waitedNs)
    {
        super(stage + ": timed out after " + TimeUnit.NANOSECONDS.toMillis(waitedNs) + " ms waiting for " + word +
            " to become " + awaited + "; last seen " + seen);
        this.stage = stage;
        this.word = word;
    }

    /**
     * For subclasses that compose their own message.
     *
     * @param stage   the stage.
     * @param word    the word.
     * @param message the whole message.
     */
    protected WaitTimeoutException(final String stage, final String word, final String message)
    {
        super(message);
        this.stage = stage;
        this.word = word;
    }

    /** @return the stage that timed out. */
    public String stage()
    {
        return stage;
    }

    /** @return the word waited on. */
    public String word()
    {
        return word;
    }

    /**
     * @param value a 64-bit word.
     * @return it as {@code 0x%016x}.
     */
    public static String hex(final long value)
    {
        return String.format("0x%016x", value);
    }
}
