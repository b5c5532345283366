package org.smpboot.sim.race;

import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.smpboot.runtime.region.Slot;
import org.smpboot.runtime.wait.WaitPolicy;
import org.smpboot.runtime.wait.WaitTimeoutException;

/**
 * The start gate of a multi-process race, in the control page at the head of the shared file. Unlike the boot block,
 * its content is known: the coordinating process writes it before it starts the CPU processes.
 *
 * <h2>Layout ({@link #LENGTH} bytes at offset 0; the boot block follows)</h2>
 * <pre>
 *  +0    ready  long  CPU processes mapped and waiting (atomic add)
 *  +128  go     long  round number the CPUs may run (release store by the coordinator)
 * </pre>
 */
final class ProcessGate
{
    /** Bytes reserved for the control page; the boot block starts here. */
    static final int LENGTH = 4096;

    private static final int READY = 0;
    private static final int GO = Slot.LENGTH;

    private final AtomicBuffer buffer;

    ProcessGate(final AtomicBuffer buffer)
    {
        this.buffer = buffer;
    }

    void reset()
    {
        buffer.putLongVolatile(READY, 0);
        buffer.putLongVolatile(GO, 0);
    }

    void arrive()
    {
        buffer.getAndAddLong(READY, 1);
    }

    void awaitReady(final long processes, final WaitPolicy policy)
    {
        await("coordinator: await CPU processes", "ready @" + READY, READY, processes, policy);
    }

    void open(final long round)
    {
        buffer.putLongRelease(GO, round);
    }

    void awaitOpen(final long round, final WaitPolicy policy)
    {
        await("cpu process: await start gate", "go @" + GO, GO, round, policy);
    }

    private void await(final String stage, final String word, final int at, final long value, final WaitPolicy policy)
    {
        final IdleStrategy idle = policy.newIdleStrategy();
        final long start = System.nanoTime();
        long seen;
        while ((seen = buffer.getLongVolatile(at)) < value)
        {
            if (System.nanoTime() - start > policy.timeoutNs())
            {
                throw new WaitTimeoutException(stage, word, Long.toString(seen), Long.toString(value),
                    System.nanoTime() - start);
            }
            idle.idle();
        }
    }

    static long millis(final WaitPolicy policy)
    {
        return TimeUnit.NANOSECONDS.toMillis(policy.timeoutNs());
    }
}
