package org.smpboot.stress;

import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.smpboot.runtime.boot.BootBlock;
import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.region.SharedRegion;
import org.smpboot.runtime.stack.StackHandle;
import org.smpboot.runtime.stack.StackPool;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * Fresh shared memory for one jcstress state: a slot-aligned direct buffer from the runtime's {@link SharedRegion}, filled
 * with a reset pattern, so every test starts from memory the boot may not assume anything about.
 *
 * <p>Every state gets its memory and its wait policy here, so that the bounded-exhaustive schedule checker
 * ({@code org.smpboot.stress.schedule}) can build the same states over its instrumented memory
 * ({@link #building}): the tests run unchanged under jcstress and under the checker.
 */
public final class BootMemory
{
    /** Bytes after the boot block, for stacks (two or three small stacks fit). */
    public static final int STACK_AREA = 1024;
    /** Bytes of one test stack. */
    public static final int STACK_SIZE = 128;

    /** Bound of a wait in a jcstress state: both actors always arrive, so a timeout can only mean a bug. */
    public static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    private static final ThreadLocal<IntFunction<AtomicBuffer>> BUFFERS = new ThreadLocal<>();
    private static final ThreadLocal<WaitPolicy> POLICY = new ThreadLocal<>();
    private static final WaitPolicy DEFAULT_POLICY = WaitPolicy.defaults().withTimeout(TIMEOUT_NS);

    private BootMemory()
    {
    }

    /**
     * Builds a state over other memory: every buffer and wait policy this class hands out on the calling thread while
     * {@code state} runs comes from {@code buffers} and {@code policy}.
     *
     * @param buffers memory of a given length.
     * @param policy  the wait policy of the state's waits.
     * @param state   builds the state.
     * @param <T>     the state.
     * @return the state.
     */
    public static <T> T building(final IntFunction<AtomicBuffer> buffers, final WaitPolicy policy,
        final Supplier<T> state)
    {
        BUFFERS.set(buffers);
        POLICY.set(policy);
        try
        {
            return state.get();
        }
        finally
        {
            BUFFERS.remove();
            POLICY.remove();
        }
    }

    /**
     * @param length bytes.
     * @return a fresh slot-aligned direct buffer (jcstress), or the checker's memory.
     */
    public static AtomicBuffer direct(final int length)
    {
        final IntFunction<AtomicBuffer> buffers = BUFFERS.get();
        return buffers != null ? buffers.apply(length) : SharedRegion.allocate(length).buffer();
    }

    /**
     * @param length bytes.
     * @return a fresh heap buffer (jcstress allocates states by the thousand, and direct buffers would strain the
     *     direct-memory limit; the atomics and their ordering are the same), or the checker's memory.
     */
    public static AtomicBuffer heap(final int length)
    {
        final IntFunction<AtomicBuffer> buffers = BUFFERS.get();
        return buffers != null ? buffers.apply(length) : new UnsafeBuffer(new byte[length]);
    }

    /** @return the default wait policy bounded by {@link #TIMEOUT_NS} (jcstress), or the checker's. */
    public static WaitPolicy waitPolicy()
    {
        final WaitPolicy policy = POLICY.get();
        return policy != null ? policy : DEFAULT_POLICY;
    }

    /**
     * @param fill the reset pattern.
     * @return a boot block at offset 0 of a fresh region of {@link BootBlock#LENGTH} + {@link #STACK_AREA} bytes.
     */
    public static BootBlock block(final Fill fill)
    {
        final AtomicBuffer buffer = direct(BootBlock.LENGTH + STACK_AREA);
        fill.apply(buffer, 0, buffer.capacity());
        return new BootBlock().wrap(buffer, 0);
    }

    /**
     * @param block the boot block.
     * @return a fresh flyweight over the block's arch_init_stack_pool header (each CPU builds its own, as processes do).
     */
    public static StackPool archInitPool(final BootBlock block)
    {
        return new StackPool("arch_init_stack_pool", waitPolicy())
            .wrap(block.buffer(), block.offset() + BootBlock.ARCH_INIT_STACK_POOL);
    }

    /**
     * @param stack a handle, or null.
     * @return 1 + the test stack's number, so outcomes read 1, 2, 3; -1 for null.
     */
    public static int id(final StackHandle stack)
    {
        return stack == null ? -1 : id(stack.stackOffset());
    }

    /**
     * @param offset offset of a test stack.
     * @return 1 + its number.
     */
    public static int id(final int offset)
    {
        return (offset - BootBlock.LENGTH) / STACK_SIZE + 1;
    }

    /**
     * @param i stack number.
     * @return offset of the i-th test stack, past the boot block.
     */
    public static int stack(final int i)
    {
        return BootBlock.LENGTH + i * STACK_SIZE;
    }
}
