package org.smpboot.runtime.barrier;

import java.nio.file.Path;

import org.smpboot.runtime.region.SharedRegion;

/**
 * Child-process side of {@link CrossProcessBarrierTest}: maps the file the parent initialised, wraps the same barrier
 * (without initialising it, its shape read from the memory) and runs its participants through the episode checker. Exit code 0 on success, 1 with the
 * failure on stderr.
 */
public final class CrossProcessParticipant
{
    private CrossProcessParticipant()
    {
    }

    /**
     * @param args kind, file, parties, episodes, then the participant numbers this process runs.
     */
    public static void main(final String[] args) throws Exception
    {
        final BarrierKind kind = BarrierKind.valueOf(args[0]);
        final Path file = Path.of(args[1]);
        final int parties = Integer.parseInt(args[2]);
        final int episodes = Integer.parseInt(args[3]);
        final int[] participants = new int[args.length - 4];
        for (int i = 0; i < participants.length; i++)
        {
            participants[i] = Integer.parseInt(args[4 + i]);
        }
        final int barrierLength = kind.footprint(parties);
        try (SharedRegion region = SharedRegion.map(file, CrossProcessBarrierTest.length(kind, parties)))
        {
            final Barrier barrier = kind.wrap(region.buffer(), 0, BarrierEpisodeTest.POLICY);
            if (barrier.parties() != parties)
            {
                throw new IllegalStateException("wrapped " + barrier.parties() + " parties, expected " + parties);
            }
            final EpisodeChecker checker = new EpisodeChecker(barrier, region.buffer(), barrierLength);
            final Throwable failure = checker.run(participants, episodes, 99, 120_000);
            if (failure != null)
            {
                failure.printStackTrace();
                System.exit(1);
            }
        }
        System.exit(0);
    }
}
