package org.smpboot.stress.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class CheckedBufferTest
{
    /** Parameter types of accessors that move bytes in bulk or text: not word accesses the flyweights make. */
    private static final Set<String> BULK = Set.of("byte[]", "char[]", "java.nio.ByteBuffer", "org.agrona.DirectBuffer",
        "java.lang.String", "java.lang.CharSequence", "java.lang.Appendable", "org.agrona.MutableDirectBuffer");

    @Test
    void everyWordAccessorOfUnsafeBufferIsAScheduledAccess() throws Exception
    {
        final List<String> missing = new ArrayList<>();
        int checked = 0;
        for (final Method m : UnsafeBuffer.class.getMethods())
        {
            final String n = m.getName();
            final boolean access = n.matches("(get|put|compareAnd|add)[A-Z].*") && !n.matches(".*(String|Ascii|Natural|" +
                "Bytes).*") && m.getParameterCount() > 0 && m.getParameterTypes()[0] == int.class;
            if (!access || Modifier.isStatic(m.getModifiers()) ||
                java.util.Arrays.stream(m.getParameterTypes()).anyMatch(p -> BULK.contains(p.getTypeName())))
            {
                continue;
            }
            checked++;
            try
            {
                if (CheckedBuffer.class.getDeclaredMethod(n, m.getParameterTypes()) == null)
                {
                    missing.add(m.toString());
                }
            }
            catch (final NoSuchMethodException e)
            {
                missing.add(m.toString());
            }
        }
        assertTrue(checked > 50, "found only " + checked + " accessors: the filter is wrong");
        assertEquals(List.of(), missing, "accessors a flyweight could call without a scheduling point");
    }

    @Test
    void accessesOutsideACheckedThreadPassThrough()
    {
        try (Explorer explorer = new Explorer())
        {
            final Execution ex = new Execution(new Execution.Worker[1], 0, new ArrayList<>(), null, null, null,
                Execution.STALL_NS);
            final CheckedBuffer b = (CheckedBuffer)ex.buffer(64);
            b.putLong(8, 42);
            assertTrue(b.compareAndSetLong(8, 42, 43));
            assertEquals(43, b.getLongVolatile(8));
            assertEquals(43, b.getAndAddLong(8, 1));
            assertEquals(44, b.getLong(8));
            assertTrue(explorer != null);
        }
    }
}
