/**
 * smpboot's runtime: the election boot, the stack pools, the barriers and the one bounded wait, as flyweights over
 * shared memory (Agrona buffers). Every exported package is API; {@code org.smpboot.runtime.internal} is not.
 *
 * <p>Agrona 2.x reaches {@code jdk.internal.misc.Unsafe}: on the module path, where Agrona is the automatic module
 * {@code org.agrona}, every JVM needs {@code --add-exports=java.base/jdk.internal.misc=org.agrona} (on the class path,
 * {@code ...=ALL-UNNAMED}); without it the first entry point fails with a message naming the flag.
 */
module org.smpboot.runtime
{
    // Agrona's types (AtomicBuffer, IdleStrategy, NanoClock) are in the API's signatures
    requires transitive org.agrona;

    exports org.smpboot.runtime.barrier;
    exports org.smpboot.runtime.boot;
    exports org.smpboot.runtime.region;
    exports org.smpboot.runtime.stack;
    exports org.smpboot.runtime.wait;
}
