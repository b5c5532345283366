package org.smpboot.sim.image;

/**
 * Where the parts of a FAT32 volume lie, in sectors: reserved area (boot sector, FSInfo, backup boot sector...),
 * then {@code fatCount} FATs of {@code fatSectors} each, then the data area, whose first cluster is number 2.
 *
 * @param bytesPerSector    BPB_BytsPerSec.
 * @param sectorsPerCluster BPB_SecPerClus.
 * @param reservedSectors   BPB_RsvdSecCnt.
 * @param fatCount          BPB_NumFATs.
 * @param fatSectors        BPB_FATSz32.
 * @param totalSectors      BPB_TotSec32.
 * @param rootCluster       BPB_RootClus.
 */
public record Fat32Geometry(int bytesPerSector, int sectorsPerCluster, int reservedSectors, int fatCount,
    int fatSectors, long totalSectors, int rootCluster)
{
    /** Below this many clusters a volume is FAT16 by definition (Microsoft FAT specification). */
    public static final int MIN_CLUSTERS = 65525;

    /**
     * The geometry the simulator writes: 512-byte sectors, one sector per cluster, two FATs, root directory at
     * cluster 2, and FATs just large enough for the clusters that remain.
     *
     * @param totalSectors    the volume size.
     * @param reservedSectors the reserved area.
     * @return the geometry.
     */
    public static Fat32Geometry of(final long totalSectors, final int reservedSectors)
    {
        int fat = 1;
        while (true)
        {
            final long clusters = totalSectors - reservedSectors - 2L * fat;
            final int need = (int) (((clusters + 2) * 4 + 511) / 512);
            if (need <= fat)
            {
                return new Fat32Geometry(512, 1, reservedSectors, 2, fat, totalSectors, 2);
            }
            fat = need;
        }
    }

    /**
     * @return first sector of the data area (cluster 2).
     */
    public long dataStart()
    {
        return reservedSectors + (long) fatCount * fatSectors;
    }

    /**
     * @return number of data clusters; valid cluster numbers are 2 .. clusterCount + 1.
     */
    public long clusterCount()
    {
        return (totalSectors - dataStart()) / sectorsPerCluster;
    }

    /**
     * @return bytes per cluster.
     */
    public int clusterBytes()
    {
        return bytesPerSector * sectorsPerCluster;
    }

    /**
     * @param cluster a cluster number, at least 2.
     * @return the byte offset of its first sector in the image.
     */
    public long clusterOffset(final long cluster)
    {
        return (dataStart() + (cluster - 2) * sectorsPerCluster) * bytesPerSector;
    }

    /**
     * @param fat     which FAT, from 0.
     * @param cluster a cluster number.
     * @return the byte offset of its 4-byte entry in that FAT.
     */
    public long fatEntryOffset(final int fat, final long cluster)
    {
        return ((long) reservedSectors + (long) fat * fatSectors) * bytesPerSector + cluster * 4;
    }
}
