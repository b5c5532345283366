package org.smpboot.sim.hyper;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.smpboot.sim.image.BootLayout;

/**
 * How the hypervisor runs its instances.
 *
 * @param layout   the guests' memory layout.
 * @param timeout  the bound of each guest's boot (to kernel_init completion) and of every wait in it, of the launch
 *                 and of stopping an instance's cores.
 * @param out      where each instance's TTY logs and built disk images go.
 * @param channels IOC, TTY and frame-buffer channels (TTY channel 0 is the hypervisor's).
 * @param disks    disk images given for IOC channels; a channel without one gets a boot disk built at {@code run}.
 */
public record HyperSettings(BootLayout layout, Duration timeout, Path out, int channels, Map<Integer, Path> disks)
{
    /** Copies the map. */
    public HyperSettings
    {
        disks = Map.copyOf(disks);
        if (channels < 2 || channels > 16)
        {
            throw new IllegalArgumentException("--channels must be in 2..16, got " + channels);
        }
        for (final int c : disks.keySet())
        {
            if (c < 0 || c >= channels)
            {
                throw new IllegalArgumentException("--disk " + c + "=...: IOC channel " + c + " does not exist " +
                    "(channels 0.." + (channels - 1) + ")");
            }
        }
    }
}
