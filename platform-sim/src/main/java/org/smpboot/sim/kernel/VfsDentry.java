package org.smpboot.sim.kernel;

/**
 * The layout of a VFS dentry (ALMOS-MKH's {@code vfs_dentry_t}) as D6 writes one per entry of the disk's root
 * directory, in a block of its cluster's page manager ({@link VfsContext#DENTRIES}). The child's inode is not built at
 * mount time (ALMOS-MKH loads it at the first lookup): the dentry keeps the child's FAT cluster, size and type, and
 * {@code child} stays 0. Every pointer is a local address of the same cluster.
 * <table>
 * <caption>{@code vfs_dentry_t} ({@value #SIZE} bytes)</caption>
 * <tr><th>offset</th><th>field</th></tr>
 * <tr><td>0x00</td><td>magic {@link #MAGIC}, ASCII "DENT"</td></tr>
 * <tr><td>0x04</td><td>{@code parent}: local address of the parent inode</td></tr>
 * <tr><td>0x08</td><td>{@code list.next}: local address of the next list entry of the parent's children</td></tr>
 * <tr><td>0x0C</td><td>{@code list.prev}</td></tr>
 * <tr><td>0x10</td><td>{@code child}: local address of the child inode, 0 until looked up</td></tr>
 * <tr><td>0x14</td><td>{@code cluster}: the child's first FAT cluster</td></tr>
 * <tr><td>0x18</td><td>{@code size}: the child's bytes</td></tr>
 * <tr><td>0x1C</td><td>{@code type}: {@link VfsInode#INODE_TYPE_FILE} or {@link VfsInode#INODE_TYPE_DIR}</td></tr>
 * <tr><td>0x20</td><td>{@code length}: bytes of the name (UTF-8, at most {@value #NAME_MAX})</td></tr>
 * <tr><td>0x24</td><td>{@code name}, NUL padded (a longer name is cut at {@value #NAME_MAX} bytes)</td></tr>
 * </table>
 */
public final class VfsDentry
{
    /** Magic, ASCII "DENT". */
    public static final int MAGIC = 0x544E_4544;
    /** Offset of the magic. */
    public static final int MAGIC_AT = 0x00;
    /** Offset of parent. */
    public static final int PARENT = 0x04;
    /** Offset of the list entry (next, then prev). */
    public static final int LIST = 0x08;
    /** Offset of child. */
    public static final int CHILD = 0x10;
    /** Offset of the child's FAT cluster. */
    public static final int CLUSTER = 0x14;
    /** Offset of the child's size. */
    public static final int SIZE_AT = 0x18;
    /** Offset of the child's type. */
    public static final int TYPE = 0x1C;
    /** Offset of the name's length. */
    public static final int LENGTH = 0x20;
    /** Offset of the name. */
    public static final int NAME = 0x24;
    /** Bytes of a dentry. */
    public static final int SIZE = 0x80;
    /** Bytes of name a dentry holds. */
    public static final int NAME_MAX = SIZE - NAME;

    private VfsDentry()
    {
    }
}
