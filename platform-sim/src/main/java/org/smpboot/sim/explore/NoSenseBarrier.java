package org.smpboot.sim.explore;

import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.smpboot.runtime.barrier.Barrier;
import org.smpboot.runtime.barrier.CentralizedBarrier;
import org.smpboot.runtime.region.Slot;
import org.smpboot.runtime.wait.WaitPolicy;
import org.smpboot.runtime.wait.WaitTimeoutException;
import org.smpboot.sim.kernel.KernelBarriers;

/**
 * A deliberately broken barrier, for the schedule explorer's negative control: a centralized barrier without sense
 * reversal. Arrivals count up one word; the last arriver releases the others by resetting it to 0; a waiter waits
 * until it reads 0. Reused, it breaks: when the last arriver leaves, reaches the next episode and counts itself in
 * before a waiter of the previous episode has read the 0, that waiter never sees its release and waits forever, and
 * the next episode waits for it. Whether that happens depends only on the interleaving, which is what the explorer
 * searches.
 *
 * <p>Layout: the word is the state word of the {@link CentralizedBarrier} whose footprint it occupies (its last slot,
 * 0 after that barrier's {@code initialize()}), so the boot-loader's initialisation serves both. Memory ordering as
 * the runtime's: a fetch-and-add to arrive, a volatile store to release, volatile loads to wait.
 */
public final class NoSenseBarrier implements Barrier
{
    /** Makes kernel_init's barriers of this broken kind. */
    public static final KernelBarriers KERNEL = NoSenseBarrier::new;

    private final AtomicBuffer buffer;
    private final int word;
    private final int parties;
    private final WaitPolicy policy;
    private final String name;

    /**
     * @param buffer  the memory.
     * @param offset  first byte of a {@link CentralizedBarrier#footprint(int)} area.
     * @param parties participants.
     * @param policy  how waiters idle, and the bound of a wait.
     * @param name    the name in errors.
     */
    public NoSenseBarrier(final AtomicBuffer buffer, final int offset, final int parties, final WaitPolicy policy,
        final String name)
    {
        this.buffer = buffer;
        this.word = offset + CentralizedBarrier.footprint(parties) - Slot.LENGTH;
        this.parties = parties;
        this.policy = policy;
        this.name = name;
    }

    @Override
    public int parties()
    {
        return parties;
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public void await(final int participant)
    {
        await(participant, policy.timeoutNs(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void await(final int participant, final long timeout, final TimeUnit unit)
    {
        if (buffer.getAndAddLong(word, 1) + 1 == parties)
        {
            buffer.putLongVolatile(word, 0); // the release: no episode, no sense
            return;
        }
        final IdleStrategy idle = policy.newIdleStrategy();
        final long start = System.nanoTime();
        long seen;
        while ((seen = buffer.getLongVolatile(word)) != 0)
        {
            if (System.nanoTime() - start > unit.toNanos(timeout))
            {
                throw new WaitTimeoutException(name + " (no sense reversal), participant " + participant,
                    "the count", Long.toString(seen), "0", System.nanoTime() - start);
            }
            idle.idle();
        }
    }

    @Override
    public void initialize()
    {
        buffer.putLongVolatile(word, 0);
    }

    @Override
    public int arrivedEpisode(final int participant)
    {
        return -1; // it keeps no episodes: that is its bug
    }

    @Override
    public boolean isBroken()
    {
        return false;
    }
}
