package org.smpboot.stress.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.smpboot.stress.ExpectedTests;
import org.smpboot.stress.Verdict;

/**
 * Every jcstress test of this module, run unchanged under every schedule with at most 2 preemptions: no real test
 * reaches a FORBIDDEN outcome, and every negative control does, with a schedule that replays to the same outcome.
 */
class JcstressSchedulesTest
{
    /** jcstress tests whose state is not over a buffer, so the checker has no scheduling point inside them. */
    static final Map<String, String> NOT_CHECKED = Map.of(
        "org.smpboot.stress.xcu.WtiMailboxTest",
        "the simulator's XCU does each register access whole under its monitor, not over a buffer",
        "org.smpboot.stress.xcu.WtiTwoSendersTest",
        "the simulator's XCU does each register access whole under its monitor, not over a buffer");

    private static final int BOUND = 2;
    private static final Explorer EXPLORER = new Explorer();

    @AfterAll
    static void close()
    {
        EXPLORER.close();
    }

    private static List<String> tests(final boolean negative) throws IOException
    {
        final List<String> names = new ArrayList<>();
        for (final String name : ExpectedTests.onClassPath().keySet())
        {
            if (name.contains(Verdict.NEGATIVE) == negative && !NOT_CHECKED.containsKey(name))
            {
                names.add(name);
            }
        }
        return names;
    }

    @Test
    void theListHoldsEveryTestAndEveryControl() throws IOException
    {
        final Map<String, Integer> all = ExpectedTests.onClassPath();
        assertTrue(all.keySet().containsAll(NOT_CHECKED.keySet()), "a test named as not checked no longer exists");
        assertTrue(tests(true).size() >= 6, "negative controls: " + tests(true));
        assertTrue(tests(false).size() >= 12, "tests: " + tests(false));
    }

    @TestFactory
    List<DynamicTest> everyTestHoldsUnderEverySchedule() throws IOException
    {
        final List<DynamicTest> checks = new ArrayList<>();
        for (final String name : tests(false))
        {
            checks.add(DynamicTest.dynamicTest(name, () ->
            {
                final Report r = EXPLORER.explore(new JcstressScenario(Class.forName(name)), BOUND, false);
                System.out.println("schedules: " + r.summary());
                assertEquals(0, r.violations(), r.summary());
                assertTrue(r.executions() > 1, r.summary());
            }));
        }
        return checks;
    }

    @TestFactory
    List<DynamicTest> everyNegativeControlIsCaughtWithAReplayableSchedule() throws IOException
    {
        final List<DynamicTest> checks = new ArrayList<>();
        for (final String name : tests(true))
        {
            checks.add(DynamicTest.dynamicTest(name, () ->
            {
                final JcstressScenario scenario = new JcstressScenario(Class.forName(name));
                final Report r = EXPLORER.explore(scenario, BOUND, true);
                System.out.println("schedules: " + r.summary());
                assertEquals(1, r.violations(), "not caught: " + r.summary());
                final Report.Violation v = r.examples().get(0);
                final Explorer.Replay replay = EXPLORER.replay(scenario, v.schedule(), true);
                assertEquals(v.problem(), replay.problem(), String.join("\n", replay.trace()));
            }));
        }
        return checks;
    }
}
