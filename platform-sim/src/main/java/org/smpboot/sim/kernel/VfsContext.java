package org.smpboot.sim.kernel;

/**
 * The layout of the VFS context (ALMOS-MKH's {@code vfs_ctx_t}) D6 writes at {@code vfs_ctx} in kdata, one per
 * cluster: the file system type, its geometry, the root inode ({@link VfsInode}, at {@code vfs_root}) and the FAT32
 * context ({@link FatfsContext}), and the block of the cluster's page manager that holds the root's dentries
 * ({@link VfsDentry}; ALMOS-MKH takes each from a per-type cache of kernel memory, here one block for them all).
 * <table>
 * <caption>{@code vfs_ctx_t} ({@value #SIZE} bytes)</caption>
 * <tr><th>offset</th><th>field</th></tr>
 * <tr><td>0x00</td><td>{@code type}: {@link #FS_TYPE_FATFS}</td></tr>
 * <tr><td>0x04</td><td>{@code cluster_size}: bytes per FAT cluster</td></tr>
 * <tr><td>0x08</td><td>{@code total_clusters}</td></tr>
 * <tr><td>0x0C</td><td>{@code extend}: local address of the {@code fatfs_ctx_t}</td></tr>
 * <tr><td>0x10</td><td>{@code root_xp}: extended pointer on this cluster's root inode (u64)</td></tr>
 * <tr><td>0x18</td><td>{@code dentries}: local address of the dentry block (0 when the root is empty)</td></tr>
 * <tr><td>0x1C</td><td>{@code dentries_size}: its bytes</td></tr>
 * </table>
 */
public final class VfsContext
{
    /** ALMOS-MKH's {@code FS_TYPE_FATFS} (DEVFS 0, FATFS 1, RAMFS 2). */
    public static final int FS_TYPE_FATFS = 1;
    /** Offset of the type. */
    public static final int TYPE = 0x00;
    /** Offset of cluster_size. */
    public static final int CLUSTER_SIZE = 0x04;
    /** Offset of total_clusters. */
    public static final int TOTAL_CLUSTERS = 0x08;
    /** Offset of extend. */
    public static final int EXTEND = 0x0C;
    /** Offset of root_xp. */
    public static final int ROOT_XP = 0x10;
    /** Offset of the dentry block's address. */
    public static final int DENTRIES = 0x18;
    /** Offset of the dentry block's size. */
    public static final int DENTRIES_SIZE = 0x1C;
    /** Bytes of the context. */
    public static final int SIZE = 0x40;

    private VfsContext()
    {
    }
}
