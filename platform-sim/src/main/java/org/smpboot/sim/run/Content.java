package org.smpboot.sim.run;

/** What the memory map recognises in a cluster's memory, by comparing it byte for byte with what it should be. */
public enum Content
{
    /** The preloader's code, at 0x0. */
    PRELOADER("preloader code"),
    /** kcode and kdata at their final address. */
    KERNEL("kernel kcode+kdata"),
    /** kcode and kdata at their link address, before almos-mk moves them to 0x0. */
    KERNEL_STAGED("kernel kcode+kdata (staged)"),
    /** A boot_info describing this cluster, at the start of kdata. */
    BOOT_INFO("boot_info"),
    /** boot.elf's code and data. */
    BOOT_LOADER("boot.elf code+data"),
    /** The arch_info.bin file. */
    ARCH_INFO("arch_info.bin"),
    /** The kernel.elf file. */
    KERNEL_ELF("kernel.elf file"),
    /** One or more boot stacks in use. */
    STACKS("boot stacks"),
    /** The elected flavor's boot block, published by a leader (MAGIC2 and a matching boot_check). */
    ELECTION("election boot block (MAGIC2, published) and stack pools"),
    /** The elected flavor's arrival roll, which the leader cleared before it published the boot block. */
    ARRIVAL_ROLL("election arrival roll (a mark and a heartbeat per gid)"),
    /** kernel_init D3's page descriptor array, at the first free page (the ppm header in kdata points at it). */
    PAGE_DESCRIPTORS("ppm page descriptors"),
    /** kernel_init D5's idle thread kernel stacks, blocks allocated from the cluster's page manager. */
    IDLE_STACKS("idle thread stacks"),
    /** kernel_init D4's chdev directory in kdata, with at least one entry. */
    CHDEV_DIR("chdev_dir"),
    /** kernel_init D6's FAT32 context, VFS context and root inode in kdata, and its block of root dentries. */
    VFS("FAT32 context, VFS root and dentries"),
    /** kernel_init D6's FS buffer, in the I/O cluster: a block of its page manager the FAT32 context points at. */
    FS_BUFFER("FAT32 FS buffer");

    private final String label;

    Content(final String label)
    {
        this.label = label;
    }

    /** @return how maps print it. */
    public String label()
    {
        return label;
    }
}
