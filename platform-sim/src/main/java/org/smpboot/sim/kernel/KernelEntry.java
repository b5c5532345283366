package org.smpboot.sim.kernel;

/**
 * What a core carries into {@code kernel_init(boot_info)}: the boot's result for that core.
 *
 * @param gid      its hardware id.
 * @param cxy      the cluster it found itself in (arch_info's core table).
 * @param lid      its local index.
 * @param sp       its boot stack pointer.
 * @param dataExt  its DATA extension register.
 * @param instExt  its INSTRUCTION extension register.
 * @param bootInfo the 32-bit address of boot_info it passes (in its cluster, {@code a0}).
 */
public record KernelEntry(int gid, int cxy, int lid, int sp, int dataExt, int instExt, int bootInfo)
{
}
