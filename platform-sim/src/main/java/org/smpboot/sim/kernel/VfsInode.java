package org.smpboot.sim.kernel;

/**
 * The layout of a VFS inode (ALMOS-MKH's {@code vfs_inode_t}) as D6 writes the root directory's at {@code vfs_root} in
 * kdata: a directory whose {@code extend} is its first FAT cluster, and the root of the circular doubly linked list of
 * its children's dentries ({@link VfsDentry}; root and entries share the (next, prev) layout, as process_zero's
 * thread list). Every pointer is a local address of the same cluster: each cluster's copy links its own dentries.
 * <table>
 * <caption>{@code vfs_inode_t} ({@value #SIZE} bytes)</caption>
 * <tr><th>offset</th><th>field</th></tr>
 * <tr><td>0x00</td><td>magic {@link #MAGIC}, ASCII "INOD"</td></tr>
 * <tr><td>0x04</td><td>{@code type}: {@link #INODE_TYPE_DIR} or {@link #INODE_TYPE_FILE}</td></tr>
 * <tr><td>0x08</td><td>{@code extend}: its first FAT cluster</td></tr>
 * <tr><td>0x0C</td><td>{@code size}: bytes (a directory: its clusters' bytes)</td></tr>
 * <tr><td>0x10</td><td>{@code children_nr}</td></tr>
 * <tr><td>0x14</td><td>{@code children.next}: local address of the first dentry's list entry (the root itself when
 * empty)</td></tr>
 * <tr><td>0x18</td><td>{@code children.prev}</td></tr>
 * <tr><td>0x1C</td><td>{@code ctx}: local address of the {@code vfs_ctx_t}</td></tr>
 * </table>
 */
public final class VfsInode
{
    /** Magic, ASCII "INOD". */
    public static final int MAGIC = 0x444F_4E49;
    /** ALMOS-MKH's {@code INODE_TYPE_FILE}. */
    public static final int INODE_TYPE_FILE = 0;
    /** ALMOS-MKH's {@code INODE_TYPE_DIR}. */
    public static final int INODE_TYPE_DIR = 1;
    /** Offset of the magic. */
    public static final int MAGIC_AT = 0x00;
    /** Offset of the type. */
    public static final int TYPE = 0x04;
    /** Offset of extend. */
    public static final int EXTEND = 0x08;
    /** Offset of the size. */
    public static final int SIZE_AT = 0x0C;
    /** Offset of children_nr. */
    public static final int CHILDREN_NR = 0x10;
    /** Offset of the children list root (next, then prev). */
    public static final int CHILDREN = 0x14;
    /** Offset of ctx. */
    public static final int CTX = 0x1C;
    /** Bytes of an inode. */
    public static final int SIZE = 0x40;

    private VfsInode()
    {
    }
}
