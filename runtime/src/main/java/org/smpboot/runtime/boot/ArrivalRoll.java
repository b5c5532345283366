package org.smpboot.runtime.boot;

import org.agrona.concurrent.AtomicBuffer;
import org.smpboot.runtime.internal.AgronaFlag;

/**
 * Who arrived in an election, and whether each is still alive: one bit per CPU, set by each CPU once it is counted, so
 * that the leader can name the expected CPUs that never arrived (a count says how many are missing, not which); and one
 * heartbeat word per CPU, so that the leader waiting for {@code running_count == cpu_count} can name the counted CPUs
 * that have not finished arch_init and tell a dead one (its heartbeat stopped) from a slow one. A flyweight over shared
 * memory, like the boot block, and outside it: its size grows with the highest CPU id, which the block's must not.
 *
 * <h2>Layout ({@link #length(int)} bytes, 8-aligned)</h2>
 * <pre>
 *  +0                     marks  ceil(cpus / 64) longs: bit (cpu &amp; 63) of word (cpu &gt;&gt;&gt; 6) set once cpu is counted
 *  +8 * ceil(cpus / 64)   beats  cpus longs, one per CPU:
 *                                0 (cleared by the leader): not arrived in this election;
 *                                {@link #ARRIVED} | epoch ms: arrived, alive at that time (written before it counts itself);
 *                                {@link #RUNNING} | {@link #ARRIVED} | epoch ms: finished arch_init (after it added
 *                                itself to running_count)
 * </pre>
 *
 * <h2>Memory ordering</h2>
 * The leader clears the roll (plain stores) before its release store of MAGIC2, which every follower acquires before it
 * writes its heartbeat or marks itself. A CPU writes its heartbeat word before the CAS that counts it, and its RUNNING
 * heartbeat after the atomic add to running_count, so a leader that reads running_count, then cpu_count, then the roll
 * finds every counted CPU that running_count lacks arrived and not RUNNING (a CPU between its add and its RUNNING
 * heartbeat is counted as not running and alive: the leader errs on waiting, never on a false death). {@link
 * Stragglers#read} is that reading. A mark is a CAS (marks of several CPUs share a word); a heartbeat word has one
 * writer, its CPU, and is written with release stores.
 */
public final class ArrivalRoll
{
    /** Heartbeat bit: the CPU arrived in this election (it acquired MAGIC2 after the leader cleared the roll). */
    public static final long ARRIVED = 1L << 62;
    /** Heartbeat bit: the CPU finished arch_init (it is, or is about to be, in running_count). */
    public static final long RUNNING = 1L << 63;
    private static final long TIME = ARRIVED - 1;

    private AtomicBuffer buffer;
    private int offset;
    private int cpus;
    private int beats;

    /**
     * @param cpus CPU ids the roll holds, 0 to cpus - 1.
     * @return its bytes.
     */
    public static int length(final int cpus)
    {
        return marksLength(cpus) + cpus * Long.BYTES;
    }

    private static int marksLength(final int cpus)
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
        this.beats = offset + marksLength(cpus);
        return this;
    }

    /** @return CPU ids the roll holds (0 to this minus 1). */
    public int cpus()
    {
        return cpus;
    }

    /**
     * Clears every mark and heartbeat (the leader, before it publishes the election): plain stores in one sweep, which
     * the leader's release store of MAGIC2 orders before any follower's first look at the roll.
     */
    public void clear()
    {
        buffer.setMemory(offset, length(cpus), (byte)0);
    }

    /**
     * A CPU arrived in this election, before it counts itself: its first heartbeat.
     *
     * @param cpu   the CPU.
     * @param nowMs epoch milliseconds.
     * @throws IllegalArgumentException when the roll does not hold that id.
     */
    public void arrive(final int cpu, final long nowMs)
    {
        check(cpu);
        buffer.putLongRelease(beats + cpu * Long.BYTES, ARRIVED | nowMs & TIME);
    }

    /**
     * A CPU that arrived is still alive (keeps its RUNNING bit).
     *
     * @param cpu   the CPU.
     * @param nowMs epoch milliseconds.
     */
    public void beat(final int cpu, final long nowMs)
    {
        check(cpu);
        final int at = beats + cpu * Long.BYTES;
        buffer.putLongRelease(at, buffer.getLong(at) & RUNNING | ARRIVED | nowMs & TIME); // one writer: this CPU
    }

    /**
     * A CPU finished arch_init, after it added itself to running_count.
     *
     * @param cpu   the CPU.
     * @param nowMs epoch milliseconds.
     */
    public void running(final int cpu, final long nowMs)
    {
        check(cpu);
        buffer.putLongRelease(beats + cpu * Long.BYTES, RUNNING | ARRIVED | nowMs & TIME);
    }

    /**
     * @param cpu a CPU id the roll holds.
     * @return its heartbeat word (0 when it did not arrive in this election; see the layout).
     */
    public long heartbeat(final int cpu)
    {
        check(cpu);
        return buffer.getLongVolatile(beats + cpu * Long.BYTES);
    }

    /**
     * @param heartbeat a heartbeat word.
     * @return the epoch milliseconds it holds.
     */
    public static long millis(final long heartbeat)
    {
        return heartbeat & TIME;
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
