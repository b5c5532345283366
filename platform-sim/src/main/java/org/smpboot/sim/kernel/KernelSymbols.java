package org.smpboot.sim.kernel;

import org.smpboot.sim.image.ElfImage;

/**
 * Where kernel.elf's objects run: the addresses of its kdata objects and functions minus the layout's shift (the
 * almos-mk kernel runs 0x4000 below its link addresses), the same in every cluster.
 *
 * @param kdata           kdata, where boot_info is.
 * @param localCxy        {@code local_cxy}.
 * @param idleThreads     {@code idle_threads}, one {@link ThreadDescriptor} slot of {@link #IDLE_SIZE} bytes per core.
 * @param localBarrier    {@code local_barrier}.
 * @param globals         {@code kernel_globals}.
 * @param processZero     {@code process_zero}, a {@link ProcessDescriptor}.
 * @param ppm             {@code ppm}, the header of the cluster's {@link PageManager}.
 * @param coreDescriptors {@code core_descriptors}, {@link #CORE_SIZE} bytes per core ({@link CoreDescriptor}).
 * @param chdevDir        {@code chdev_dir}, the {@link ChdevDirectory} of the cluster.
 * @param chdevs          {@code chdevs}, {@link Chdev#SIZE} bytes per chdev hosted in the cluster.
 * @param chdevsSize      bytes of {@code chdevs}.
 * @param fatfsCtx        {@code fatfs_ctx}, a {@link FatfsContext}.
 * @param vfsCtx          {@code vfs_ctx}, a {@link VfsContext}.
 * @param vfsRoot         {@code vfs_root}, the root {@link VfsInode}.
 * @param globalBarrier   {@code global_barrier}.
 * @param globalRoom      bytes of {@code global_barrier}.
 * @param idleFunc        {@code thread_idle_func}.
 */
public record KernelSymbols(int kdata, int localCxy, int idleThreads, int localBarrier, int globals, int processZero,
    int ppm, int coreDescriptors, int chdevDir, int chdevs, int chdevsSize, int fatfsCtx, int vfsCtx, int vfsRoot,
    int globalBarrier, int globalRoom,
    int idleFunc)
{
    /** Bytes of an idle thread descriptor. */
    public static final int IDLE_SIZE = 0x600;
    /** Bytes of a core descriptor. */
    public static final int CORE_SIZE = 64;
    /** {@code kernel_globals}: the TXT0 lock word (cluster 0's copy). */
    public static final int TXT0_LOCK = 0x00;
    /** {@code kernel_globals}: TXT0 initialised, 1 when the TXT0 chdev exists (cluster 0's copy). */
    public static final int TXT0_READY = 0x40;
    /** {@code kernel_globals}: clusters whose every core has ticked (cluster 0's copy). */
    public static final int TICKED_CLUSTERS = 0x80;
    /** {@code kernel_globals}: cores counted by those clusters (cluster 0's copy). */
    public static final int TICKED_CORES = 0xC0;
    /** {@code kernel_globals}: cores of this cluster that have ticked (each cluster's copy). */
    public static final int LOCAL_TICKED = 0x100;
    /** {@code kernel_globals}: next free WTI of this cluster's XCU (each cluster's copy). */
    public static final int NEXT_WTI = 0x140;
    /** {@code kernel_globals}: chdevs hosted in this cluster (each cluster's copy). */
    public static final int CHDEV_COUNT = 0x180;

    /**
     * @param kernel kernel.elf.
     * @param shift  link address minus run address.
     * @return its objects' run addresses.
     */
    public static KernelSymbols of(final ElfImage kernel, final int shift)
    {
        return new KernelSymbols(at(kernel, "kdata", shift), at(kernel, "local_cxy", shift),
            at(kernel, "idle_threads", shift), at(kernel, "local_barrier", shift), at(kernel, "kernel_globals", shift),
            at(kernel, "process_zero", shift), at(kernel, "ppm", shift), at(kernel, "core_descriptors", shift),
            at(kernel, "chdev_dir", shift), at(kernel, "chdevs", shift), size(kernel, "chdevs"),
            at(kernel, "fatfs_ctx", shift), at(kernel, "vfs_ctx", shift), at(kernel, "vfs_root", shift),
            at(kernel, "global_barrier", shift),
            size(kernel, "global_barrier"), at(kernel, "thread_idle_func", shift));
    }

    private static int at(final ElfImage kernel, final String name, final int shift)
    {
        return kernel.address(name) - shift;
    }

    private static int size(final ElfImage kernel, final String name)
    {
        return kernel.symbols().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().size();
    }
}
