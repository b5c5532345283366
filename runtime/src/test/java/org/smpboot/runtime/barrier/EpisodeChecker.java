package org.smpboot.runtime.barrier;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.AtomicBuffer;
import org.smpboot.runtime.region.Slot;

/**
 * Runs participants through many episodes of a barrier with random delays and checks the barrier property from
 * per-participant episode counters kept in shared memory (one slot each, so the check works across processes): right
 * after participant p leaves episode k, every counter must read k or k + 1. Below k, someone had not arrived (early
 * exit); above k + 1, someone lapped p (an episode overtook another).
 */
final class EpisodeChecker
{
    private final Barrier barrier;
    private final AtomicBuffer counters;
    private final int countersOffset;
    private final int parties;

    EpisodeChecker(final Barrier barrier, final AtomicBuffer counters, final int countersOffset)
    {
        this.barrier = barrier;
        this.counters = counters;
        this.countersOffset = countersOffset;
        this.parties = barrier.parties();
    }

    static int countersLength(final int parties)
    {
        return parties * Slot.LENGTH;
    }

    private int counter(final int participant)
    {
        return Slot.at(countersOffset, participant);
    }

    /** Sets every counter to -1 (memory may hold anything before). */
    void initialize()
    {
        for (int p = 0; p < parties; p++)
        {
            counters.putLongVolatile(counter(p), -1);
        }
    }

    /**
     * Runs {@code participants} on one thread each and returns the first failure, or null.
     *
     * @param participants the numbers run by this process.
     * @param episodes     episodes per participant.
     * @param seed         seed of the random delays.
     * @param joinMillis   bound on the whole run.
     */
    Throwable run(final int[] participants, final int episodes, final long seed, final long joinMillis)
        throws InterruptedException
    {
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread[] threads = new Thread[participants.length];
        for (int i = 0; i < participants.length; i++)
        {
            final int p = participants[i];
            threads[i] = new Thread(() ->
            {
                try
                {
                    runParticipant(p, episodes, new SplittableRandom(seed * 31 + p));
                }
                catch (final Throwable t)
                {
                    failure.compareAndSet(null, t);
                }
            }, barrier.name() + "-participant-" + p);
            threads[i].setDaemon(true);
            threads[i].start();
        }
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(joinMillis);
        for (final Thread thread : threads)
        {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (thread.isAlive())
            {
                failure.compareAndSet(null, new AssertionError(thread.getName() + " still running after " +
                    joinMillis + " ms"));
            }
        }
        return failure.get();
    }

    private void runParticipant(final int p, final int episodes, final SplittableRandom random)
    {
        for (int k = 0; k < episodes; k++)
        {
            delay(random);
            counters.putLongVolatile(counter(p), k);
            barrier.await(p);
            for (int q = 0; q < parties; q++)
            {
                final long seen = counters.getLongVolatile(counter(q));
                if (seen < k)
                {
                    throw new AssertionError(barrier.name() + ": participant " + p + " left episode " + k +
                        " before participant " + q + " arrived (its counter reads " + seen + ")");
                }
                if (seen > k + 1)
                {
                    throw new AssertionError(barrier.name() + ": participant " + q + " is at episode " + seen +
                        " while participant " + p + " just left episode " + k + " (lapped)");
                }
            }
            final int recorded = barrier.arrivedEpisode(p);
            if (recorded != k)
            {
                throw new AssertionError(barrier.name() + ": participant " + p + " arrival record reads " + recorded +
                    " after episode " + k);
            }
        }
    }

    private static void delay(final SplittableRandom random)
    {
        final int dice = random.nextInt(1000);
        if (dice < 500)
        {
            return;
        }
        if (dice < 900)
        {
            for (int i = random.nextInt(200); i > 0; i--)
            {
                Thread.onSpinWait();
            }
        }
        else if (dice < 990)
        {
            Thread.yield();
        }
        else
        {
            LockSupport.parkNanos(random.nextInt(20_000));
        }
    }

    /** @return the counter of participant {@code p}. */
    long counterOf(final int p)
    {
        return counters.getLongVolatile(counter(p));
    }
}
