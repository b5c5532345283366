package org.smpboot.sim.platform;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The parameters of the ALMOS-MKH {@code arch_info} generator (reference almos-mkh.md section 4.1), widened as
 * DESIGN.md 3.1 says: up to 16 cores per cluster, and any set of clusters without cores (LETI's top row).
 *
 * <p>Addresses: a physical address is {@code cxy << 32 | offset} (40 bits), {@code cxy = x << yWidth | y},
 * a core's {@code gid = cxy << pWidth | lid}. A core-less cluster also has no RAM, XCU or MMC, as on LETI.
 *
 * @param xSize     clusters along x, 1 .. 2^xWidth.
 * @param ySize     clusters along y, 1 .. 2^yWidth.
 * @param cores     cores in each cluster that has cores, 1 .. 2^pWidth.
 * @param ttys      TTY channels, 1 .. 8.
 * @param ioc       block device implementation: one of the {@code IOC_*} types.
 * @param fbfSize   frame buffer width = height in pixels (one byte each), 0 for none, at most 4096.
 * @param nics      NIC channels, 0 .. 2.
 * @param ioX       x of the I/O cluster.
 * @param ioY       y of the I/O cluster.
 * @param xWidth    bits of x in cxy, 1 .. 4 (default 4).
 * @param yWidth    bits of y in cxy, 1 .. 4 (default 4).
 * @param pWidth    bits of lid in gid, 0 .. 4 (default 2).
 * @param coreless  clusters without cores or RAM, as {x, y} pairs.
 */
public record PlatformSpec(int xSize, int ySize, int cores, int ttys, DeviceType ioc, int fbfSize, int nics,
    int ioX, int ioY, int xWidth, int yWidth, int pWidth, List<int[]> coreless)
{
    /** Physical address bits: 8 of cxy, 32 of offset. */
    public static final int PADDR_WIDTH = 40;

    /** @return 2 x 2 clusters of 4 cores, I/O in cluster (0,0). */
    public static PlatformSpec defaults()
    {
        return new PlatformSpec(2, 2, 4, 3, DeviceType.IOC_BDV, 128, 1, 0, 0, 4, 4, 2, List.of());
    }

    /** @return LETI-like: 2 x 3 clusters of 4 cores whose top row (y = 2) holds only I/O, in cluster (1,2). */
    public static PlatformSpec leti()
    {
        return new PlatformSpec(2, 3, 4, 3, DeviceType.IOC_BDV, 128, 1, 1, 2, 4, 4, 2,
            List.of(new int[] {0, 2}, new int[] {1, 2}));
    }

    /**
     * @param name {@code default} or {@code leti}.
     * @return the preset.
     * @throws IllegalArgumentException for another name.
     */
    public static PlatformSpec preset(final String name)
    {
        return switch (name)
        {
            case "default" -> defaults();
            case "leti" -> leti();
            default -> throw new IllegalArgumentException("--preset must be default or leti, got '" + name + "'");
        };
    }

    /**
     * @param name BDV, HBA, SDC, SPI or RDK, with or without the {@code IOC_} prefix, any case.
     * @return the type.
     * @throws IllegalArgumentException for another name.
     */
    public static DeviceType iocType(final String name)
    {
        final String n = name.toUpperCase(Locale.ROOT);
        for (final DeviceType t : DeviceType.values())
        {
            if (t.func() == DeviceType.IOC_BDV.func() && (t.name().equals(n) || t.name().equals("IOC_" + n)))
            {
                return t;
            }
        }
        throw new IllegalArgumentException("ioc must be one of BDV, HBA, SDC, SPI, RDK, got '" + name + "'");
    }

    /**
     * Checks every limit, the first failure as one line.
     *
     * @return this.
     * @throws IllegalArgumentException naming the parameter, its value and its limit.
     */
    public PlatformSpec validate()
    {
        range("x_width", xWidth, 1, 4);
        range("y_width", yWidth, 1, 4);
        range("p_width", pWidth, 0, 4);
        range("x_size", xSize, 1, 1 << xWidth);
        range("y_size", ySize, 1, 1 << yWidth);
        range("cores", cores, 1, 1 << pWidth);
        range("ttys", ttys, 1, 8);
        range("nics", nics, 0, 2);
        range("fbf_size", fbfSize, 0, 4096);
        if (ioc == null || ioc.func() != DeviceType.IOC_BDV.func())
        {
            throw new IllegalArgumentException("ioc must be one of BDV, HBA, SDC, SPI, RDK, got " + ioc);
        }
        if (ioX < 0 || ioX >= xSize || ioY < 0 || ioY >= ySize)
        {
            throw new IllegalArgumentException("io cluster (" + ioX + "," + ioY + ") is outside the " + xSize + "x" +
                ySize + " mesh");
        }
        final Set<Integer> seen = new TreeSet<>();
        for (final int[] c : coreless)
        {
            if (c.length != 2 || c[0] < 0 || c[0] >= xSize || c[1] < 0 || c[1] >= ySize)
            {
                throw new IllegalArgumentException("coreless cluster " + java.util.Arrays.toString(c) +
                    " is outside the " + xSize + "x" + ySize + " mesh");
            }
            if (!seen.add(cxy(c[0], c[1])))
            {
                throw new IllegalArgumentException("coreless cluster (" + c[0] + "," + c[1] + ") is listed twice");
            }
        }
        if (!hasCores(0, 0))
        {
            throw new IllegalArgumentException("coreless cluster (0,0): the boot cluster needs cores (core 0 runs the " +
                "preloader)");
        }
        return this;
    }

    private static void range(final String name, final int value, final int min, final int max)
    {
        if (value < min || value > max)
        {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", got " + value);
        }
    }

    /**
     * @param x cluster x.
     * @param y cluster y.
     * @return {@code x << yWidth | y}.
     */
    public int cxy(final int x, final int y)
    {
        return x << yWidth | y;
    }

    /** @return the I/O cluster's cxy. */
    public int ioCxy()
    {
        return cxy(ioX, ioY);
    }

    /**
     * @param x cluster x.
     * @param y cluster y.
     * @return whether the cluster has cores (and RAM).
     */
    public boolean hasCores(final int x, final int y)
    {
        return coreless.stream().noneMatch(c -> c.length == 2 && c[0] == x && c[1] == y);
    }
}
