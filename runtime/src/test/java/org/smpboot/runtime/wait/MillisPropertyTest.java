package org.smpboot.runtime.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class MillisPropertyTest
{
    private static final long MAX_MS = TimeUnit.NANOSECONDS.toMillis(Long.MAX_VALUE);

    @Test
    void unsetIsTheDefaultSetIsItsMilliseconds()
    {
        assertEquals(10_000, MillisProperty.millis("p", null, 10_000), "unset: the default, as without the property");
        assertEquals(250, MillisProperty.millis("p", "250", 10_000));
        assertEquals(1, MillisProperty.millis("p", " 1 ", 10_000), "the smallest, spaces ignored");
        assertEquals(MAX_MS, MillisProperty.millis("p", Long.toString(MAX_MS), 10_000), "the largest in nanoseconds");
    }

    @Test
    void aBadValueIsOneLineNamingThePropertyNeverTheDefault()
    {
        for (final String bad : new String[] {"", " ", "0", "-5", "abc", "1.5", "10s", Long.toString(MAX_MS + 1),
            "99999999999999999999"})
        {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MillisProperty.millis("smpboot.x.ms", bad, 10_000), bad);
            assertEquals("system property smpboot.x.ms='" + bad + "': expected a positive whole number of " +
                "milliseconds (e.g. 500)", e.getMessage());
        }
        final String longValue = "x".repeat(41);
        assertEquals("system property p='" + "x".repeat(40) + "...': expected a positive whole number of " +
            "milliseconds (e.g. 500)",
            assertThrows(IllegalArgumentException.class, () -> MillisProperty.millis("p", longValue, 1)).getMessage());
        assertEquals("system property p='" + "x".repeat(40) + "': expected a positive whole number of " +
            "milliseconds (e.g. 500)",
            assertThrows(IllegalArgumentException.class, () -> MillisProperty.millis("p", "x".repeat(40), 1))
                .getMessage());
    }

    @Test
    void readTakesTheValueOfThisJvmsProperty()
    {
        final String name = "smpboot.test.millisProperty";
        assertEquals(7, MillisProperty.read(name, 7));
        System.setProperty(name, "42");
        try
        {
            assertEquals(42, MillisProperty.read(name, 7));
        }
        finally
        {
            System.clearProperty(name);
        }
    }
}
