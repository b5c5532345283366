package org.smpboot.stress.schedule;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.smpboot.stress.BootMemory;

/**
 * A jcstress test, run unchanged under the schedule checker: its state is built over checked memory (every state gets
 * its buffers and wait policy from {@link BootMemory}), each {@code @Actor} is a thread, the {@code @Arbiter} runs once
 * they end, and the result is judged by the test's own {@code @Outcome} annotations (the first whose id matches the
 * whole result string, else the one without an id). A FORBIDDEN outcome, an actor that throws, or a hang is a
 * violation.
 */
public final class JcstressScenario implements Scenario
{
    private final Class<?> test;
    private final Method[] actors;
    private final Method arbiter;
    private final List<Outcome> outcomes = new ArrayList<>();
    private final Outcome fallback;
    private final Constructor<?> constructor;

    /**
     * @param test a class annotated {@code @JCStressTest} whose state is the class itself.
     */
    public JcstressScenario(final Class<?> test)
    {
        if (!test.isAnnotationPresent(JCStressTest.class))
        {
            throw new IllegalArgumentException(test.getName() + " is not a @JCStressTest");
        }
        this.test = test;
        final List<Method> found = new ArrayList<>();
        Method arb = null;
        for (final Method m : test.getDeclaredMethods())
        {
            if (m.isAnnotationPresent(Actor.class))
            {
                found.add(m);
            }
            if (m.isAnnotationPresent(Arbiter.class))
            {
                arb = m;
            }
        }
        found.sort(Comparator.comparing(Method::getName)); // reflection has no declaration order: name order
        actors = found.toArray(new Method[0]);
        arbiter = arb;
        Outcome catchAll = null;
        for (final Outcome o : test.getAnnotationsByType(Outcome.class))
        {
            if (o.id().length == 0 || o.id().length == 1 && o.id()[0].isEmpty())
            {
                catchAll = o;
            }
            else
            {
                outcomes.add(o);
            }
        }
        fallback = catchAll;
        try
        {
            constructor = test.getDeclaredConstructor();
            constructor.setAccessible(true);
        }
        catch (final NoSuchMethodException e)
        {
            throw new IllegalArgumentException(test.getName() + " has no no-argument constructor", e);
        }
        for (final Method m : actors)
        {
            m.setAccessible(true);
        }
        if (arbiter != null)
        {
            arbiter.setAccessible(true);
        }
    }

    /** @return the test class. */
    public Class<?> test()
    {
        return test;
    }

    @Override
    public String name()
    {
        return "jcstress " + test.getSimpleName();
    }

    @Override
    public int threads()
    {
        return actors.length;
    }

    /** jcstress states share plain fields between actors (the barrier tests' stages): no pruning. */
    @Override
    public boolean sharesOnlyCheckedMemory()
    {
        return false;
    }

    @Override
    public Instance newInstance(final Memory memory)
    {
        final Object state = BootMemory.building(memory::buffer, memory.waitPolicy(BootMemory.TIMEOUT_NS), () ->
        {
            try
            {
                return constructor.newInstance();
            }
            catch (final InvocationTargetException e)
            {
                throw new IllegalStateException(test.getSimpleName() + "'s state: " + e.getCause(), e.getCause());
            }
            catch (final ReflectiveOperationException e)
            {
                throw new IllegalStateException(test.getSimpleName() + "'s state: " + e, e);
            }
        });
        final Object result = newResult();
        return new Instance()
        {
            @Override
            public String threadName(final int thread)
            {
                return actors[thread].getName();
            }

            @Override
            public void run(final int thread) throws Exception
            {
                invoke(actors[thread], state, result);
            }

            @Override
            public String check(final Ending ending)
            {
                final String problem = ending.problem();
                if (problem != null)
                {
                    return problem;
                }
                try
                {
                    if (arbiter != null)
                    {
                        invoke(arbiter, state, result);
                    }
                }
                catch (final Exception e)
                {
                    return "arbiter threw " + e;
                }
                final String r = String.valueOf(result);
                final Outcome o = grade(r);
                if (o == null)
                {
                    return "result [" + r + "] matches no @Outcome";
                }
                return o.expect() == Expect.FORBIDDEN ? "FORBIDDEN [" + r + "]: " + o.desc() : null;
            }
        };
    }

    /**
     * @param result a result string ("1, 0, 1").
     * @return the outcome that grades it.
     */
    Outcome grade(final String result)
    {
        for (final Outcome o : outcomes)
        {
            for (final String id : o.id())
            {
                if (Pattern.compile(id).matcher(result).matches())
                {
                    return o;
                }
            }
        }
        return fallback;
    }

    private Object newResult()
    {
        Class<?> type = null;
        for (final Method m : actors)
        {
            type = m.getParameterCount() == 1 ? m.getParameterTypes()[0] : type;
        }
        if (arbiter != null && arbiter.getParameterCount() == 1)
        {
            type = arbiter.getParameterTypes()[0];
        }
        try
        {
            return type == null ? "" : type.getDeclaredConstructor().newInstance();
        }
        catch (final ReflectiveOperationException e)
        {
            throw new IllegalStateException(test.getSimpleName() + ": cannot build its result " + type, e);
        }
    }

    private static void invoke(final Method m, final Object state, final Object result) throws Exception
    {
        try
        {
            if (m.getParameterCount() == 1)
            {
                m.invoke(state, result);
            }
            else
            {
                m.invoke(state);
            }
        }
        catch (final InvocationTargetException e)
        {
            if (e.getCause() instanceof Error err)
            {
                throw err; // the checker's unwinding, or a real error
            }
            throw (Exception)e.getCause();
        }
    }
}
