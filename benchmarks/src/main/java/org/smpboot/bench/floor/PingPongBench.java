package org.smpboot.bench.floor;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.smpboot.bench.harness.Crew;
import org.smpboot.bench.harness.JvmFlags;
import org.smpboot.runtime.internal.AgronaFlag;

/**
 * The floor every boot primitive stands on: one word CASed back and forth between two threads (0 to 1 by member 0,
 * 1 to 0 by member 1, no pause, as nviennot/core-to-core-latency does). Score: ns per round trip, i.e. two cache-line
 * handoffs. Off-heap Agrona word beside the same on an {@link AtomicLong}, in the same run.
 *
 * <p>Runs on a two-member {@link Crew}, the harness of the barrier benchmarks, so a 2-party barrier episode and this
 * round trip carry the same (amortised) harness cost and their ratio is fair.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.IGNORE_UNRECOGNIZED, JvmFlags.UNSAFE_ALLOW, JvmFlags.AGRONA_EXPORT})
public class PingPongBench
{
    /** Round trips per benchmark call: amortises the crew's round start (a few us) to a few ns. */
    static final int ROUND_TRIPS = 4096;

    private UnsafeBuffer offHeap;
    private AtomicLong onHeap;
    private Crew crew;

    @Setup(Level.Trial)
    public void setUp()
    {
        AgronaFlag.ensure();
        // the word alone in a 128-byte slot, as the runtime places its contended words
        final ByteBuffer direct = BufferUtil.allocateDirectAligned(128, 128);
        offHeap = new UnsafeBuffer(direct);
        onHeap = new AtomicLong();
        crew = new Crew(2, "pingpong");
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        crew.close();
    }

    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public void agronaOffHeap()
    {
        final UnsafeBuffer word = offHeap;
        crew.run(member ->
        {
            final long from = member, to = member ^ 1;
            for (int i = 0; i < ROUND_TRIPS; i++)
            {
                while (!word.compareAndSetLong(0, from, to))
                {
                    // no pause: the floor is the raw handoff
                }
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public void baselineAtomicLongOnHeap()
    {
        final AtomicLong word = onHeap;
        crew.run(member ->
        {
            final long from = member, to = member ^ 1;
            for (int i = 0; i < ROUND_TRIPS; i++)
            {
                while (!word.compareAndSet(from, to))
                {
                    // no pause: the floor is the raw handoff
                }
            }
        });
    }
}
