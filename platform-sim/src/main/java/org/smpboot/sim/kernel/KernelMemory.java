package org.smpboot.sim.kernel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.smpboot.sim.image.BootInfo;

/**
 * What kernel_init left in each cluster's memory, read back after the boot through raw (uncounted) windows: the page
 * manager (a copy of its header and descriptor array, read with {@link PageManager}), process_zero with its thread
 * list as the links give it, the idle thread each core descriptor points at, the cluster's copy of the chdev directory
 * ({@link ChdevDirectory}) and its mounted file system ({@link VfsRoot}). Reports and tests read the kernel's
 * structures here, never a Java copy kept beside them.
 */
public final class KernelMemory
{
    /** Raw access to a cluster's memory after the boot. */
    @FunctionalInterface
    public interface Raw
    {
        /**
         * @param cxy     a cluster.
         * @param address a local address.
         * @param length  bytes.
         * @return a raw window over them.
         */
        AtomicBuffer window(int cxy, int address, int length);
    }

    /**
     * An idle thread descriptor ({@link ThreadDescriptor}) as memory holds it.
     *
     * @param address   its local address.
     * @param trdid     thread id.
     * @param type      thread type.
     * @param gid       its core's gid.
     * @param lid       its core's lid.
     * @param cxy       its cluster.
     * @param process   local address of its process.
     * @param stackBase local address of its kernel stack.
     * @param stackSize bytes of its kernel stack.
     */
    public record IdleThread(int address, int trdid, int type, int gid, int lid, int cxy, int process, int stackBase,
        int stackSize)
    {
    }

    /**
     * process_zero ({@link ProcessDescriptor}) as memory holds it.
     *
     * @param address its local address.
     * @param pid     pid.
     * @param cxy     owner cluster.
     * @param thNr    its thread count.
     * @param threads the thread descriptors its list links (an unmodifiable list), in list order (their addresses: list entry minus
     *                {@link ThreadDescriptor#LIST}); more than the cluster's cores when the list does not come back to
     *                its root.
     */
    public record ProcessZero(int address, int pid, int cxy, int thNr, List<Integer> threads)
    {
    }

    /**
     * One cluster's kernel structures.
     *
     * @param cxy         the cluster.
     * @param ppm         its page manager, over a copy of its header and descriptors.
     * @param processZero its process_zero.
     * @param idle        the idle thread of each core descriptor, in boot_info's order (an unmodifiable list).
     * @param chdevDir    the non-empty entries of its copy of the chdev directory, in slot order.
     * @param vfs         its mounted file system.
     */
    public record Cluster(int cxy, PageManager ppm, ProcessZero processZero, List<IdleThread> idle,
        List<ChdevDirectory.Entry> chdevDir, VfsRoot vfs)
    {
    }

    private final Map<Integer, Cluster> clusters;

    private KernelMemory(final Map<Integer, Cluster> clusters)
    {
        this.clusters = Collections.unmodifiableMap(clusters);
    }

    /**
     * Reads the kernel structures of some clusters.
     *
     * @param syms     where kernel.elf's objects are.
     * @param clusters the clusters whose kernel ran.
     * @param raw      access to their memory.
     * @return what they hold.
     */
    public static KernelMemory read(final KernelSymbols syms, final Collection<Integer> clusters, final Raw raw)
    {
        final Map<Integer, Cluster> read = new TreeMap<>();
        for (final int cxy : clusters)
        {
            read.put(cxy, cluster(syms, cxy, raw));
        }
        return new KernelMemory(read);
    }

    private static Cluster cluster(final KernelSymbols syms, final int cxy, final Raw raw)
    {
        final AtomicBuffer header = copy(raw.window(cxy, syms.ppm(), PageManager.HEADER_SIZE));
        final int pagesNr = header.getInt(PageManager.PAGES_NR);
        final int tbl = header.getInt(PageManager.PAGES_TBL);
        final PageManager ppm = new PageManager(String.format("ppm[0x%02x]", cxy)).wrap(header, syms.ppm(),
            copy(raw.window(cxy, tbl, PageManager.tableBytes(pagesNr))));
        final BootInfo info = new BootInfo().wrap(raw.window(cxy, syms.kdata(), BootInfo.LENGTH), 0);
        final int cores = info.coresNr();
        final List<IdleThread> idle = new ArrayList<>();
        for (int i = 0; i < cores; i++)
        {
            final int at = lw(raw, cxy, syms.coreDescriptors() + i * KernelSymbols.CORE_SIZE + CoreDescriptor.IDLE);
            final AtomicBuffer t = raw.window(cxy, at, ThreadDescriptor.SIZE);
            idle.add(new IdleThread(at, t.getInt(ThreadDescriptor.TRDID), t.getInt(ThreadDescriptor.TYPE),
                t.getInt(ThreadDescriptor.GID), t.getInt(ThreadDescriptor.LID), t.getInt(ThreadDescriptor.CXY),
                t.getInt(ThreadDescriptor.PROCESS), t.getInt(ThreadDescriptor.STACK_BASE),
                t.getInt(ThreadDescriptor.STACK_SIZE)));
        }
        final int p0 = syms.processZero();
        final AtomicBuffer p = raw.window(cxy, p0, ProcessDescriptor.SIZE);
        final int root = p0 + ProcessDescriptor.TH_ROOT;
        final List<Integer> threads = new ArrayList<>();
        for (int at = p.getInt(ProcessDescriptor.TH_ROOT); at != root && threads.size() <= cores;
            at = lw(raw, cxy, at))
        {
            threads.add(at - ThreadDescriptor.LIST);
        }
        final ProcessZero process = new ProcessZero(p0, p.getInt(ProcessDescriptor.PID),
            p.getInt(ProcessDescriptor.CXY), p.getInt(ProcessDescriptor.TH_NR), List.copyOf(threads));
        return new Cluster(cxy, ppm, process, List.copyOf(idle), List.copyOf(ChdevDirectory.read(raw, syms, cxy)),
            VfsRoot.read(raw, syms, cxy));
    }

    private static int lw(final Raw raw, final int cxy, final int address)
    {
        return raw.window(cxy, address, 4).getInt(0);
    }

    private static AtomicBuffer copy(final AtomicBuffer b)
    {
        final byte[] bytes = new byte[b.capacity()];
        b.getBytes(0, bytes);
        return new UnsafeBuffer(bytes);
    }

    /** @return every cluster read, by cxy. */
    public Map<Integer, Cluster> clusters()
    {
        return clusters;
    }

    /**
     * @param cxy a cluster.
     * @return its structures, or null when it was not read.
     */
    public Cluster cluster(final int cxy)
    {
        return clusters.get(cxy);
    }
}
