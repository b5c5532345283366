package org.smpboot.stress.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue 22, item 2, under every schedule: CPUs of a new boot racing over each state a finished or crashed boot leaves
 * in the block end with the named case, never lead, never count themselves, never call themselves dead (2 CPUs with 2
 * preemptions, 3 CPUs with 1).
 */
class StaleBootSchedulesTest
{
    private static final Explorer EXPLORER = new Explorer();

    @AfterAll
    static void close()
    {
        EXPLORER.close();
    }

    @TestFactory
    List<DynamicTest> everyLeftoverStateEndsNamedUnderEverySchedule()
    {
        final List<DynamicTest> tests = new ArrayList<>();
        for (final StaleBootScenario.Leftover state : StaleBootScenario.Leftover.values())
        {
            for (final int cpus : new int[] {2, 3})
            {
                final StaleBootScenario s = new StaleBootScenario(cpus, state);
                final int bound = cpus == 2 ? 2 : 1;
                tests.add(DynamicTest.dynamicTest(s.name() + ", bound " + bound, () ->
                {
                    final Report r = EXPLORER.explore(s, bound, false);
                    System.out.println("schedules: " + r.summary());
                    assertEquals(0, r.violations(), r.summary());
                    assertTrue(r.complete() && r.executions() > 1, r.summary());
                }));
            }
        }
        return tests;
    }
}
