package org.smpboot.sim.kernel;

/**
 * The layout of a thread descriptor ({@code thread_t}) as D5 of kernel_init writes each core's idle thread into
 * {@code idle_threads} (one slot of {@link KernelSymbols#IDLE_SIZE} bytes per lid, after boot_info). Its kernel stack
 * is a block of its own cluster's page manager ({@link PageManager}); its list entry links it into its cluster's
 * process_zero ({@link ProcessDescriptor}).
 * <table>
 * <caption>{@code thread_t} ({@value #SIZE} bytes used)</caption>
 * <tr><th>offset</th><th>field</th></tr>
 * <tr><td>0x00</td><td>{@code trdid}: cxy &lt;&lt; 16 | lid (ALMOS-MKH's TRDID of the cluster and local index)</td></tr>
 * <tr><td>0x04</td><td>{@code type}: {@link #THREAD_IDLE}</td></tr>
 * <tr><td>0x08</td><td>{@code core gid}: the core it runs on</td></tr>
 * <tr><td>0x0C</td><td>{@code core lid}</td></tr>
 * <tr><td>0x10</td><td>{@code cxy}: its cluster</td></tr>
 * <tr><td>0x14</td><td>{@code process}: local address of its process descriptor (process_zero)</td></tr>
 * <tr><td>0x18</td><td>{@code k_stack_base}: local address of its kernel stack</td></tr>
 * <tr><td>0x1C</td><td>{@code k_stack_size}: bytes</td></tr>
 * <tr><td>0x20</td><td>{@code list.next}: local address of the next entry of process_zero's thread list</td></tr>
 * <tr><td>0x24</td><td>{@code list.prev}</td></tr>
 * </table>
 */
public final class ThreadDescriptor
{
    /** ALMOS-MKH's thread type of an idle thread (USER 0, RPC 1, DEV 2, IDLE 3). */
    public static final int THREAD_IDLE = 3;
    /** Offset of trdid. */
    public static final int TRDID = 0x00;
    /** Offset of the type. */
    public static final int TYPE = 0x04;
    /** Offset of the core's gid. */
    public static final int GID = 0x08;
    /** Offset of the core's lid. */
    public static final int LID = 0x0C;
    /** Offset of the cluster. */
    public static final int CXY = 0x10;
    /** Offset of the process pointer. */
    public static final int PROCESS = 0x14;
    /** Offset of the kernel stack's base. */
    public static final int STACK_BASE = 0x18;
    /** Offset of the kernel stack's size. */
    public static final int STACK_SIZE = 0x1C;
    /** Offset of the list entry (next, then prev). */
    public static final int LIST = 0x20;
    /** Bytes used. */
    public static final int SIZE = 0x28;

    private ThreadDescriptor()
    {
    }

    /**
     * @param cxy a cluster.
     * @param lid a core's local index.
     * @return the trdid of that core's idle thread.
     */
    public static int trdid(final int cxy, final int lid)
    {
        return cxy << 16 | lid;
    }
}
