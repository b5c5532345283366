package org.smpboot.runtime.boot;

import org.agrona.concurrent.AtomicBuffer;
import org.smpboot.runtime.internal.AgronaFlag;

/**
 * Who arrived in an election: one bit per CPU id, set by each CPU as it is counted, so that the leader can name the
 * expected CPUs that never arrived (a count says how many are missing, not which). A flyweight over shared memory, like
 * the boot block, and outside it: its size grows with the highest CPU id, which the block must not.
 *
 * <h2>Layout ({@link #length(int)} bytes, 8-aligned)</h2>
 * <pre>
 *   offset          type  word
 *   +8 * w          long  CPUs 64 w .. 64 w + 63: bit (cpu &amp; 63) of word w = cpu &gt;&gt;&gt; 6 is set once cpu counted itself
 * </pre>
 *
 * <p>Memory ordering: the leader clears the roll before its release store of MAGIC2, which every follower acquires
 * before it marks itself; a mark is a CAS (a full fence) made before the CPU increments running_count, whose value the
 * leader acquires before it seals, so every counted CPU's mark is visible to the leader once the count is sealed.
 */
public final class ArrivalRoll
{
    private AtomicBuffer buffer;
    private int offset;
    private int cpus;

    /**
     * @param cpus CPU ids the roll holds, 0 to cpus - 1.
     * @return its bytes.
     */
    public static int length(final int cpus)
    {
        return ((cpus + 63) >>> 6) * Long.BYTES;
    }

    /**
     * @param buffer shared memory.
     * @param offset first byte, 8-aligned.
     * @param cpus   CPU ids the roll holds.
     * @return this.
     */
    public ArrivalRoll wrap(final AtomicBuffer buffer, final int offset, final int cpus)
    {
        AgronaFlag.ensure();
        if (cpus < 1 || (offset & 7) != 0 || offset < 0 || offset + (long)length(cpus) > buffer.capacity())
        {
            throw new IllegalArgumentException("arrival roll of " + cpus + " CPUs at " + offset + " does not fit " +
                buffer.capacity() + " bytes 8-aligned");
        }
        this.buffer = buffer;
        this.offset = offset;
        this.cpus = cpus;
        return this;
    }

    /** Clears every mark (the leader, before it publishes the election). */
    public void clear()
    {
        for (int at = 0; at < length(cpus); at += Long.BYTES)
        {
            buffer.putLongVolatile(offset + at, 0);
        }
    }

    /**
     * @param cpu a CPU that counted itself.
     * @throws IllegalArgumentException when the roll does not hold that id.
     */
    public void mark(final int cpu)
    {
        check(cpu);
        final int at = offset + (cpu >>> 6) * Long.BYTES;
        final long bit = 1L << (cpu & 63);
        long seen;
        do
        {
            seen = buffer.getLongVolatile(at);
        }
        while ((seen & bit) == 0 && !buffer.compareAndSetLong(at, seen, seen | bit));
    }

    /**
     * @param cpu a CPU id.
     * @return true when it marked itself.
     */
    public boolean isMarked(final int cpu)
    {
        return cpu >= 0 && cpu < cpus && (buffer.getLongVolatile(offset + (cpu >>> 6) * Long.BYTES) &
            1L << (cpu & 63)) != 0;
    }

    private void check(final int cpu)
    {
        if (cpu < 0 || cpu >= cpus)
        {
            throw new IllegalArgumentException("cpu " + cpu + " is outside the arrival roll's 0.." + (cpus - 1));
        }
    }
}
