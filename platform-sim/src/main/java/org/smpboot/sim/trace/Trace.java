package org.smpboot.sim.trace;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Records typed boot events and writes them as Chrome trace-event JSON, which Perfetto and chrome://tracing open: one
 * process per cluster, one thread per core, steps as nested begin/end slices, the rest as instant events.
 *
 * <p>Each core appends to its own queue from its own thread, so a core's events are in the order it made them and
 * recording costs no shared contention; the writer orders every queue by time only to interleave them, and keeps
 * each core's own order for equal timestamps.
 */
public final class Trace
{
    /** Nominal frequency of virtual time in a trace: cycles per microsecond (a 1 GHz core). */
    public static final long CYCLES_PER_MICRO = 1000;

    private final long start = System.nanoTime();
    private final LongSupplier cycles;
    private final Map<Integer, Queue<TraceEvent>> byThread = new ConcurrentHashMap<>();
    private final Map<Integer, String> threadNames = new ConcurrentHashMap<>();
    private volatile boolean virtual;

    /**
     * @param cycles the machine's cycle counter.
     */
    public Trace(final LongSupplier cycles)
    {
        this.cycles = cycles;
    }

    /**
     * @param kind what happened.
     * @param name the step, barrier or mailbox.
     * @param ph   {@code B}, {@code E} or {@code i}.
     * @param pid  the cluster.
     * @param tid  the core's gid (or a device's pseudo-thread).
     * @param who  how the thread is named in the trace.
     * @param args details.
     */
    public void record(final EventKind kind, final String name, final char ph, final int pid, final int tid,
        final String who, final Map<String, Object> args)
    {
        record(kind, name, ph, pid, tid, who, args, cycles.getAsLong());
    }

    /**
     * Records an event at a given cycle: a core's own cycle counter (virtual time).
     *
     * @param kind  what happened.
     * @param name  the step, barrier or mailbox.
     * @param ph    {@code B}, {@code E} or {@code i}.
     * @param pid   the cluster.
     * @param tid   the core's gid.
     * @param who   how the thread is named in the trace.
     * @param args  details.
     * @param cycle the cycle it happened at.
     */
    public void record(final EventKind kind, final String name, final char ph, final int pid, final int tid,
        final String who, final Map<String, Object> args, final long cycle)
    {
        threadNames.putIfAbsent(tid, who);
        final long micros = virtual ? cycle / CYCLES_PER_MICRO : (System.nanoTime() - start) / 1000;
        byThread.computeIfAbsent(tid, t -> new ConcurrentLinkedQueue<>()).add(new TraceEvent(kind, name, ph,
            micros, cycle, pid, tid, args));
    }

    /**
     * Stamps events from now on with virtual time only: an event's time is its cycle at {@value #CYCLES_PER_MICRO}
     * cycles per microsecond, never the host's clock, and events are ordered by cycle (then core), so that a
     * deterministic run writes the same trace byte for byte.
     */
    public void virtualTime()
    {
        this.virtual = true;
    }

    /** @return every event, ordered by time (each thread's own order kept). */
    public List<TraceEvent> events()
    {
        final List<TraceEvent> all = new ArrayList<>();
        byThread.values().forEach(all::addAll);
        if (virtual)
        {
            // virtual time is per core: interleave by cycle, then by core, each core's own order kept (stable)
            all.sort(Comparator.comparingLong(TraceEvent::cycle).thenComparingInt(TraceEvent::tid));
        }
        else
        {
            all.sort(Comparator.comparingLong(TraceEvent::micros)); // stable: a thread's equal times keep their order
        }
        return all;
    }

    /**
     * @param out where the JSON goes (not closed).
     * @throws IOException when it cannot be written.
     */
    public void write(final OutputStream out) throws IOException
    {
        try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8))
        {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.writeStartObject();
            g.writeStringField("displayTimeUnit", "ms");
            g.writeArrayFieldStart("traceEvents");
            final List<TraceEvent> all = events();
            final Map<Integer, Integer> pidOf = new ConcurrentHashMap<>();
            all.forEach(e -> pidOf.putIfAbsent(e.tid(), e.pid()));
            for (final Map.Entry<Integer, Integer> t : pidOf.entrySet())
            {
                meta(g, "thread_name", t.getValue(), t.getKey(), threadNames.get(t.getKey()));
            }
            pidOf.values().stream().distinct().sorted().forEach(pid -> meta(g, "process_name", pid, 0,
                String.format("cluster 0x%02x", pid)));
            for (final TraceEvent e : all)
            {
                g.writeStartObject();
                g.writeStringField("name", e.kind() == EventKind.STEP ? e.name() : e.kind().name().toLowerCase(
                    java.util.Locale.ROOT) + (e.name().isEmpty() ? "" : " " + e.name()));
                g.writeStringField("cat", e.kind().category());
                g.writeStringField("ph", String.valueOf(e.ph()));
                if (e.ph() == 'i')
                {
                    g.writeStringField("s", "t");
                }
                g.writeNumberField("ts", e.micros());
                g.writeNumberField("pid", e.pid());
                g.writeNumberField("tid", e.tid());
                g.writeObjectFieldStart("args");
                g.writeNumberField("cycle", e.cycle());
                // sorted: an immutable map's order changes from one JVM to the next, a replay's bytes must not
                for (final Map.Entry<String, Object> a : new TreeMap<>(e.args()).entrySet())
                {
                    g.writeStringField(a.getKey(), String.valueOf(a.getValue()));
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void meta(final JsonGenerator g, final String name, final int pid, final int tid,
        final String value)
    {
        try
        {
            g.writeStartObject();
            g.writeStringField("name", name);
            g.writeStringField("ph", "M");
            g.writeNumberField("pid", pid);
            g.writeNumberField("tid", tid);
            g.writeObjectFieldStart("args");
            g.writeStringField("name", value);
            g.writeEndObject();
            g.writeEndObject();
        }
        catch (final IOException e)
        {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
