package org.smpboot.runtime.wait;

import java.util.concurrent.TimeUnit;

/**
 * A system property that overrides one of the runtime's default durations, in whole milliseconds. The runtime's
 * {@code pitest} profile sets them for PIT's minions, so that a mutant that makes a wait never end fails its test in
 * well under a second; unset, the default is the documented one, exactly as without the property. Public for the
 * runtime's own packages ({@code boot} reads its quiet period through it); not meant for users' settings, which go
 * through {@link WaitPolicy#withTimeout} and {@code StragglerPolicy.quietPeriod}. It lives here, not in
 * {@code internal}, because {@code internal} depends on this package.
 */
public final class MillisProperty
{
    private MillisProperty()
    {
    }

    /**
     * @param name    the property's name, for the error.
     * @param value   its value, or null when it is not set.
     * @param unsetMs the default when it is not set.
     * @return {@code unsetMs} when {@code value} is null, else the milliseconds it says.
     * @throws IllegalArgumentException in one line naming the property, when the value is not a positive whole number
     *     of milliseconds that fits a long of nanoseconds: a bad value is never taken silently for the default.
     */
    public static long millis(final String name, final String value, final long unsetMs)
    {
        if (value == null)
        {
            return unsetMs;
        }
        long ms = 0;
        try
        {
            ms = Long.parseLong(value.trim());
        }
        catch (final NumberFormatException e)
        {
            // ms stays 0: refused below with the same message
        }
        if (ms <= 0 || ms > TimeUnit.NANOSECONDS.toMillis(Long.MAX_VALUE))
        {
            throw new IllegalArgumentException("system property " + name + "='" +
                (value.length() > 40 ? value.substring(0, 40) + "..." : value) +
                "': expected a positive whole number of milliseconds (e.g. 500)");
        }
        return ms;
    }

    /**
     * @param name    the property to read.
     * @param unsetMs the default when it is not set.
     * @return what {@link #millis} makes of the property's value in this JVM.
     */
    public static long read(final String name, final long unsetMs)
    {
        return millis(name, System.getProperty(name), unsetMs);
    }
}
