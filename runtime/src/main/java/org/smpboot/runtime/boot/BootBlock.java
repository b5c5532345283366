package org.smpboot.runtime.boot;

import org.agrona.concurrent.AtomicBuffer;
import org.smpboot.runtime.internal.AgronaFlag;
import org.smpboot.runtime.region.BumpAllocator;
import org.smpboot.runtime.region.Slot;
import org.smpboot.runtime.stack.StackPool;

/**
 * The words of the seed-002 election boot, as a flyweight over (buffer, offset). Nothing here may be assumed initialised:
 * before the election the block holds whatever the memory held, and only the leader writes its known state, published
 * by MAGIC2.
 *
 * <h2>Layout ({@link #LENGTH} bytes; each word in its own {@link Slot} so CPUs polling one word do not slow writers of
 * another; offset aligned to {@link Slot#ALIGNMENT})</h2>
 * <pre>
 *  slot 0   +0     asm_magic_val  long  garbage, then MAGIC1 (CAS by the leader), then MAGIC2 (release store)
 *  slot 1   +128   start_bar      long  0, then 1 (release store by cpu_start_other)
 *  slot 2   +256   cpu_count      long  1 + CPUs counted; bit 63 set once sealed (CAS only)
 *  slot 3   +384   bs_cpuid       long  the leader's CPU id
 *           +392   boot_check     long  mix(bs_cpuid): tells a published block from MAGIC2 found at reset
 *  slot 4   +512   running_count  long  CPUs that finished arch_init (atomic add)
 *  slot 5   +640   leader         long  CPU id of the leader, written right after its CAS
 *           +648   heartbeat      long  epoch milliseconds, refreshed by the leader (release store); with the
 *                                        {@link #ABANDONED} bit once the leader gave the boot up, at that time
 *  slot 6   +768   late_count     long  CPUs that arrived after the seal (atomic add)
 *  slot 7   +896   allocator      the leader's {@link BumpAllocator} (next, limit, start)
 *  slot 8   +1024  arch_init_stack_pool header ({@link StackPool#LENGTH})
 *  slot 10  +1280  start_stack_pool header ({@link StackPool#LENGTH})
 * </pre>
 *
 * <h2>Memory ordering</h2>
 * The leader writes start_bar, cpu_count, bs_cpuid and boot_check with plain stores and then MAGIC2 with a release
 * store; a follower acquires asm_magic_val, so seeing MAGIC2 makes those writes visible. start_bar = 1 is a release
 * store after the stack pools are initialised; followers acquire it. Counts change only by CAS or atomic add. The seal
 * is a CAS on cpu_count from the exact value the leader saw equal to running_count, so no increment can slip between
 * the leader's check and the seal: a CPU is either counted and waited for, or LATE.
 */
public final class BootBlock
{
    /** Bytes of the block. */
    public static final int LENGTH = 12 * Slot.LENGTH;
    /** Offset of {@code asm_magic_val}. */
    public static final int ASM_MAGIC_VAL = 0;
    /** Offset of {@code start_bar}. */
    public static final int START_BAR = Slot.LENGTH;
    /** Offset of {@code cpu_count}. */
    public static final int CPU_COUNT = 2 * Slot.LENGTH;
    /** Offset of {@code bs_cpuid}. */
    public static final int BS_CPUID = 3 * Slot.LENGTH;
    /** Offset of {@code boot_check}. */
    public static final int BOOT_CHECK = BS_CPUID + 8;
    /** Offset of {@code running_count}. */
    public static final int RUNNING_COUNT = 4 * Slot.LENGTH;
    /** Offset of the leader's id in the heartbeat slot. */
    public static final int LEADER = 5 * Slot.LENGTH;
    /** Offset of the leader's heartbeat. */
    public static final int HEARTBEAT = LEADER + 8;
    /** Offset of {@code late_count}. */
    public static final int LATE_COUNT = 6 * Slot.LENGTH;
    /** Offset of the allocator state. */
    public static final int ALLOCATOR = 7 * Slot.LENGTH;
    /** Offset of {@code arch_init_stack_pool}. */
    public static final int ARCH_INIT_STACK_POOL = 8 * Slot.LENGTH;
    /** Offset of {@code start_stack_pool}. */
    public static final int START_STACK_POOL = 10 * Slot.LENGTH;
    /** Bit of cpu_count set by the seal. */
    public static final long SEALED = 1L << 63;
    /**
     * Bit of the heartbeat of a leader that gave the boot up, the rest being when it did: the CPUs waiting on it end
     * at once instead of waiting for its heartbeat to go stale.
     */
    public static final long ABANDONED = 1L << 62;

    private final BumpAllocator allocator = new BumpAllocator();
    private AtomicBuffer buffer;
    private int offset;

    /**
     * @param buffer shared memory.
     * @param offset slot-aligned offset of the block.
     * @return this.
     */
    public BootBlock wrap(final AtomicBuffer buffer, final int offset)
    {
        AgronaFlag.ensure();
        Slot.checkPlacement("boot block", offset, LENGTH, buffer.capacity());
        this.buffer = buffer;
        this.offset = offset;
        allocator.wrap(buffer, offset + ALLOCATOR);
        return this;
    }

    /** @return the buffer. */
    public AtomicBuffer buffer()
    {
        return buffer;
    }

    /** @return offset of the block. */
    public int offset()
    {
        return offset;
    }

    /** @return {@code asm_magic_val}, acquire. */
    public long asmMagicVal()
    {
        return buffer.getLongVolatile(offset + ASM_MAGIC_VAL);
    }

    /** What {@link #tryLead()} returns to a CPU that lost: MAGIC1, a value no winner can have replaced. */
    public static final long LOST = Magic.MAGIC1;

    /**
     * The election step every CPU runs first: acquire asm_magic_val and, unless it holds MAGIC1 or MAGIC2, CAS it from
     * the value read to MAGIC1. Exactly one CPU wins.
     *
     * @return the value the winner replaced (the reset content), or {@link #LOST} for every other CPU.
     */
    public long tryLead()
    {
        final long seen = asmMagicVal();
        return seen != Magic.MAGIC1 && seen != Magic.MAGIC2 && elect(seen) ? seen : LOST;
    }

    /**
     * The CAS of the election: {@code asm_magic_val} from the value read to MAGIC1.
     *
     * @param seen the value this CPU read.
     * @return true for the one CPU that wins.
     */
    public boolean elect(final long seen)
    {
        return buffer.compareAndSetLong(offset + ASM_MAGIC_VAL, seen, Magic.MAGIC1);
    }

    /**
     * The leader's writes, then MAGIC2 with a release store (seed: Init 0 -> start_bar, 1 -> cpu_count, cpuid() ->
     * bs_cpuid, MAGIC2 -> asm_magic_val).
     *
     * @param cpu the leader.
     */
    public void publish(final int cpu)
    {
        buffer.putLong(offset + START_BAR, 0);
        buffer.putLong(offset + CPU_COUNT, 1);
        buffer.putLong(offset + BS_CPUID, cpu);
        buffer.putLong(offset + BOOT_CHECK, bootCheck(cpu));
        buffer.putLong(offset + RUNNING_COUNT, 0);
        buffer.putLong(offset + LATE_COUNT, 0);
        buffer.putLongRelease(offset + ASM_MAGIC_VAL, Magic.MAGIC2);
    }

    /**
     * @return true when bs_cpuid and boot_check agree, i.e. a leader really published this block. Call after
     *     acquiring MAGIC2.
     */
    public boolean isPublished()
    {
        return buffer.getLong(offset + BOOT_CHECK) == bootCheck(buffer.getLong(offset + BS_CPUID));
    }

    /**
     * A follower counts itself: atomic increment of cpu_count unless it is sealed.
     *
     * @return the count including this CPU, or -1 when the count was sealed (this CPU is LATE).
     */
    public long countMe()
    {
        while (true)
        {
            final long count = buffer.getLongVolatile(offset + CPU_COUNT);
            if ((count & SEALED) != 0)
            {
                return -1;
            }
            if (buffer.compareAndSetLong(offset + CPU_COUNT, count, count + 1))
            {
                return count + 1;
            }
        }
    }

    /**
     * Seals the count at exactly {@code count}.
     *
     * @param count the value the leader saw equal to running_count.
     * @return false when a CPU counted itself in the meantime (the leader must wait for it).
     */
    public boolean seal(final long count)
    {
        return buffer.compareAndSetLong(offset + CPU_COUNT, count, count | SEALED);
    }

    /** @return cpu_count without the seal bit, acquire. */
    public long cpuCount()
    {
        return buffer.getLongVolatile(offset + CPU_COUNT) & ~SEALED;
    }

    /** @return true once sealed. */
    public boolean isSealed()
    {
        return (buffer.getLongVolatile(offset + CPU_COUNT) & SEALED) != 0;
    }

    /** @return the raw cpu_count word. */
    public long cpuCountWord()
    {
        return buffer.getLongVolatile(offset + CPU_COUNT);
    }

    /** @return start_bar, acquire. */
    public long startBar()
    {
        return buffer.getLongVolatile(offset + START_BAR);
    }

    /** The seed's {@code cpu_start_other()}: start_bar = 1, release. */
    public void cpuStartOther()
    {
        buffer.putLongRelease(offset + START_BAR, 1);
    }

    /** @return bs_cpuid. */
    public long bsCpuid()
    {
        return buffer.getLongVolatile(offset + BS_CPUID);
    }

    /** Leader: running_count = 1 (itself), before {@link #cpuStartOther()} publishes it. */
    public void initRunningCount()
    {
        buffer.putLong(offset + RUNNING_COUNT, 1);
    }

    /** A follower finished arch_init. */
    public void incrementRunning()
    {
        buffer.getAndAddLong(offset + RUNNING_COUNT, 1);
    }

    /** @return running_count, acquire. */
    public long runningCount()
    {
        return buffer.getLongVolatile(offset + RUNNING_COUNT);
    }

    /** A CPU found the count sealed. */
    public void incrementLate()
    {
        buffer.getAndAddLong(offset + LATE_COUNT, 1);
    }

    /** @return late_count. */
    public long lateCount()
    {
        return buffer.getLongVolatile(offset + LATE_COUNT);
    }

    /**
     * The leader's heartbeat: its id and the time, release stores (a follower that reads a fresh time with acquire
     * reads the id written with it; nothing else hangs on them).
     *
     * @param cpu    the leader.
     * @param nowMs  epoch milliseconds (comparable across processes).
     */
    public void heartbeat(final int cpu, final long nowMs)
    {
        buffer.putLongRelease(offset + LEADER, cpu);
        buffer.putLongRelease(offset + HEARTBEAT, nowMs);
    }

    /**
     * The leader gives the boot up (a counted CPU died, a wait timed out): its heartbeat gets the {@link #ABANDONED}
     * bit, release store, so that every CPU waiting on it ends at its next check.
     *
     * @param cpu   the leader.
     * @param nowMs epoch milliseconds.
     */
    public void abandon(final int cpu, final long nowMs)
    {
        buffer.putLongRelease(offset + LEADER, cpu);
        buffer.putLongRelease(offset + HEARTBEAT, ABANDONED | nowMs & (ABANDONED - 1));
    }

    /**
     * @param heartbeat a heartbeat word.
     * @return true when it is a leader's that gave the boot up.
     */
    public static boolean abandoned(final long heartbeat)
    {
        return (heartbeat & (SEALED | ABANDONED)) == ABANDONED;
    }

    /**
     * @param heartbeat a heartbeat word.
     * @return its time, epoch milliseconds, with or without the {@link #ABANDONED} bit.
     */
    public static long millis(final long heartbeat)
    {
        return abandoned(heartbeat) ? heartbeat & (ABANDONED - 1) : heartbeat;
    }

    /** @return the leader id in the heartbeat slot (garbage before any leader wrote it). */
    public long heartbeatLeader()
    {
        return buffer.getLongVolatile(offset + LEADER);
    }

    /** @return the heartbeat time (garbage before any leader wrote it). */
    public long heartbeatMs()
    {
        return buffer.getLongVolatile(offset + HEARTBEAT);
    }

    /** @return the flyweight over the allocator state, wrapped with the block (the same object every call). */
    public BumpAllocator allocator()
    {
        return allocator;
    }

    /**
     * Mixes bs_cpuid so that no fill pattern, and no garbage short of a 2^-64 chance, passes for a published block.
     *
     * @param bsCpuid the leader id.
     * @return the check word.
     */
    static long bootCheck(final long bsCpuid)
    {
        long z = bsCpuid ^ Magic.MAGIC2 ^ 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    @Override
    public String toString()
    {
        return "boot block @" + offset + ": asm_magic_val=" + Magic.describe(asmMagicVal()) +
            " start_bar=" + startBar() + " cpu_count=" + cpuCount() + (isSealed() ? " (sealed)" : "") +
            " bs_cpuid=" + bsCpuid() + " running_count=" + runningCount() + " late_count=" + lateCount();
    }
}
