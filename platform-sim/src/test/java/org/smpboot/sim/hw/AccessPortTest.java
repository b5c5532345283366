package org.smpboot.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.region.Fill;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformSpec;

/**
 * The one access path: each access kind made by a core's instruction on the bus and by a flyweight through a window
 * costs the same counts, the same cycles and the same watcher events, and a window refuses what it cannot count.
 */
class AccessPortTest
{
    private static final int BUS_AT = 0x10_0000;
    private static final int WINDOW_AT = 0x20_0000;

    private final Machine m = new Machine(PlatformBuilder.build(PlatformSpec.defaults()),
        MachineConfig.defaults().withConsole(null).withFill(Fill.ZERO));
    private final List<String> watched = new ArrayList<>();

    @AfterEach
    void close()
    {
        m.close();
    }

    /** What one access did: counts per (from, to, kind), the initiator's cycles, the watcher's events. */
    private record Effect(AccessMatrix counts, long cycles, List<String> watched)
    {
    }

    private Effect measure(final Processor p, final int base, final Runnable access)
    {
        watched.clear();
        m.bus().watch((who, paddr, len) -> watched.add(who.name() + " +" +
            (PhysicalAddress.offset(paddr) - base) + " " + len));
        final AccessMatrix before = m.accesses();
        final long c0 = p.cycles();
        access.run();
        return new Effect(m.accesses().minus(before), p.cycles() - c0, List.copyOf(watched));
    }

    /** Runs an access on the bus at {@link #BUS_AT} and through a window at {@link #WINDOW_AT}; both must agree. */
    private void same(final String what, final BiConsumer<Processor, Long> onBus,
        final BiConsumer<CountedWindow, Integer> onWindow)
    {
        final Processor p = m.processor(0x01, 1);
        final CountedWindow w = p.window(0x00, WINDOW_AT, 256);
        final Effect bus = measure(p, BUS_AT, () -> onBus.accept(p, PhysicalAddress.of(0x00, BUS_AT)));
        final Effect window = measure(p, WINDOW_AT, () -> onWindow.accept(w, 0));
        assertTrue(bus.counts().total() > 0, what + ": the bus access is counted");
        for (final AccessKind k : AccessKind.values())
        {
            assertEquals(bus.counts().get(0x01, 0x00, k), window.counts().get(0x01, 0x00, k), what + ", " + k);
        }
        assertEquals(bus.counts().total(), window.counts().total(), what + ": total");
        assertEquals(bus.cycles(), window.cycles(), what + ": cycles");
        assertEquals(bus.watched(), window.watched(), what + ": watcher events");
    }

    @Test
    void everyAccessKindCostsTheSameThroughTheBusAndThroughAWindow()
    {
        same("load 32", (p, a) -> m.bus().read32(p, a), (w, i) -> w.getIntVolatile(i));
        same("load 64", (p, a) -> m.bus().read64(p, a), (w, i) -> w.getLongVolatile(i));
        same("store 32", (p, a) -> m.bus().write32(p, a, 5), (w, i) -> w.putIntVolatile(i, 5));
        same("store 64", (p, a) -> m.bus().write64(p, a, 5), (w, i) -> w.putLongVolatile(i, 5));
        same("cas 32 that swaps", (p, a) -> m.bus().cas32(p, a, 5, 6), (w, i) -> w.compareAndSetInt(i, 5, 6));
        same("cas 64 that fails", (p, a) -> m.bus().cas64(p, a, 99, 6), (w, i) -> w.compareAndSetLong(i, 99, 6));
        same("fetch-and-add 32", (p, a) -> m.bus().getAndAdd32(p, a, 1), (w, i) -> w.getAndAddInt(i, 1));
        same("fetch-and-add 64", (p, a) -> m.bus().getAndAdd64(p, a, 1), (w, i) -> w.getAndAddLong(i, 1));
        same("bulk read", (p, a) -> m.bus().read(p, a, new byte[37], 0, 37), (w, i) -> w.getBytes(i, new byte[37]));
        same("bulk write", (p, a) -> m.bus().write(p, a, new byte[37], 0, 37), (w, i) -> w.putBytes(i, new byte[37]));
        same("memset", (p, a) -> m.bus().set(p, a, 37, (byte)1), (w, i) -> w.setMemory(i, 37, (byte)1));
    }

    @Test
    void aStoreStampsTheWordAlikeThroughEitherEntry()
    {
        final Processor busWriter = m.processor(0x11, 0);
        final Processor windowWriter = m.processor(0x11, 1);
        final Processor busReader = m.processor(0x00, 0);
        final Processor windowReader = m.processor(0x00, 1);
        busWriter.counts().clock().advance(1_000_000);
        windowWriter.counts().clock().advance(1_000_000);
        m.bus().write32(busWriter, PhysicalAddress.of(0, BUS_AT), 1);
        windowWriter.window(0, WINDOW_AT, 8).putIntVolatile(0, 1);
        // each reader sees a store made at the same virtual time (the bank served one after the other), so each
        // ends as far after its writer
        m.bus().read32(busReader, PhysicalAddress.of(0, BUS_AT));
        windowReader.window(0, WINDOW_AT, 8).getIntVolatile(0);
        assertTrue(busReader.cycles() > 1_000_000, "the reader took the writer's time");
        assertEquals(busReader.cycles() - busWriter.cycles(), windowReader.cycles() - windowWriter.cycles());
    }

    @Test
    void aWatcherThatRefusesAStoreRefusesItOnBothEntries()
    {
        final Processor p = m.processor(0x00, 2);
        m.bus().watch((who, paddr, len) ->
        {
            throw new CoreFault(p, "refused at " + PhysicalAddress.format(paddr));
        });
        final CountedWindow w = p.window(0, WINDOW_AT, 64);
        final AccessMatrix before = m.accesses();
        for (final Runnable r : List.<Runnable>of(() -> m.bus().write32(p, PhysicalAddress.of(0, BUS_AT), 1),
            () -> w.putLong(0, 1), () -> w.getAndAddInt(0, 1), () -> w.putBytes(0, new byte[8])))
        {
            try
            {
                r.run();
                fail("a refused store went through");
            }
            catch (final CoreFault expected)
            {
                assertTrue(expected.getMessage().contains("refused"));
            }
        }
        assertEquals(0, m.accesses().minus(before).total(), "a refused store is not counted");
    }

    /** Methods that touch no memory: a window's geometry. */
    private static final Set<String> GEOMETRY = Set.of("capacity", "checkLimit", "boundsCheck", "isExpandable",
        "verifyAlignment", "wrapAdjustment");

    @Test
    void everyAtomicBufferMethodIsCountedOrRefusedLoudly() throws Exception
    {
        final Processor p = m.processor(0x01, 0);
        int counted = 0;
        int refused = 0;
        for (final Method method : AtomicBuffer.class.getMethods())
        {
            if (Modifier.isStatic(method.getModifiers()) || GEOMETRY.contains(method.getName()) ||
                method.getDeclaringClass() == Object.class)
            {
                continue;
            }
            final CountedWindow w = p.window(0x00, WINDOW_AT, 256);
            final AccessMatrix before = m.accesses();
            final Object[] args = arguments(method.getParameterTypes());
            try
            {
                method.invoke(w, args);
                assertTrue(m.accesses().minus(before).total() > 0, method + " touched memory uncounted");
                counted++;
            }
            catch (final InvocationTargetException e)
            {
                if (!(e.getCause() instanceof UnsupportedOperationException u))
                {
                    throw new AssertionError(method + " threw " + e.getCause(), e.getCause());
                }
                assertTrue(u.getMessage().startsWith(method.getName() + "("), u.getMessage());
                assertEquals(0, m.accesses().minus(before).total(), method + " refused but counted");
                refused++;
            }
        }
        assertTrue(counted >= 60, "word accesses counted: " + counted);
        assertTrue(refused >= 40, "methods refused: " + refused);
    }

    private static Object[] arguments(final Class<?>[] types)
    {
        final Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++)
        {
            final Class<?> t = types[i];
            args[i] = t == int.class ? 8 : t == long.class ? 1L : t == short.class ? (short)1 :
                t == char.class ? 'c' : t == byte.class ? (byte)1 : t == double.class ? 1.0 : t == float.class ? 1.0f :
                t == byte[].class ? new byte[16] : t == ByteOrder.class ? ByteOrder.BIG_ENDIAN :
                t == String.class || t == CharSequence.class ? "x" : t == ByteBuffer.class ? ByteBuffer.allocate(64) :
                t == Appendable.class ? new StringBuilder() : new UnsafeBuffer(new byte[64]);
        }
        return args;
    }
}
