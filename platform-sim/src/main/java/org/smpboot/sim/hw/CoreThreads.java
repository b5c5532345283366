package org.smpboot.sim.hw;

import java.lang.reflect.Method;

/**
 * Makes the threads that play the simulated cores: platform threads by default (a parallel run, where the host's CPUs
 * run the cores at once), or virtual threads for a deterministic run, where one core runs at a time and hands the
 * token to the next at every scheduling point: a hand-off between virtual threads is a continuation switch on the
 * carrier (microseconds), where one between platform threads is an OS context switch through the kernel's scheduler.
 *
 * <p>The build targets Java 17, which has no virtual threads: they are found at run time ({@code Thread.ofVirtual()},
 * through a method handle), and used only on a JDK of feature version 24 or later, where a virtual thread that parks
 * inside a {@code synchronized} block no longer pins its carrier (JEP 491): the simulated devices' registers are
 * {@code synchronized}, and a pinned hand-off could starve the carriers. Elsewhere, and with
 * {@code -Dsmpboot.virtualCores=false}, deterministic runs use platform threads, as before.
 */
public final class CoreThreads
{
    /** The system property that turns virtual core threads off ({@code false}) for a deterministic run. */
    public static final String PROPERTY = "smpboot.virtualCores";
    /** {@code Thread.ofVirtual()}, {@code Builder.name(String)}, {@code Builder.unstarted(Runnable)}, or null. */
    private static final Method[] UNSTARTED_VIRTUAL = findVirtual();

    private CoreThreads()
    {
    }

    private static Method[] findVirtual()
    {
        if (Runtime.version().feature() < 24 || !Boolean.parseBoolean(System.getProperty(PROPERTY, "true")))
        {
            return null;
        }
        try
        {
            final Class<?> builder = Class.forName("java.lang.Thread$Builder");
            return new Method[] {Thread.class.getMethod("ofVirtual"), builder.getMethod("name", String.class),
                builder.getMethod("unstarted", Runnable.class)};
        }
        catch (final ReflectiveOperationException | RuntimeException e)
        {
            return null;
        }
    }

    /** @return whether deterministic runs get virtual core threads on this JVM. */
    public static boolean virtualAvailable()
    {
        return UNSTARTED_VIRTUAL != null;
    }

    /**
     * @param name    the thread's name.
     * @param task    what it runs.
     * @param virtual whether a virtual thread is wanted (given only when {@link #virtualAvailable()}).
     * @return an unstarted daemon thread.
     */
    static Thread unstarted(final String name, final Runnable task, final boolean virtual)
    {
        if (virtual && UNSTARTED_VIRTUAL != null)
        {
            try
            {
                final Object builder = UNSTARTED_VIRTUAL[1].invoke(UNSTARTED_VIRTUAL[0].invoke(null), name);
                return (Thread)UNSTARTED_VIRTUAL[2].invoke(builder, task);
            }
            catch (final ReflectiveOperationException e)
            {
                throw new IllegalStateException("cannot make a virtual thread for " + name, e);
            }
        }
        final Thread t = new Thread(task, name);
        t.setDaemon(true);
        return t;
    }
}
