package org.smpboot.stress.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.smpboot.runtime.boot.ElectionException;

/**
 * Issue 22, item 1, with threads that stop: each CPU of a 3-CPU election killed at each of its decisions in turn (every
 * memory access it makes), under the default schedule. The survivors complete or name the death; none waits out a
 * plain timeout, none hangs.
 */
class CrashSchedulesTest
{
    private static final Explorer EXPLORER = new Explorer();

    @AfterAll
    static void close()
    {
        EXPLORER.close();
    }

    @Test
    void everyCpuKilledAtEachOfItsStepsLeavesSurvivorsThatCompleteOrNameTheDeath()
    {
        final CrashScenario scenario = new CrashScenario(3);
        final Explorer.Replay whole = EXPLORER.replay(scenario, Schedule.DEFAULT, false);
        assertNull(whole.problem(), whole.problem());
        final long steps = whole.ending().steps();
        final Map<String, Integer> ends = new TreeMap<>();
        int kills = 0;
        for (int victim = 0; victim < 3; victim++)
        {
            for (long step = 0; step < steps; step++)
            {
                final Explorer.Replay r = EXPLORER.replay(scenario, Schedule.DEFAULT.withKill(step, victim), false);
                if (!r.ending().killed()[victim])
                {
                    continue; // the victim had ended by then
                }
                kills++;
                assertNull(r.problem(), () -> "killed cpu at schedule \"" + r.schedule() + "\": " + r.problem());
                for (int t = 0; t < 3; t++)
                {
                    if (!r.ending().killed()[t])
                    {
                        final Throwable e = r.ending().errors()[t];
                        ends.merge(e == null ? "completed" : ((ElectionException)e).reason().name(), 1, Integer::sum);
                    }
                }
            }
        }
        System.out.println("crash schedules: " + kills + " kills over " + steps + " decisions; survivors' ends " + ends);
        assertTrue(kills > 100, "kills " + kills);
        for (final String named : new String[] {"LEADER_DEAD", "CPU_DEAD", "BOOT_ABANDONED", "completed"})
        {
            assertTrue(ends.containsKey(named), named + " never seen: " + ends);
        }
        assertEquals(null, ends.get("timeout"));
    }
}
