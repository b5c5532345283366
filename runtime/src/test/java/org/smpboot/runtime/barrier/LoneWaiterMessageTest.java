package org.smpboot.runtime.barrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.smpboot.runtime.region.Fill;
import org.smpboot.runtime.region.SharedRegion;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * What a lone waiter of each barrier is told, word for word: the algorithm's stage (level, round, cluster), the word it
 * waited on at its offset (the dissemination flag names its signaller), the time on the policy's clock (1 ms per read,
 * a 5 ms bound) and who did not arrive. Three parties, each participant in turn.
 */
class LoneWaiterMessageTest
{
    static Stream<Arguments> waiters()
    {
        return Stream.of(
            Arguments.of(BarrierKind.CENTRALIZED, 0,
                "centralized barrier 'central': participant 0 timed out after 5 ms in episode 0 waiting on state word @512; not arrived: [1, 2] (2 of 3)"),
            Arguments.of(BarrierKind.CENTRALIZED, 1,
                "centralized barrier 'central': participant 1 timed out after 5 ms in episode 0 waiting on state word @512; not arrived: [0, 2] (2 of 3)"),
            Arguments.of(BarrierKind.CENTRALIZED, 2,
                "centralized barrier 'central': participant 2 timed out after 5 ms in episode 0 waiting on state word @512; not arrived: [0, 1] (2 of 3)"),
            Arguments.of(BarrierKind.TREE_FAN_IN_2, 0,
                "combining tree barrier 'tree2' (fan-in 2, 2 levels), waiting at level 0: participant 0 timed out after 5 ms in episode 0 waiting on node word (level 0, node 0) @512; not arrived: [1, 2] (2 of 3)"),
            Arguments.of(BarrierKind.TREE_FAN_IN_2, 1,
                "combining tree barrier 'tree2' (fan-in 2, 2 levels), waiting at level 0: participant 1 timed out after 5 ms in episode 0 waiting on node word (level 0, node 0) @512; not arrived: [0, 2] (2 of 3)"),
            Arguments.of(BarrierKind.TREE_FAN_IN_2, 2,
                "combining tree barrier 'tree2' (fan-in 2, 2 levels), waiting at level 1: participant 2 timed out after 5 ms in episode 0 waiting on node word (level 0, node 1) @768; not arrived: [0, 1] (2 of 3)"),
            Arguments.of(BarrierKind.TREE_FAN_IN_4, 0,
                "combining tree barrier 'tree4' (fan-in 4, 1 level), waiting at level 0: participant 0 timed out after 5 ms in episode 0 waiting on node word (level 0, node 0) @512; not arrived: [1, 2] (2 of 3)"),
            Arguments.of(BarrierKind.TREE_FAN_IN_4, 1,
                "combining tree barrier 'tree4' (fan-in 4, 1 level), waiting at level 0: participant 1 timed out after 5 ms in episode 0 waiting on node word (level 0, node 0) @512; not arrived: [0, 2] (2 of 3)"),
            Arguments.of(BarrierKind.TREE_FAN_IN_4, 2,
                "combining tree barrier 'tree4' (fan-in 4, 1 level), waiting at level 0: participant 2 timed out after 5 ms in episode 0 waiting on node word (level 0, node 0) @512; not arrived: [0, 1] (2 of 3)"),
            Arguments.of(BarrierKind.DISSEMINATION, 0,
                "dissemination barrier 'dissemination' (2 rounds), round 0: participant 0 timed out after 5 ms in episode 0 waiting on flag of participant 0 round 0 (signalled by 2) @512; not arrived: [1, 2] (2 of 3)"),
            Arguments.of(BarrierKind.DISSEMINATION, 1,
                "dissemination barrier 'dissemination' (2 rounds), round 0: participant 1 timed out after 5 ms in episode 0 waiting on flag of participant 1 round 0 (signalled by 0) @768; not arrived: [0, 2] (2 of 3)"),
            Arguments.of(BarrierKind.DISSEMINATION, 2,
                "dissemination barrier 'dissemination' (2 rounds), round 0: participant 2 timed out after 5 ms in episode 0 waiting on flag of participant 2 round 0 (signalled by 1) @1024; not arrived: [0, 1] (2 of 3)"),
            Arguments.of(BarrierKind.HIERARCHICAL, 0,
                "hierarchical barrier 'kernel_init' (3 participants in clusters of [3]) at centralized barrier 'kernel_init/local_barrier[0]': participant 0 timed out after 5 ms in episode 0 waiting on state word @1152; not arrived: [1, 2] (2 of 3)"),
            Arguments.of(BarrierKind.HIERARCHICAL, 1,
                "hierarchical barrier 'kernel_init' (3 participants in clusters of [3]) at centralized barrier 'kernel_init/local_barrier[0]': participant 1 timed out after 5 ms in episode 0 waiting on state word @1152; not arrived: [0, 2] (2 of 3)"),
            Arguments.of(BarrierKind.HIERARCHICAL, 2,
                "hierarchical barrier 'kernel_init' (3 participants in clusters of [3]) at centralized barrier 'kernel_init/local_barrier[0]': participant 2 timed out after 5 ms in episode 0 waiting on state word @1152; not arrived: [0, 1] (2 of 3)"));
    }

    @ParameterizedTest(name = "{0} participant {1}")
    @MethodSource("waiters")
    void theTimeoutNamesStageWordTimeAndTheMissing(final BarrierKind kind, final int waiter, final String message)
    {
        final AtomicLong now = new AtomicLong();
        final WaitPolicy policy = WaitPolicy.busySpin(TimeUnit.MILLISECONDS.toNanos(5))
            .withClock(() -> now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1)));
        final Barrier b = kind.create(SharedRegion.allocate(kind.footprint(3)).fill(Fill.random(waiter)).buffer(), 0, 3,
            policy);
        b.initialize();
        final BarrierTimeoutException e = assertThrows(BarrierTimeoutException.class, () -> b.await(waiter));
        assertEquals(message, e.getMessage());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(5), e.waitedNs());
    }
}
