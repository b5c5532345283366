package org.smpboot.sim.boot;

import java.time.Duration;

import org.smpboot.sim.image.BootLayout;

/**
 * How a platform boot runs.
 *
 * @param layout    the memory-layout preset.
 * @param timeout   the bound of every wait of the boot (a sleeping core, a barrier, a device, the whole boot).
 * @param misorder  the deliberately misordered variant: in phase 4 the CP0 of cluster 0 moves the kernel over the
 *                  preloader before its cores have left it (almos-mk only), which the code guard must report.
 */
public record BootOptions(BootLayout layout, Duration timeout, boolean misorder)
{
    /**
     * @param layout the layout.
     * @return the right order and a 60 s bound.
     */
    public static BootOptions of(final BootLayout layout)
    {
        return new BootOptions(layout, Duration.ofSeconds(60), false);
    }
}
