package org.smpboot.sim.hyper;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import org.smpboot.sim.image.BootLayout;

/**
 * How the hypervisor runs its instances.
 *
 * @param layout        the guests' default memory layout.
 * @param timeout       the bound of each wait in a guest's boot (its boot-loader's and kernel's own waits), of each
 *                      guest's boot (to kernel_init completion), of a launch and of {@code wait}, on the machine's time
 *                      base ({@link org.smpboot.sim.hw.Processor#time()}: virtual time in a deterministic run).
 * @param out           where each instance's TTY logs and built disk images go.
 * @param channels      IOC, TTY and frame-buffer channels of the hypervisor's hardware (TTY channel 0 is its own).
 * @param disks         disk images given for IOC channels; a channel without one gets a boot disk built at {@code run}.
 * @param faults        parses {@code run --fault KIND:ARGS} (throws IllegalArgumentException naming what is wrong).
 * @param mistake       a mistake written into every HAT (negative controls); {@link HatMistake#NONE} normally.
 */
public record HyperSettings(BootLayout layout, Duration timeout, Path out, int channels,
    Map<Integer, Path> disks, Function<String, GuestFault> faults, HatMistake mistake)
{
    /**
     * Copies the map.
     *
     * @param layout   the guests' default memory layout.
     * @param timeout  the bound of each wait in a guest's boot (its boot-loader's and kernel's own waits), of each guest's boot (to kernel_init completion), of a launch and of {@code wait}, on the machine's time base ({@link org.smpboot.sim.hw.Processor#time()}.
     * @param out      where each instance's TTY logs and built disk images go.
     * @param channels IOC, TTY and frame-buffer channels of the hypervisor's hardware (TTY channel 0 is its own).
     * @param disks    disk images given for IOC channels.
     * @param faults   parses {@code run --fault KIND:ARGS} (throws IllegalArgumentException naming what is wrong).
     * @param mistake  a mistake written into every HAT (negative controls).
     */
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
        if (timeout.isNegative() || timeout.isZero())
        {
            throw new IllegalArgumentException("the hypervisor's bound must be positive, got " + timeout);
        }
    }

    /** @return no fault kinds: {@code run --fault} is refused. */
    public static Function<String, GuestFault> noFaults()
    {
        return spec ->
        {
            throw new IllegalArgumentException("no fault kinds in this hypervisor");
        };
    }
}
