package org.smpboot.runtime.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.region.SharedRegion;
import org.smpboot.runtime.wait.DeadlineAware;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * While the leader waits to seal cpu_count (here: alone, through a quiet period) it keeps its heartbeat fresh, and
 * tells a deadline-aware idle strategy (a simulated core in virtual time) to look again by its next beat: a strategy
 * that idles until it is told to look would otherwise let the heartbeat go stale and the followers take the leader
 * for dead. One thread, virtual time: each idle round advances the clock by 1 ms; the nano clock starts below zero,
 * as {@code System.nanoTime()} may.
 */
class SealWaitBeatTest
{
    private static final long EPOCH = 1_800_000_000_000L;
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long LIVENESS_MS = 80; // a beat every 10 ms
    private static final long START = -1_000_000_000_000_000L;

    @Test
    void theLeaderWaitingToSealBeatsEveryPeriodAndLooksByItsNextBeat()
    {
        final long[] nano = {START};
        final List<String> stale = new ArrayList<>();
        final int[] rounds = {0};
        final ElectionBoot[] boot = new ElectionBoot[1];
        final class Core implements IdleStrategy, DeadlineAware
        {
            private long lookBy = Long.MAX_VALUE;

            @Override
            public void lookBy(final long nanoTime)
            {
                lookBy = nanoTime;
            }

            @Override
            public void idle(final int workCount)
            {
                idle();
            }

            @Override
            public void idle()
            {
                rounds[0]++;
                final long nowMs = EPOCH + (nano[0] - START) / MS;
                final long ageMs = nowMs - BootBlock.millis(boot[0].block().heartbeatMs());
                if (ageMs > LIVENESS_MS / 8 + 1)
                {
                    stale.add("heartbeat " + ageMs + " ms old at round " + rounds[0]);
                }
                if (lookBy > nano[0] + LIVENESS_MS / 8 * MS)
                {
                    stale.add("told to look by " + (lookBy - nano[0]) / MS + " ms from now at round " + rounds[0]);
                }
                nano[0] += MS;
            }

            @Override
            public void reset()
            {
            }
        }
        final SharedRegion region = SharedRegion.allocate(16384).fill(Fill.X5A);
        boot[0] = ElectionBoot.builder(region.buffer(), 0).stacks(1, 512).livenessMs(LIVENESS_MS)
            .straggler(StragglerPolicy.quietPeriod(100, TimeUnit.MILLISECONDS))
            .waitPolicy(WaitPolicy.custom("virtual core", Core::new, TimeUnit.SECONDS.toNanos(5)))
            .clocks(() -> nano[0], () -> EPOCH + (nano[0] - START) / MS).build();

        assertEquals(Role.LEADER, boot[0].run(0).role());

        assertTrue(rounds[0] >= 100, "the quiet period passed in idle rounds: " + rounds[0]);
        assertEquals(List.of(), stale);
    }
}
