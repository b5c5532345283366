package org.smpboot.sim.kernel;

/**
 * The layout of a process descriptor ({@code process_t}) as kernel_init builds {@code process_zero}, the kernel
 * process replicated in every cluster (D3), whose threads are the cluster's idle threads (linked in by D5). The list
 * of threads is circular and doubly linked ({@code list_entry_t}), its links the 32-bit local addresses of the
 * entries: the root here, or the {@code list} field of a {@link ThreadDescriptor}.
 * <table>
 * <caption>{@code process_t} ({@value #SIZE} bytes)</caption>
 * <tr><th>offset</th><th>field</th></tr>
 * <tr><td>0x00</td><td>{@code pid}: 0 for process_zero</td></tr>
 * <tr><td>0x04</td><td>{@code cxy}: the owner cluster</td></tr>
 * <tr><td>0x08</td><td>{@code th_nr}: threads in the list</td></tr>
 * <tr><td>0x0C</td><td>{@code th_lock}: 0 free, 1 held (CAS 0 to 1, volatile store 0); guards th_nr and the list</td></tr>
 * <tr><td>0x10</td><td>{@code th_root.next}: local address of the first thread's list entry (the root's own address
 * when empty)</td></tr>
 * <tr><td>0x14</td><td>{@code th_root.prev}: the last thread's</td></tr>
 * </table>
 */
public final class ProcessDescriptor
{
    /** Offset of pid. */
    public static final int PID = 0x00;
    /** Offset of the owner cluster. */
    public static final int CXY = 0x04;
    /** Offset of the thread count. */
    public static final int TH_NR = 0x08;
    /** Offset of the lock of the thread list. */
    public static final int TH_LOCK = 0x0C;
    /** Offset of the root of the thread list (next, then prev). */
    public static final int TH_ROOT = 0x10;
    /** Bytes of the descriptor. */
    public static final int SIZE = 0x18;

    private ProcessDescriptor()
    {
    }
}
