package org.smpboot.runtime.wait;

import org.smpboot.runtime.boot.StragglerPolicy;

/**
 * Run by {@link DefaultDurationPropertiesTest} in a JVM of its own: prints the default wait's bound (ns) and the
 * default quiet period (ms) on one line, or the error that stopped a class from loading and its cause.
 */
public final class DefaultsProbe
{
    private DefaultsProbe()
    {
    }

    public static void main(final String[] args)
    {
        try
        {
            System.out.println(WaitPolicy.defaults().timeoutNs() + " " + StragglerPolicy.DEFAULT_QUIET_MS);
        }
        catch (final ExceptionInInitializerError e)
        {
            System.out.println(e.getClass().getSimpleName() + ": " + e.getCause());
        }
    }
}
