package org.smpboot.sim.platform;

import java.util.List;

/**
 * A whole platform, exactly what arch_info.bin holds: the header values and four global arrays. Clusters are
 * ordered by x then y ({@code index = x * ySize + y}), core-less ones included.
 *
 * @param name        a short label (at most 63 bytes of ASCII).
 * @param xSize       clusters along x.
 * @param ySize       clusters along y.
 * @param xWidth      bits of x in cxy.
 * @param yWidth      bits of y in cxy.
 * @param pWidth      bits of lid in gid.
 * @param ioCxy       the cluster holding the external peripherals.
 * @param bootCxy     the cluster whose core 0 boots.
 * @param irqsPerCore XCU outputs per core.
 * @param cacheLine   cache line bytes.
 * @param clusters    {@code xSize * ySize} clusters.
 * @param cores       all cores, grouped by cluster.
 * @param devices     all devices, grouped by cluster.
 * @param irqs        all interrupt inputs, grouped by device.
 */
public record Platform(String name, int xSize, int ySize, int xWidth, int yWidth, int pWidth, int ioCxy, int bootCxy,
    int irqsPerCore, int cacheLine, List<Cluster> clusters, List<Core> cores, List<Device> devices, List<Irq> irqs)
{
    /**
     * Copies the lists.
     *
     * @param name        a short label (at most 63 bytes of ASCII).
     * @param xSize       clusters along x.
     * @param ySize       clusters along y.
     * @param xWidth      bits of x in cxy.
     * @param yWidth      bits of y in cxy.
     * @param pWidth      bits of lid in gid.
     * @param ioCxy       the cluster holding the external peripherals.
     * @param bootCxy     the cluster whose core 0 boots.
     * @param irqsPerCore XCU outputs per core.
     * @param cacheLine   cache line bytes.
     * @param clusters    {@code xSize * ySize} clusters.
     * @param cores       all cores, grouped by cluster.
     * @param devices     all devices, grouped by cluster.
     * @param irqs        all interrupt inputs, grouped by device.
     */
    public Platform
    {
        clusters = List.copyOf(clusters);
        cores = List.copyOf(cores);
        devices = List.copyOf(devices);
        irqs = List.copyOf(irqs);
    }

    /** @return the most cores any cluster has. */
    public int coresMax()
    {
        return clusters.stream().mapToInt(Cluster::cores).max().orElse(0);
    }

    /** @return the most devices any cluster has. */
    public int devicesMax()
    {
        return clusters.stream().mapToInt(Cluster::devices).max().orElse(0);
    }

    /**
     * @param cxy a cluster id.
     * @return its x.
     */
    public int x(final int cxy)
    {
        return cxy >>> yWidth;
    }

    /**
     * @param cxy a cluster id.
     * @return its y.
     */
    public int y(final int cxy)
    {
        return cxy & ((1 << yWidth) - 1);
    }

    /**
     * @param cxy a cluster id.
     * @return whether it names a cluster of the mesh.
     */
    public boolean inMesh(final int cxy)
    {
        return cxy >= 0 && x(cxy) < xSize && y(cxy) < ySize && cxy >>> (xWidth + yWidth) == 0;
    }
}
