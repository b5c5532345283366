package org.smpboot.runtime.internal;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Checks once per JVM that Agrona 2.x can reach {@code jdk.internal.misc.Unsafe}, and otherwise fails with a message that
 * names the missing flag instead of Agrona's {@code IllegalAccessError} / {@code NoClassDefFoundError}.
 */
public final class AgronaFlag
{
    /** The JVM flag every JVM that touches an Agrona buffer needs. */
    public static final String FLAG = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";

    private static volatile boolean checked;

    private AgronaFlag()
    {
    }

    /**
     * Touches Agrona's unsafe access once.
     *
     * @throws IllegalStateException naming {@link #FLAG} when the JVM was started without it.
     */
    public static void ensure()
    {
        if (checked)
        {
            return;
        }
        try
        {
            final UnsafeBuffer probe = new UnsafeBuffer(new byte[8]);
            probe.compareAndSetLong(0, 0, 1);
            checked = true;
        }
        catch (final LinkageError e)
        {
            throw new IllegalStateException(
                "smpboot needs the JVM flag " + FLAG + " (Agrona 2.x uses jdk.internal.misc.Unsafe); add it to the java command line", e);
        }
    }
}
