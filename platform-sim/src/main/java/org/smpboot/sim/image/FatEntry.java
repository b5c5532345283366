package org.smpboot.sim.image;

/**
 * A root-directory entry as the reader found it.
 *
 * @param name         the long name when there is one, else the short name with the NT case bits applied.
 * @param shortName    the 8.3 name, "BASE.EXT".
 * @param attributes   the attribute byte (0x10 directory, 0x20 archive...).
 * @param firstCluster the first cluster of its chain, 0 for an empty file.
 * @param size         the file size in bytes.
 * @param offset       byte offset of its short entry in the image.
 */
public record FatEntry(String name, String shortName, int attributes, long firstCluster, long size, long offset)
{
    /**
     * @return whether it is a directory.
     */
    public boolean directory()
    {
        return (attributes & 0x10) != 0;
    }
}
