package org.smpboot.bench.pool;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jctools.queues.MpmcArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.smpboot.bench.harness.JvmFlags;
import org.smpboot.runtime.region.SharedRegion;
import org.smpboot.runtime.stack.StackHandle;
import org.smpboot.runtime.stack.StackPool;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * One draw and one give-back per operation, by every JMH thread at once (run with {@code -t 1, 2, 8, 64}): the
 * runtime's {@link StackPool} (usage tracking off) beside the pools a user would build from a JDK or JCTools queue,
 * each pre-filled with the same {@value #STACKS} stack tokens, in the same run. Nothing is done between draw and
 * give-back, so this is the pool's worst-case contention. Score: ns per pair per thread; the report divides by the
 * thread count for the aggregate.
 *
 * <p>{@value #STACKS} tokens and at most 64 threads holding one each: no pool ever runs empty, so no variant waits.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.IGNORE_UNRECOGNIZED, JvmFlags.UNSAFE_ALLOW, JvmFlags.AGRONA_EXPORT})
public class StackPoolBench
{
    /** Tokens in every pool. */
    static final int STACKS = 64;
    /** Bytes per stack of the runtime's pool (TSAR's boot-stack spacing). */
    static final int STACK_SIZE = 4096;

    private SharedRegion region;
    private StackPool stackPool;
    private MpmcArrayQueue<Integer> mpmc;
    private ConcurrentLinkedDeque<Integer> deque;
    private ArrayBlockingQueue<Integer> blocking;
    private final AtomicInteger cpuIds = new AtomicInteger();

    /** Per-thread CPU id, recorded as the stack's owner by the runtime's pool. */
    @State(Scope.Thread)
    public static class Cpu
    {
        int id;

        @Setup(Level.Trial)
        public void setUp(final StackPoolBench bench)
        {
            id = bench.cpuIds.getAndIncrement();
        }
    }

    @Setup(Level.Trial)
    public void setUp()
    {
        region = SharedRegion.allocate(StackPool.LENGTH + STACKS * STACK_SIZE);
        stackPool = new StackPool("bench_pool", WaitPolicy.defaults()).wrap(region.buffer(), 0).initialize(null, false);
        mpmc = new MpmcArrayQueue<>(STACKS);
        deque = new ConcurrentLinkedDeque<>();
        blocking = new ArrayBlockingQueue<>(STACKS);
        for (int i = 0; i < STACKS; i++)
        {
            final int stack = StackPool.LENGTH + i * STACK_SIZE;
            stackPool.newStack(stack, STACK_SIZE);
            final Integer token = stack; // the same boxed token object in every queue
            mpmc.offer(token);
            deque.offerFirst(token);
            blocking.offer(token);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        region.close();
    }

    @Benchmark
    public int stackPool(final Cpu cpu)
    {
        final StackHandle stack = stackPool.getStack(cpu.id);
        final int at = stack.stackOffset(); // NPE here would mean an empty pool: impossible with 64 tokens
        stackPool.release(stack);
        return at;
    }

    @Benchmark
    public Integer baselineMpmcArrayQueue()
    {
        final Integer token = mpmc.poll();
        mpmc.offer(token);
        return token;
    }

    @Benchmark
    public Integer baselineConcurrentLinkedDeque()
    {
        // LIFO like the Treiber pool: the most recently returned stack is the warmest
        final Integer token = deque.pollFirst();
        deque.offerFirst(token);
        return token;
    }

    @Benchmark
    public Integer baselineArrayBlockingQueue()
    {
        final Integer token = blocking.poll();
        blocking.offer(token);
        return token;
    }
}
