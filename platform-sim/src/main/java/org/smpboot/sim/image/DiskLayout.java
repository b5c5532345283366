package org.smpboot.sim.image;

/**
 * Where the simulator's disk image puts what the preloader and boot-loader read.
 * <p>
 * The volume is FAT32 with {@link #RESERVED_SECTORS} reserved sectors. Sectors 0 (boot sector), 1 (FSInfo),
 * 6 (backup boot sector) and 7 (backup FSInfo) are FAT32's; {@code boot.elf} is stored raw, outside any file, from
 * block {@link #BOOT_ELF_BLOCK} for at most {@link #BOOT_ELF_MAX_BLOCKS} blocks, zero padded, where the preloader
 * reads it without a file system. The real TSAR preloader reads it at LBA 2 ({@code RESET_LOADER_LBA}) of a disk that
 * is not FAT32 there; on a FAT32 volume LBA 2..5 is too small (sector 6 is the backup boot sector), so the simulator's
 * preloader reads this constant instead. The reserved area is skipped by fsck.fat and the mtools, so user files
 * never overwrite boot.elf. {@code arch_info.bin} and {@code kernel.elf} are ordinary files of the root directory.
 */
public final class DiskLayout
{
    /** Bytes per block (sector). */
    public static final int BLOCK_SIZE = 512;
    /** First block of the raw boot.elf: 1 MiB into the disk. */
    public static final int BOOT_ELF_BLOCK = 2048;
    /** Blocks kept for the raw boot.elf: 1 MiB, the boot-loader zone's size. */
    public static final int BOOT_ELF_MAX_BLOCKS = 2048;
    /** FAT32 reserved sectors: everything up to the end of the boot.elf area. */
    public static final int RESERVED_SECTORS = BOOT_ELF_BLOCK + BOOT_ELF_MAX_BLOCKS;
    /** The FSInfo sector. */
    public static final int FSINFO_SECTOR = 1;
    /** The backup boot sector (and FSInfo after it). */
    public static final int BACKUP_BOOT_SECTOR = 6;
    /** Smallest volume: FAT32 needs 65525 clusters beyond the 2 MiB reserved area and the FATs. */
    public static final int MIN_SIZE_MB = 35;
    /** Largest volume this writer makes (one sector per cluster keeps every FAT under 8 MiB). */
    public static final int MAX_SIZE_MB = 1024;
    /** Default volume size. */
    public static final int DEFAULT_SIZE_MB = 64;
    /** Default volume label. */
    public static final String LABEL = "SMPBOOT";
    /** Name of the kernel file in the root directory. */
    public static final String KERNEL_FILE = "kernel.elf";
    /** Name of the platform description file in the root directory. */
    public static final String ARCH_INFO_FILE = "arch_info.bin";

    private DiskLayout()
    {
    }
}
