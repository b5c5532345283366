package org.smpboot.stress;

import org.smpboot.runtime.boot.BootBlock;
import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.region.SharedRegion;

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
     * @param i stack number.
     * @return offset of the i-th test stack, past the boot block.
     */
    public static int stack(final int i)
    {
        return BootBlock.LENGTH + i * STACK_SIZE;
    }
}
