package org.smpboot.sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.smpboot.sim.cli.CliRun.smpboot;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code smpboot soak}: a short soak of the mid-size platform passes, every kind of fault drawn and tallied. */
class SoakCommandTest
{
    @Test
    @Tag("slow") // 50 whole boots: the full tier only
    void fiftyBootsWithRandomFillsJitterAndSingleFaultsHaveNoUnexplainedOutcome()
    {
        final CliRun r = smpboot("soak", "--boots", "50", "--seed", "7");
        assertEquals(0, r.status(), r.err() + r.out());
        assertTrue(r.out().contains("soak passed: 50 boots in "), r.out());
        assertTrue(r.out().contains(", 0 unexplained"), r.out());
        int boots = 0;
        int kinds = 0;
        final Matcher m = Pattern.compile("(?m)^(\\S[\\S ]*?)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+0$")
            .matcher(r.out());
        while (m.find())
        {
            boots += Integer.parseInt(m.group(2));
            kinds++;
        }
        assertEquals(50, boots, "the per-kind rows add up to the boots:\n" + r.out());
        assertTrue(kinds >= 6, "most kinds drawn in 50 boots:\n" + r.out());
        assertTrue(r.out().matches("(?s).*\\ndead-core\\s+\\d+\\s+\\d+\\s+[1-9]\\d*\\s.*"), "dead cores left out:\n" +
            r.out());
    }

    @Test
    void badSoakArgumentsAreOneLine()
    {
        final CliRun r = smpboot("soak", "--boots", "0");
        assertEquals(2, r.status());
        assertEquals("smpboot soak: --boots must be at least 1, got 0", r.err().strip());
    }
}
