package org.smpboot.sim.hw;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.concurrent.Executor;

/**
 * Makes the threads that play the simulated cores: virtual threads where the JDK has them, platform threads elsewhere.
 * A simulated core spends most of a boot waiting (for a word another core writes, a barrier, an interrupt), so a
 * parked core and a wake-up cost what a continuation switch costs (microseconds) rather than an OS context switch
 * through the kernel's scheduler and a thread stack of its own: in a deterministic run one core runs at a time and
 * hands the token to the next at every scheduling point; in a parallel run the JDK's scheduler runs the cores on as
 * many carriers as the host has CPUs (a 16x16x4 boot on 2 CPUs: 0.6x the wall time and less than half the system CPU
 * of 1,024 platform threads, README's benchmarks).
 *
 * <p>The build targets Java 17, which has no virtual threads: they are found at run time ({@code Thread.ofVirtual()},
 * through reflection), and used only on a JDK of feature version 24 or later, where a virtual thread that parks
 * inside a {@code synchronized} block no longer pins its carrier (JEP 491): the simulated devices' registers are
 * {@code synchronized}, and a pinned hand-off could starve the carriers. Elsewhere, and with
 * {@code -Dsmpboot.virtualCores=false}, core threads are platform threads. A virtual thread is never preempted: a
 * simulated core's waits on other cores yield or park after a few polls (the runtime's {@code Backoff},
 * {@link CueIdleStrategy}), so a waiting core cannot keep the core it waits for off the carriers; only a block-device
 * poll spins, on one carrier, while a device thread (a platform thread) moves the blocks.
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

    /** @return whether core threads are virtual threads on this JVM. */
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
     * @param carrier where a virtual thread runs, or null for the JDK's default scheduler.
     * @return an unstarted daemon thread: virtual when {@link #virtualAvailable()}.
     */
    static Thread unstarted(final String name, final Runnable task, final Executor carrier)
    {
        if (UNSTARTED_VIRTUAL != null)
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
