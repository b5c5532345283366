package org.smpboot.bench.harness;

/**
 * The portable flag set every forked benchmark JVM gets through {@code @Fork(jvmArgsAppend = ...)}: Agrona 2.x needs
 * the export; the first two silence JDK 25's sun.misc.Unsafe warnings (JCTools, JMH) and are ignored by JDK 17.
 *
 * <p>A command-line {@code -jvmArgsAppend} replaces, not extends, these: pass all three again if you use it.
 */
public final class JvmFlags
{
    /** Lets JDK 17 start despite the JDK 24+ flag below. */
    public static final String IGNORE_UNRECOGNIZED = "-XX:+IgnoreUnrecognizedVMOptions";
    /** Silences the sun.misc.Unsafe warnings of JDK 24+. */
    public static final String UNSAFE_ALLOW = "--sun-misc-unsafe-memory-access=allow";
    /** Agrona 2.x reaches jdk.internal.misc.Unsafe. */
    public static final String AGRONA_EXPORT = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    /** Gives a deterministic run's virtual cores a carrier thread of their own (JDK 24+, {@code hw.CoreThreads}). */
    public static final String CORE_CARRIER = "--add-opens=java.base/java.lang=ALL-UNNAMED";

    private JvmFlags()
    {
    }
}
