package org.smpboot.sim.hw;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

import org.smpboot.runtime.region.Fill;

/**
 * How a {@link Machine} is set up beyond its platform: the reset fill of RAM, the disk image behind the block
 * device, where TTY output goes, how long a bounded wait lasts.
 *
 * @param fill        RAM content at reset, applied page by page on first touch.
 * @param disk        the disk image file of the block device, or null for none (any BDV command then fails).
 * @param ttyDir      a directory receiving one {@code tty<N>.log} per TTY channel, or null.
 * @param console     where channel 0 (TXT0) is echoed as it is written, or null for nowhere.
 * @param waitTimeout the bound of every wait a core or device makes.
 */
public record MachineConfig(Fill fill, Path disk, Path ttyDir, PrintStream console, Duration waitTimeout)
{
    /** @return 0x5a fill (as SoCLib), no disk, no TTY files, TXT0 on standard output, 10 s waits. */
    public static MachineConfig defaults()
    {
        return new MachineConfig(Fill.X5A, null, null, System.out, Duration.ofSeconds(10));
    }

    /**
     * @param f the reset fill.
     * @return a copy with it.
     */
    public MachineConfig withFill(final Fill f)
    {
        return new MachineConfig(f, disk, ttyDir, console, waitTimeout);
    }

    /**
     * @param d the disk image, or null.
     * @return a copy with it.
     */
    public MachineConfig withDisk(final Path d)
    {
        return new MachineConfig(fill, d, ttyDir, console, waitTimeout);
    }

    /**
     * @param dir the TTY log directory, or null.
     * @return a copy with it.
     */
    public MachineConfig withTtyDir(final Path dir)
    {
        return new MachineConfig(fill, disk, dir, console, waitTimeout);
    }

    /**
     * @param out where TXT0 is echoed, or null.
     * @return a copy with it.
     */
    public MachineConfig withConsole(final PrintStream out)
    {
        return new MachineConfig(fill, disk, ttyDir, out, waitTimeout);
    }

    /**
     * @param t the bound of every wait.
     * @return a copy with it.
     */
    public MachineConfig withWaitTimeout(final Duration t)
    {
        return new MachineConfig(fill, disk, ttyDir, console, t);
    }
}
