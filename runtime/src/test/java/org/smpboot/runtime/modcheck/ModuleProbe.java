package org.smpboot.runtime.modcheck;

import org.smpboot.runtime.barrier.CentralizedBarrier;
import org.smpboot.runtime.region.SharedRegion;
import org.smpboot.runtime.wait.WaitPolicy;

/**
 * Run by {@link ModulePathTest} with the runtime and Agrona on the module path and this class on the class path, as an
 * application that reads the module would: uses the API, then tries to reach the internal package. One line each.
 */
public final class ModuleProbe
{
    private ModuleProbe()
    {
    }

    public static void main(final String[] args)
    {
        System.out.println("module: " + SharedRegion.class.getModule().getName() + " " +
            SharedRegion.class.getModule().getDescriptor().exports());
        try (SharedRegion region = SharedRegion.allocate(CentralizedBarrier.footprint(1)))
        {
            final CentralizedBarrier barrier =
                new CentralizedBarrier(WaitPolicy.defaults(), "solo").initialize(region.buffer(), 0, 1);
            barrier.await(0);
            System.out.println("api: barrier of " + new CentralizedBarrier(WaitPolicy.defaults(), "solo")
                .wrap(region.buffer(), 0).parties() + " party passed episode " + barrier.arrivedEpisode(0));
        }
        catch (final RuntimeException e)
        {
            System.out.println("api: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        try
        {
            Class.forName("org.smpboot.runtime.internal.AgronaFlag").getMethod("ensure").invoke(null);
            System.out.println("internal: reachable");
        }
        catch (final ReflectiveOperationException e)
        {
            System.out.println("internal: " + e.getClass().getSimpleName());
        }
    }
}
