package org.smpboot.sim.kernel;

/**
 * The layout of a core descriptor ({@code core_t}) in {@code core_descriptors}: one slot of
 * {@link KernelSymbols#CORE_SIZE} bytes per core of the cluster, in boot_info's order, written by the CP0 in D3
 * (the idle thread's pointer by the core itself in D5).
 * <table>
 * <caption>{@code core_t}</caption>
 * <tr><th>offset</th><th>field</th></tr>
 * <tr><td>0x00</td><td>{@code gid}</td></tr>
 * <tr><td>0x04</td><td>{@code lid}</td></tr>
 * <tr><td>0x08</td><td>{@code cxy}</td></tr>
 * <tr><td>0x0C</td><td>{@code ipi_wti}: the WTI mailbox of its IPIs (its index in boot_info)</td></tr>
 * <tr><td>0x10</td><td>{@code idle}: local address of its idle thread descriptor, 0 before D5</td></tr>
 * </table>
 */
public final class CoreDescriptor
{
    /** Offset of gid. */
    public static final int GID = 0x00;
    /** Offset of lid. */
    public static final int LID = 0x04;
    /** Offset of the cluster. */
    public static final int CXY = 0x08;
    /** Offset of the IPI mailbox. */
    public static final int IPI_WTI = 0x0C;
    /** Offset of the idle thread pointer. */
    public static final int IDLE = 0x10;

    private CoreDescriptor()
    {
    }
}
