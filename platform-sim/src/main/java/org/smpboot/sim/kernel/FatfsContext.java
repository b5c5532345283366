package org.smpboot.sim.kernel;

/**
 * The layout of the FAT32 context (ALMOS-MKH's {@code fatfs_ctx_t}) that D6 writes at {@code fatfs_ctx} in kdata: the
 * I/O cluster's CP0 fills it from the volume's boot sector, read through the IOC; every other CP0 then copies it into
 * its own cluster. The FS buffer stays the one the I/O cluster's page manager gave: its extended pointer is valid from
 * any cluster and is copied unchanged.
 * <table>
 * <caption>{@code fatfs_ctx_t} ({@value #SIZE} bytes)</caption>
 * <tr><th>offset</th><th>field</th></tr>
 * <tr><td>0x00</td><td>{@code fat_sectors_count}: sectors of one FAT (BPB_FATSz32)</td></tr>
 * <tr><td>0x04</td><td>{@code bytes_per_sector} (BPB_BytsPerSec)</td></tr>
 * <tr><td>0x08</td><td>{@code sectors_per_cluster} (BPB_SecPerClus)</td></tr>
 * <tr><td>0x0C</td><td>{@code fat_begin_lba}: first sector of FAT 0 (BPB_RsvdSecCnt)</td></tr>
 * <tr><td>0x10</td><td>{@code cluster_begin_lba}: first sector of the data area (cluster 2)</td></tr>
 * <tr><td>0x14</td><td>{@code root_dir_cluster} (BPB_RootClus)</td></tr>
 * <tr><td>0x18</td><td>{@code fs_buffer_xp}: extended pointer on the FS buffer (u64)</td></tr>
 * <tr><td>0x20</td><td>{@code fs_buffer_size}: its bytes</td></tr>
 * <tr><td>0x24</td><td>{@code clusters}: data clusters of the volume</td></tr>
 * </table>
 */
public final class FatfsContext
{
    /** Offset of fat_sectors_count. */
    public static final int FAT_SECTORS = 0x00;
    /** Offset of bytes_per_sector. */
    public static final int BYTES_PER_SECTOR = 0x04;
    /** Offset of sectors_per_cluster. */
    public static final int SECTORS_PER_CLUSTER = 0x08;
    /** Offset of fat_begin_lba. */
    public static final int FAT_LBA = 0x0C;
    /** Offset of cluster_begin_lba. */
    public static final int DATA_LBA = 0x10;
    /** Offset of root_dir_cluster. */
    public static final int ROOT_CLUSTER = 0x14;
    /** Offset of fs_buffer_xp. */
    public static final int BUFFER_XP = 0x18;
    /** Offset of fs_buffer_size. */
    public static final int BUFFER_SIZE = 0x20;
    /** Offset of the data cluster count. */
    public static final int CLUSTERS = 0x24;
    /** Bytes of the context. */
    public static final int SIZE = 0x40;

    private FatfsContext()
    {
    }
}
