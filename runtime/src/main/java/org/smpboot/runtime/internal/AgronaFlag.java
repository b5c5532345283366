package org.smpboot.runtime.internal;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Checks that Agrona 2.x can reach {@code jdk.internal.misc.Unsafe}, and otherwise fails with one line that names the
 * flag the JVM lacks instead of Agrona's {@code IllegalAccessError} (then {@code NoClassDefFoundError} at every later
 * use). Every entry point of the runtime calls {@link #ensure()} before it touches a buffer: {@code SharedRegion}, each
 * flyweight's {@code wrap} and {@code initialize}, the election boot's builder.
 *
 * <p>The probe runs once per JVM, in the initialisation of a holder class; after it {@link #ensure()} reads a static
 * final field, which the JIT folds to nothing.
 */
public final class AgronaFlag
{
    /** The JVM flag a class-path application needs (Agrona in the unnamed module). */
    public static final String FLAG = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    /** The JVM flag a module-path application needs (Agrona as the automatic module {@code org.agrona}). */
    public static final String MODULE_FLAG = "--add-exports=java.base/jdk.internal.misc=org.agrona";

    private AgronaFlag()
    {
    }

    /** The probe's result, computed when this class is first initialised: null when Agrona works. */
    private static final class Probe
    {
        static final String MISSING = probe();

        private static String probe()
        {
            try
            {
                new UnsafeBuffer(new byte[8]).compareAndSetLong(0, 0, 1);
                return null;
            }
            catch (final LinkageError e)
            {
                return "smpboot needs the JVM flag " + flag() + " (Agrona 2.x uses jdk.internal.misc.Unsafe): add it " +
                    "to the java command line";
            }
        }
    }

    /** @return the flag this JVM needs: {@link #MODULE_FLAG} when Agrona is in a named module, else {@link #FLAG}. */
    public static String flag()
    {
        return UnsafeBuffer.class.getModule().isNamed() ? MODULE_FLAG : FLAG;
    }

    /**
     * Fails unless Agrona can reach its unsafe access; cheap after the first call.
     *
     * @throws IllegalStateException whose one-line message names the missing flag.
     */
    public static void ensure()
    {
        final String missing = Probe.MISSING;
        if (missing != null)
        {
            throw new IllegalStateException(missing);
        }
    }
}
