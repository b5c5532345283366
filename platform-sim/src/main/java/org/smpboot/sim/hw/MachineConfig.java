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
 * @param icacheBytes each core's L1 instruction cache capacity: TSAR's 16 KiB ({@value #TSAR_ICACHE}) by default, 0
 *                    for none (every line a core runs is fetched from memory).
 * @param icacheWays  its associativity: TSAR's 4 by default.
 */
public record MachineConfig(Fill fill, Path disk, Path ttyDir, PrintStream console, Duration waitTimeout,
    int icacheBytes, int icacheWays)
{
    /** TSAR's L1 instruction cache capacity: 4 ways x 64 sets x 64-byte lines. */
    public static final int TSAR_ICACHE = InstructionCache.TSAR_WAYS * InstructionCache.TSAR_SETS * 64;

    /**
     * @param fill        RAM content at reset.
     * @param disk        the disk image, or null.
     * @param ttyDir      the TTY log directory, or null.
     * @param console     where TXT0 is echoed, or null.
     * @param waitTimeout the bound of every wait.
     */
    public MachineConfig(final Fill fill, final Path disk, final Path ttyDir, final PrintStream console,
        final Duration waitTimeout)
    {
        this(fill, disk, ttyDir, console, waitTimeout, TSAR_ICACHE, InstructionCache.TSAR_WAYS);
    }

    /** @return 0x5a fill (as SoCLib), no disk, no TTY files, TXT0 on standard output, 10 s waits, TSAR's L1. */
    public static MachineConfig defaults()
    {
        return new MachineConfig(Fill.X5A, null, null, System.out, Duration.ofSeconds(10));
    }

    /**
     * @param bytes the L1 instruction cache's capacity (0: none).
     * @param ways  its associativity.
     * @return a copy with it.
     */
    public MachineConfig withICache(final int bytes, final int ways)
    {
        new InstructionCache(bytes, ways, 64); // checks the geometry now, with the usual line
        return new MachineConfig(fill, disk, ttyDir, console, waitTimeout, bytes, ways);
    }

    /**
     * @param lineBytes the platform's cache line.
     * @return a new L1 instruction cache of this geometry.
     */
    InstructionCache icache(final int lineBytes)
    {
        return new InstructionCache(icacheBytes, icacheWays, lineBytes);
    }

    /**
     * @param f the reset fill.
     * @return a copy with it.
     */
    public MachineConfig withFill(final Fill f)
    {
        return new MachineConfig(f, disk, ttyDir, console, waitTimeout, icacheBytes, icacheWays);
    }

    /**
     * @param d the disk image, or null.
     * @return a copy with it.
     */
    public MachineConfig withDisk(final Path d)
    {
        return new MachineConfig(fill, d, ttyDir, console, waitTimeout, icacheBytes, icacheWays);
    }

    /**
     * @param dir the TTY log directory, or null.
     * @return a copy with it.
     */
    public MachineConfig withTtyDir(final Path dir)
    {
        return new MachineConfig(fill, disk, dir, console, waitTimeout, icacheBytes, icacheWays);
    }

    /**
     * @param out where TXT0 is echoed, or null.
     * @return a copy with it.
     */
    public MachineConfig withConsole(final PrintStream out)
    {
        return new MachineConfig(fill, disk, ttyDir, out, waitTimeout, icacheBytes, icacheWays);
    }

    /**
     * @param t the bound of every wait.
     * @return a copy with it.
     */
    public MachineConfig withWaitTimeout(final Duration t)
    {
        return new MachineConfig(fill, disk, ttyDir, console, t, icacheBytes, icacheWays);
    }
}
