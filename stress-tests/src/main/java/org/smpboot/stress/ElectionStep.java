package org.smpboot.stress;

import org.smpboot.runtime.boot.BootBlock;
import org.smpboot.runtime.boot.Magic;

/**
 * The first step of {@code ElectionBoot.run}, which is private there: acquire asm_magic_val and, unless it holds a magic
 * value, CAS it from the value read to MAGIC1. Kept to the same expression so jcstress checks what boots.
 */
public final class ElectionStep
{
    private ElectionStep()
    {
    }

    /**
     * @param block the boot block.
     * @return true for the CPU that becomes the leader.
     */
    public static boolean tryLead(final BootBlock block)
    {
        final long seen = block.asmMagicVal();
        return seen != Magic.MAGIC1 && seen != Magic.MAGIC2 && block.elect(seen);
    }
}
