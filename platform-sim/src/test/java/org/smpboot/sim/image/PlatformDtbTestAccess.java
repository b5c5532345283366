package org.smpboot.sim.image;

import java.nio.file.Path;

/** Lets tests of other packages run a blob through dtc the way {@link PlatformDtbTest} does. */
public final class PlatformDtbTestAccess
{
    private PlatformDtbTestAccess()
    {
    }

    /**
     * @param blob a .dtb file.
     * @return dtc's DTS output; fails the test when dtc is missing or complains.
     * @throws Exception when dtc cannot be run.
     */
    public static String dtc(final Path blob) throws Exception
    {
        return PlatformDtbTest.dtc(blob);
    }
}
