package org.smpboot.stress;

import org.smpboot.runtime.boot.BootBlock;
import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.region.SharedRegion;
import org.smpboot.runtime.stack.StackHandle;
import org.smpboot.runtime.stack.StackPool;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * Fresh shared memory for one jcstress state: a slot-aligned direct buffer from the runtime's {@link SharedRegion}, filled
 * with a reset pattern, so every test starts from memory the boot may not assume anything about.
 */
public final class BootMemory
{
    /** Bytes after the boot block, for stacks (two or three small stacks fit). */
    public static final int STACK_AREA = 1024;
    /** Bytes of one test stack. */
    public static final int STACK_SIZE = 128;

    private BootMemory()
    {
    }

    /**
     * @param fill the reset pattern.
     * @return a boot block at offset 0 of a fresh region of {@link BootBlock#LENGTH} + {@link #STACK_AREA} bytes.
     */
    public static BootBlock block(final Fill fill)
    {
        final SharedRegion region = SharedRegion.allocate(BootBlock.LENGTH + STACK_AREA).fill(fill);
        return new BootBlock().wrap(region.buffer(), 0);
    }

    /**
     * @param block the boot block.
     * @return a fresh flyweight over the block's arch_init_stack_pool header (each CPU builds its own, as processes do).
     */
    public static StackPool archInitPool(final BootBlock block)
    {
        return new StackPool("arch_init_stack_pool", WaitPolicy.defaults())
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
