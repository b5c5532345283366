package org.smpboot.sim.kernel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.AtomicBuffer;

/**
 * One cluster's mounted file system as its memory holds it after D6, read back raw (uncounted: the observer's read)
 * from {@code fatfs_ctx}, {@code vfs_ctx} and {@code vfs_root} in its kdata and the dentries the root's children list
 * links ({@link FatfsContext}, {@link VfsContext}, {@link VfsInode}, {@link VfsDentry}).
 *
 * @param cxy      the cluster read.
 * @param fat      its FAT32 context.
 * @param ctx      its VFS context.
 * @param root     its root inode.
 * @param dentries the root's dentries in list order (an unmodifiable list; cut after {@link #MAX_WALK} when the list
 *                 does not come back to its root).
 */
public record VfsRoot(int cxy, Fat fat, Ctx ctx, Inode root, List<Dentry> dentries)
{
    /** Longest list walked. */
    public static final int MAX_WALK = 4096;

    /**
     * {@code fatfs_ctx_t}.
     *
     * @param fatSectors        sectors of one FAT.
     * @param bytesPerSector    bytes per sector.
     * @param sectorsPerCluster sectors per cluster.
     * @param fatLba            first sector of FAT 0.
     * @param dataLba           first sector of the data area.
     * @param rootCluster       the root directory's first cluster.
     * @param bufferXp          extended pointer on the FS buffer.
     * @param bufferSize        its bytes.
     * @param clusters          data clusters.
     */
    public record Fat(int fatSectors, int bytesPerSector, int sectorsPerCluster, int fatLba, int dataLba,
        int rootCluster, long bufferXp, int bufferSize, int clusters)
    {
    }

    /**
     * {@code vfs_ctx_t}.
     *
     * @param type          the file system type.
     * @param clusterSize   bytes per cluster.
     * @param totalClusters data clusters.
     * @param extend        local address of the FAT32 context.
     * @param rootXp        extended pointer on the root inode.
     * @param dentries      local address of the dentry block.
     * @param dentriesSize  its bytes.
     */
    public record Ctx(int type, int clusterSize, int totalClusters, int extend, long rootXp, int dentries,
        int dentriesSize)
    {
    }

    /**
     * {@code vfs_inode_t}.
     *
     * @param address    its local address.
     * @param magic      its magic.
     * @param type       file or directory.
     * @param cluster    its first FAT cluster.
     * @param size       bytes.
     * @param childrenNr its children count.
     * @param next       the children list's first entry.
     * @param ctx        local address of its VFS context.
     */
    public record Inode(int address, int magic, int type, int cluster, int size, int childrenNr, int next, int ctx)
    {
    }

    /**
     * {@code vfs_dentry_t}.
     *
     * @param address its local address.
     * @param magic   its magic.
     * @param parent  local address of its parent inode.
     * @param next    its list entry's next.
     * @param prev    its list entry's prev.
     * @param child   local address of its child inode (0: not looked up).
     * @param cluster the child's first FAT cluster.
     * @param size    the child's bytes.
     * @param type    the child's type.
     * @param name    its name.
     */
    public record Dentry(int address, int magic, int parent, int next, int prev, int child, int cluster, int size,
        int type, String name)
    {
    }

    /** @return the names of the root's entries, in list order. */
    public List<String> names()
    {
        return dentries.stream().map(Dentry::name).toList();
    }

    /**
     * @param raw  access to memory.
     * @param syms where the kernel's objects are.
     * @param cxy  the cluster.
     * @return what its memory holds.
     */
    public static VfsRoot read(final KernelMemory.Raw raw, final KernelSymbols syms, final int cxy)
    {
        final AtomicBuffer f = raw.window(cxy, syms.fatfsCtx(), FatfsContext.SIZE);
        final Fat fat = new Fat(f.getInt(FatfsContext.FAT_SECTORS), f.getInt(FatfsContext.BYTES_PER_SECTOR),
            f.getInt(FatfsContext.SECTORS_PER_CLUSTER), f.getInt(FatfsContext.FAT_LBA),
            f.getInt(FatfsContext.DATA_LBA), f.getInt(FatfsContext.ROOT_CLUSTER), f.getLong(FatfsContext.BUFFER_XP),
            f.getInt(FatfsContext.BUFFER_SIZE), f.getInt(FatfsContext.CLUSTERS));
        final AtomicBuffer c = raw.window(cxy, syms.vfsCtx(), VfsContext.SIZE);
        final Ctx ctx = new Ctx(c.getInt(VfsContext.TYPE), c.getInt(VfsContext.CLUSTER_SIZE),
            c.getInt(VfsContext.TOTAL_CLUSTERS), c.getInt(VfsContext.EXTEND), c.getLong(VfsContext.ROOT_XP),
            c.getInt(VfsContext.DENTRIES), c.getInt(VfsContext.DENTRIES_SIZE));
        final int at = syms.vfsRoot();
        final AtomicBuffer i = raw.window(cxy, at, VfsInode.SIZE);
        final Inode root = new Inode(at, i.getInt(VfsInode.MAGIC_AT), i.getInt(VfsInode.TYPE),
            i.getInt(VfsInode.EXTEND), i.getInt(VfsInode.SIZE_AT), i.getInt(VfsInode.CHILDREN_NR),
            i.getInt(VfsInode.CHILDREN), i.getInt(VfsInode.CTX));
        final int head = at + VfsInode.CHILDREN;
        final List<Dentry> dentries = new ArrayList<>();
        for (int link = root.next(); link != head && link != 0 && dentries.size() < MAX_WALK; )
        {
            final int d = link - VfsDentry.LIST;
            final AtomicBuffer w = raw.window(cxy, d, VfsDentry.SIZE);
            final int length = Math.max(0, Math.min(VfsDentry.NAME_MAX, w.getInt(VfsDentry.LENGTH)));
            final byte[] name = new byte[length];
            w.getBytes(VfsDentry.NAME, name);
            final Dentry e = new Dentry(d, w.getInt(VfsDentry.MAGIC_AT), w.getInt(VfsDentry.PARENT),
                w.getInt(VfsDentry.LIST), w.getInt(VfsDentry.LIST + 4), w.getInt(VfsDentry.CHILD),
                w.getInt(VfsDentry.CLUSTER), w.getInt(VfsDentry.SIZE_AT), w.getInt(VfsDentry.TYPE),
                new String(name, StandardCharsets.UTF_8));
            dentries.add(e);
            link = e.next();
        }
        return new VfsRoot(cxy, fat, ctx, root, List.copyOf(dentries));
    }
}
