package org.smpboot.sim.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.smpboot.sim.platform.DeviceType;
import org.smpboot.sim.platform.Platform;
import org.smpboot.sim.platform.PlatformBuilder;
import org.smpboot.sim.platform.PlatformDescription;
import org.smpboot.sim.platform.PlatformSpec;
import picocli.CommandLine.Option;

/**
 * The platform flags shared by the commands that describe or boot a platform: a base (a preset or a description
 * file), then overrides. The commands that boot take these; {@code archinfo make} and {@code export-dtb} also take
 * {@code --ioc} ({@link DescriptionOptions}): the simulated boot reads its disk through the BDV only.
 */
class PlatformOptions
{
    @Option(names = "--preset", paramLabel = "NAME", description = "Base platform: default (2x2 clusters x 4 " +
        "cores, 3 TTYs, I/O in (0,0)) or leti (2x3 x 4, top row I/O only, I/O in (1,2)) (default: default).")
    String preset;

    @Option(names = "--description", paramLabel = "FILE", description = "Base platform from a JSON description: " +
        "the keys are the flags' names (x_size, y_size, cores, ttys, ioc, fbf_size, nics, io_cluster, x_width, " +
        "y_width, p_width, coreless) and preset.")
    Path description;

    @Option(names = "--clusters", paramLabel = "XxY", description = "Clusters along x and y, e.g. 4x4 (the same as " +
        "--x-size X --y-size Y; default: the base's, 2x2).")
    String clusters;

    @Option(names = "--x-size", paramLabel = "N", description = "Clusters along x, 1..2^x_width (default: the " +
        "base's, 2).")
    Integer xSize;

    @Option(names = "--y-size", paramLabel = "N", description = "Clusters along y, 1..2^y_width (default: the " +
        "base's, 2 or 3).")
    Integer ySize;

    @Option(names = "--cores", paramLabel = "N", description = "Cores per cluster, 1..2^p_width (default: the " +
        "base's, 4).")
    Integer cores;

    @Option(names = "--ttys", paramLabel = "N", description = "TTY channels, 1..8 (default: the base's, 3).")
    Integer ttys;

    @Option(names = "--fbf-size", paramLabel = "PIXELS", description = "Frame buffer width = height, 0 for none " +
        "(default: the base's, 128).")
    Integer fbfSize;

    @Option(names = "--nics", paramLabel = "N", description = "NIC channels, 0..2 (default: the base's, 1).")
    Integer nics;

    @Option(names = "--io-cluster", paramLabel = "X,Y", description = "The I/O cluster (default: the base's).")
    String ioCluster;

    @Option(names = "--x-width", paramLabel = "BITS", description = "Bits of x in cxy (default: the base's, 4).")
    Integer xWidth;

    @Option(names = "--y-width", paramLabel = "BITS", description = "Bits of y in cxy (default: the base's, 4).")
    Integer yWidth;

    @Option(names = "--p-width", paramLabel = "BITS", description = "Bits of lid in gid (default: the base's, 2).")
    Integer pWidth;

    @Option(names = "--coreless", paramLabel = "X,Y", description = "A cluster without cores or RAM; repeat for " +
        "more. Replaces the base's list (default: the base's, leti's top row).")
    List<String> coreless;

    /** The block device type, set by {@link DescriptionOptions}; null: the base's. */
    String ioc;

    /** @return whether any platform flag was given. */
    boolean any()
    {
        return preset != null || description != null || clusters != null || xSize != null || ySize != null ||
            cores != null || ttys != null || ioc != null || fbfSize != null || nics != null || ioCluster != null ||
            xWidth != null || yWidth != null || pWidth != null || coreless != null;
    }

    /**
     * @return the platform the flags describe, which the simulator can boot: its block device is a BDV.
     * @throws IllegalArgumentException on bad flags or description, or a platform the simulator cannot boot.
     */
    Platform bootable()
    {
        return bootable(platform(), description == null ? null : "--description " +
            UserInput.clip(description.toString()));
    }

    /**
     * @param p      a platform.
     * @param source where it came from (for the error), or null for the flags.
     * @return it, when the simulator can boot it: its block device is a BDV.
     * @throws IllegalArgumentException otherwise.
     */
    static Platform bootable(final Platform p, final String source)
    {
        if (p.devices().stream().noneMatch(d -> d.type() == DeviceType.IOC_BDV))
        {
            throw new IllegalArgumentException((source != null ? source + ": " : "") + "the platform's block device " +
                "is " + p.devices().stream().filter(d -> d.type().func() == DeviceType.IOC_BDV.func()).map(d ->
                    d.type().name().substring(4)).findFirst().orElse("missing") + "; the simulated boot reads its " +
                "disk through a BDV (ioc BDV)");
        }
        return p;
    }

    /**
     * @return the platform the flags describe.
     * @throws IllegalArgumentException on bad flags or description, or a description that cannot be read.
     */
    Platform platform()
    {
        if (preset != null && description != null)
        {
            throw new IllegalArgumentException("--preset and --description exclude each other (a description may " +
                "name its preset)");
        }
        if (clusters != null && (xSize != null || ySize != null))
        {
            throw new IllegalArgumentException("--clusters and --x-size/--y-size exclude each other");
        }
        final int[] xy = clusters == null ? null : sizes(clusters);
        final PlatformSpec b = description != null ? description() :
            UserInput.parse("--preset", () -> PlatformSpec.preset(preset == null ? "default" : preset));
        final int[] io = ioCluster == null ? new int[] {b.ioX(), b.ioY()} : pair("--io-cluster", ioCluster);
        List<int[]> none = b.coreless();
        if (coreless != null)
        {
            none = new ArrayList<>();
            for (final String c : coreless)
            {
                none.add(pair("--coreless", c));
            }
        }
        final DeviceType type = ioc == null ? b.ioc() : UserInput.parse("--ioc", () -> PlatformSpec.iocType(ioc));
        try
        {
            return PlatformBuilder.build(new PlatformSpec(xy != null ? xy[0] : or(xSize, b.xSize()),
                xy != null ? xy[1] : or(ySize, b.ySize()), or(cores, b.cores()), or(ttys, b.ttys()), type,
                or(fbfSize, b.fbfSize()), or(nics, b.nics()), io[0], io[1],
                or(xWidth, b.xWidth()), or(yWidth, b.yWidth()), or(pWidth, b.pWidth()), none));
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalArgumentException(culprit(e.getMessage()) + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param message the platform's complaint, naming a parameter as the description file does (x_size, cores...).
     * @return the flag that gave it, or the base it came from.
     */
    private String culprit(final String message)
    {
        final Object[][] flags = {
            {"x_size", clusters != null ? clusters : xSize, clusters != null ? "--clusters" : "--x-size"},
            {"y_size", clusters != null ? clusters : ySize, clusters != null ? "--clusters" : "--y-size"},
            {"cores", cores, "--cores"}, {"cores", pWidth, "--p-width"}, {"ttys", ttys, "--ttys"},
            {"fbf_size", fbfSize, "--fbf-size"}, {"nics", nics, "--nics"}, {"io cluster", ioCluster, "--io-cluster"},
            {"x_width", xWidth, "--x-width"}, {"y_width", yWidth, "--y-width"}, {"p_width", pWidth, "--p-width"},
            {"coreless", coreless, "--coreless"}, {"io", ioCluster, "--io-cluster"}};
        for (final Object[] f : flags)
        {
            if (message.startsWith((String)f[0]) && f[1] != null)
            {
                return (String)f[2];
            }
        }
        return description != null ? "--description " + UserInput.clip(description.toString()) :
            "--preset " + (preset == null ? "default" : UserInput.clip(preset));
    }

    private PlatformSpec description()
    {
        UserInput.readable("--description", description);
        try
        {
            return PlatformDescription.read(description);
        }
        catch (final IOException e)
        {
            throw UserInput.bad("--description", description, "cannot read it: " + UserInput.why(e));
        }
        catch (final IllegalArgumentException e)
        {
            // the reader names the file first; the file's content is the user's too: clip what it quotes
            final String prefix = description + ": ";
            final String why = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) :
                e.getMessage();
            throw UserInput.bad("--description", description, UserInput.clip(why, UserInput.CLIP + 40));
        }
    }

    private static int or(final Integer flag, final int base)
    {
        return flag == null ? base : flag;
    }

    private static int[] sizes(final String value)
    {
        final String[] parts = value.trim().toLowerCase(Locale.ROOT).split("x", -1);
        try
        {
            if (parts.length == 2)
            {
                return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
            }
        }
        catch (final NumberFormatException e)
        {
            // reported below, with the flag
        }
        throw new IllegalArgumentException("--clusters wants XxY (e.g. 4x4), got '" + UserInput.clip(value) + "'");
    }

    private static int[] pair(final String flag, final String value)
    {
        final String[] parts = value.split(",", -1);
        try
        {
            if (parts.length == 2)
            {
                return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
            }
        }
        catch (final NumberFormatException e)
        {
            // reported below, with the flag
        }
        throw new IllegalArgumentException(flag + " wants X,Y, got '" + UserInput.clip(value) + "'");
    }
}
