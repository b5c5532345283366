package org.smpboot.sim.hw;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.concurrent.Executor;

/**
 * Makes the threads that play the simulated cores: platform threads by default (a parallel run, where the host's CPUs
 * run the cores at once), or virtual threads for a deterministic run, where one core runs at a time and hands the
 * token to the next at every scheduling point: a hand-off between virtual threads is a continuation switch on the
 * carrier (microseconds), where one between platform threads is an OS context switch through the kernel's scheduler.
 *
 * <p>The build targets Java 17, which has no virtual threads: they are found at run time ({@code Thread.ofVirtual()},
 * through reflection), and used only on a JDK of feature version 24 or later, where a virtual thread that parks
 * inside a {@code synchronized} block no longer pins its carrier (JEP 491): the simulated devices' registers are
 * {@code synchronized}, and a pinned hand-off could starve the carriers. Elsewhere, and with
 * {@code -Dsmpboot.virtualCores=false}, deterministic runs use platform threads.
 *
 * <p>Carriers: a deterministic run's virtual threads run on one carrier of their own ({@link CoreCarrier}), so that a
 * hand-off never wakes another host thread. The JDK lets a virtual thread name its scheduler only through a builder
 * constructor it keeps for its tests ({@code java.lang.ThreadBuilders$VirtualThreadBuilder(Executor)}), reachable
 * when the JVM opens {@code java.lang} to this code ({@value #OPEN_FLAG}, which the launcher, the tests and the
 * benchmarks pass). Without it the virtual threads run on the JDK's default scheduler, slower but the same run: the
 * interleaving is the schedule's, whatever runs the threads.
 */
public final class CoreThreads
{
    /** The system property that turns virtual core threads off ({@code false}) for a deterministic run. */
    public static final String PROPERTY = "smpboot.virtualCores";
    /** The JVM flag that lets a deterministic run's virtual threads run on a carrier of their own. */
    public static final String OPEN_FLAG = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    /** {@code Thread.ofVirtual()}, {@code Builder.name(String)}, {@code Builder.unstarted(Runnable)}, or null. */
    private static final Method[] UNSTARTED_VIRTUAL = findVirtual();
    /** {@code VirtualThreadBuilder(Executor)}, or null when the JDK or the JVM's flags do not give it. */
    private static final Constructor<?> WITH_SCHEDULER = UNSTARTED_VIRTUAL == null ? null : findWithScheduler();

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

    private static Constructor<?> findWithScheduler()
    {
        try
        {
            final Constructor<?> c = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder")
                .getDeclaredConstructor(Executor.class);
            c.setAccessible(true); // InaccessibleObjectException without OPEN_FLAG
            return c;
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

    /** @return whether those virtual threads run on a carrier of their run's own ({@link #OPEN_FLAG} given). */
    public static boolean carrierAvailable()
    {
        return WITH_SCHEDULER != null;
    }

    /**
     * @param name the carrier's thread name.
     * @return a carrier for one deterministic run's virtual threads, or null when they cannot have one.
     */
    static CoreCarrier carrier(final String name)
    {
        return WITH_SCHEDULER == null ? null : new CoreCarrier(name);
    }

    /**
     * @param name    the thread's name.
     * @param task    what it runs.
     * @param virtual whether a virtual thread is wanted (given only when {@link #virtualAvailable()}).
     * @return an unstarted daemon thread.
     */
    static Thread unstarted(final String name, final Runnable task, final boolean virtual)
    {
        return unstarted(name, task, virtual, null);
    }

    /**
     * @param name    the thread's name.
     * @param task    what it runs.
     * @param virtual whether a virtual thread is wanted (given only when {@link #virtualAvailable()}).
     * @param carrier where a virtual thread runs, or null for the JDK's default scheduler.
     * @return an unstarted daemon thread.
     */
    static Thread unstarted(final String name, final Runnable task, final boolean virtual, final Executor carrier)
    {
        if (virtual && UNSTARTED_VIRTUAL != null)
        {
            try
            {
                final Object start = carrier != null && WITH_SCHEDULER != null ? WITH_SCHEDULER.newInstance(carrier) :
                    UNSTARTED_VIRTUAL[0].invoke(null);
                final Object builder = UNSTARTED_VIRTUAL[1].invoke(start, name);
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
